import { offeredExcept } from '../../checks/offered.js';

/**
 * Amazon Macie (macie2) has no endpoint in these regions, by AWS's published endpoint metadata (botocore
 * 1.43.67); AWS Config's Macie rules are not offered there either. Elsewhere in those regions a Macie read
 * that cannot resolve its endpoint is "not offered" (checks/offered.ts), never "not enabled".
 */
export const MACIE = offeredExcept('Amazon Macie', 'macie2:', [
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-2',
  'me-central-1',
  'mx-central-1',
]);
