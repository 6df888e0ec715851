/**
 * The check registry. Order is stable: by service in the order of SERVICES, then as listed per service.
 */
import { SERVICES } from '../evidence/schema.js';
import { cloudtrailCloudWatchLogs } from '../services/cloudtrail/checks/cloudwatch-logs.js';
import { cloudtrailEnabled } from '../services/cloudtrail/checks/enabled.js';
import { cloudtrailKmsEncryption } from '../services/cloudtrail/checks/kms-encryption.js';
import { cloudtrailLogValidation } from '../services/cloudtrail/checks/log-validation.js';
import { cloudtrailLogging } from '../services/cloudtrail/checks/logging.js';
import { cloudtrailManagementEvents } from '../services/cloudtrail/checks/management-events.js';
import { cloudtrailMultiRegion } from '../services/cloudtrail/checks/multi-region.js';
import { guarddutyEnabled } from '../services/guardduty/checks/enabled.js';
import { guarddutyProtectionPlans } from '../services/guardduty/checks/protection-plans.js';
import { inspectorEnabled } from '../services/inspector/checks/enabled.js';
import { inspectorScanTypes } from '../services/inspector/checks/scan-types.js';
import { macieEnabled } from '../services/macie/checks/enabled.js';
import { shieldAdvanced } from '../services/shield/checks/advanced.js';
import { trustedAdvisorSecurityChecks } from '../services/trustedadvisor/checks/security-checks.js';
import { wafAlb } from '../services/waf/checks/alb.js';
import { wafApiGateway } from '../services/waf/checks/api-gateway.js';
import { wafAppSync } from '../services/waf/checks/appsync.js';
import { wafCloudFront } from '../services/waf/checks/cloudfront.js';
import { wafCognito } from '../services/waf/checks/cognito.js';
import type { Check, CheckMeta } from './types.js';

const LISTED: readonly Check[] = [
  cloudtrailEnabled,
  cloudtrailMultiRegion,
  cloudtrailLogging,
  cloudtrailLogValidation,
  cloudtrailKmsEncryption,
  cloudtrailCloudWatchLogs,
  cloudtrailManagementEvents,
  trustedAdvisorSecurityChecks,
  inspectorEnabled,
  inspectorScanTypes,
  macieEnabled,
  guarddutyEnabled,
  guarddutyProtectionPlans,
  wafApiGateway,
  wafAlb,
  wafCloudFront,
  wafAppSync,
  wafCognito,
  shieldAdvanced,
];

/** Every check, ordered by service (SERVICES order) and then as listed. */
export const CHECKS: readonly Check[] = Object.freeze(
  SERVICES.flatMap((s) => LISTED.filter((c) => c.meta.service === s)),
);

const BY_ID: ReadonlyMap<string, CheckMeta> = new Map(CHECKS.map((c) => [c.meta.id, c.meta]));

export function checkMeta(id: string): CheckMeta | undefined {
  return BY_ID.get(id);
}
