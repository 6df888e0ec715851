import { offeredExcept } from '../../checks/offered.js';

/**
 * Amazon Inspector (inspector2) has no endpoint in Asia Pacific (New Zealand), by AWS's published endpoint
 * metadata (botocore 1.43.67) and the "Amazon Inspector endpoints and quotas" page as far as it could be read
 * on 2026-12-03. There an Inspector read that cannot resolve is "not offered" (checks/offered.ts).
 */
export const INSPECTOR = offeredExcept('Amazon Inspector', 'inspector2:', ['ap-southeast-6']);
