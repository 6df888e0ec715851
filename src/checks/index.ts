/**
 * The check registry. Order is stable: by service in the order of SERVICES, then as listed per service.
 */
import { SERVICES } from '../evidence/schema.js';
import { cloudtrailCloudWatchLogs } from './cloudtrail/cloudwatch-logs.js';
import { cloudtrailEnabled } from './cloudtrail/enabled.js';
import { cloudtrailKmsEncryption } from './cloudtrail/kms-encryption.js';
import { cloudtrailLogValidation } from './cloudtrail/log-validation.js';
import { cloudtrailLogging } from './cloudtrail/logging.js';
import { cloudtrailManagementEvents } from './cloudtrail/management-events.js';
import { cloudtrailMultiRegion } from './cloudtrail/multi-region.js';
import { guarddutyEnabled } from './guardduty/enabled.js';
import { guarddutyProtectionPlans } from './guardduty/protection-plans.js';
import { inspectorEnabled } from './inspector/enabled.js';
import { inspectorScanTypes } from './inspector/scan-types.js';
import { macieEnabled } from './macie/enabled.js';
import { shieldAdvanced } from './shield/advanced.js';
import { trustedAdvisorSecurityChecks } from './trustedadvisor/security-checks.js';
import type { Check, CheckMeta } from './types.js';
import { wafAlb } from './waf/alb.js';
import { wafApiGateway } from './waf/api-gateway.js';
import { wafAppSync } from './waf/appsync.js';
import { wafCloudFront } from './waf/cloudfront.js';
import { wafCognito } from './waf/cognito.js';

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
