/** Hand-built bundles and results for the finding tests. */

import type { AwsError } from '../../src/evidence/observed.js';
import type { AccountEvidence, Bundle, Result } from '../../src/evidence/schema.js';
import type { Status } from '../../src/evidence/status.js';
import type { ServiceId } from '../../src/services/registry.js';

export const ACCOUNT = '111122223333';
export const REGIONS = ['eu-west-1', 'eu-west-2', 'us-east-1'];

export function account(overrides: Partial<AccountEvidence> = {}): AccountEvidence {
  return {
    accountId: ACCOUNT,
    partition: 'aws',
    callerArn: `arn:aws:iam::${ACCOUNT}:role/audit`,
    regionListing: { ok: true, value: { enabled: REGIONS, skipped: [] } },
    scannedRegions: REGIONS,
    unavailableRegions: [],
    accessError: null,
    ...overrides,
  };
}

export function bundle(accounts: AccountEvidence[] = [account()]): Bundle {
  return {
    schemaVersion: 1,
    tool: { name: 'watchpost', version: '0.1.0' },
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:01:00.000Z',
    complete: true,
    partition: 'aws',
    accounts,
    calls: { calls: 0, retries: 0, errors: 0, byOperation: {} },
  };
}

const SERVICE_OF = (checkId: string) => checkId.split('.')[0] as ServiceId;

export function result(
  checkId: string,
  status: Status,
  region = 'global',
  resource: string | null = null,
  data: Result['data'] = {},
  detail = `${checkId} is ${status} in ${region}.`,
): Result {
  return {
    checkId,
    service: SERVICE_OF(checkId),
    accountId: ACCOUNT,
    region,
    resource,
    status,
    detail,
    cause: null,
    data,
  };
}

export function denied(
  checkId: string,
  region: string,
  action: string,
  resource: string | null = null,
): Result {
  const error: AwsError = {
    kind: 'access-denied',
    code: 'AccessDeniedException',
    message: 'denied',
    action,
    httpStatus: 403,
  };
  return {
    ...result(checkId, 'unknown', region, resource),
    detail: `Could not determine ${checkId}.`,
    cause: { kind: error.kind, code: error.code, action: error.action, message: error.message },
  };
}

export function subscriptionRequired(): Result {
  return {
    ...result('trustedadvisor.security-checks', 'unknown', 'global'),
    cause: {
      kind: 'subscription-required',
      code: 'SubscriptionRequiredException',
      action: 'support:DescribeTrustedAdvisorChecks',
      message: 'Amazon Web Services Premium Support Subscription is required to use this service.',
    },
    data: { supportPlanRequired: true },
  };
}

/** Every regional "enabled" check passing and everything else fine, for all REGIONS. */
export function allFine(): Result[] {
  const out: Result[] = [];
  out.push(result('cloudtrail.multi-region', 'pass'));
  out.push(result('cloudtrail.management-events', 'pass'));
  for (const r of REGIONS) out.push(result('cloudtrail.enabled', 'pass', r));
  const trail = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail`;
  for (const id of ['logging', 'log-validation', 'kms-encryption', 'cloudwatch-logs'])
    out.push(result(`cloudtrail.${id}`, 'pass', 'us-east-1', trail));
  out.push(result('trustedadvisor.security-checks', 'pass', 'global', 'IAM Access Key Rotation'));
  for (const r of REGIONS) {
    out.push(result('inspector.enabled', 'pass', r));
    out.push(result('inspector.scan-types', 'pass', r));
    out.push(result('macie.enabled', r === 'eu-west-1' ? 'pass' : 'not_applicable', r));
    out.push(result('guardduty.enabled', 'pass', r));
    out.push(result('guardduty.protection-plans', 'pass', r));
    out.push(result('waf.alb', 'not_applicable', r));
  }
  out.push(result('waf.cloudfront', 'pass', 'global', 'arn:aws:cloudfront::111122223333:distribution/E1ABC'));
  out.push(result('shield.advanced', 'not_applicable'));
  return out;
}

/** Replaces results matching (checkId, region, resource) with the given ones. */
export function replace(base: Result[], ...next: Result[]): Result[] {
  const key = (r: Result) => `${r.checkId}|${r.region}|${r.resource}`;
  const drop = new Set(next.map(key));
  return [...base.filter((r) => !drop.has(key(r))), ...next];
}
