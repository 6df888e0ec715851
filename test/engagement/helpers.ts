import type { Result } from '../../src/evidence/schema.js';
import type { Status } from '../../src/evidence/status.js';
import type { ServiceId } from '../../src/services/registry.js';

export const ACCOUNT_A = '111111111111';
export const ACCOUNT_B = '222222222222';

/** A result as the runner writes it (the service is the check id's prefix). */
export function res(
  checkId: string,
  status: Status,
  region = 'global',
  resource: string | null = null,
  accountId = ACCOUNT_A,
): Result {
  return {
    checkId,
    service: checkId.split('.')[0] as ServiceId,
    accountId,
    region,
    resource,
    status,
    detail: `${checkId} is ${status} in ${region}${resource ? ` for ${resource}` : ''}.`,
    cause:
      status === 'unknown'
        ? { kind: 'access-denied', code: 'AccessDeniedException', action: 'svc:Read', message: 'denied' }
        : null,
    data: { marker: `${checkId}/${region}/${resource ?? '-'}` },
  };
}

/** The accept-file example of issue 14, verbatim. */
export const ISSUE_EXAMPLE = `accept:
  - check: guardduty.enabled      # glob over check ids
    account: "*"                  # optional, default every account
    region: eu-west-2             # optional glob, "global" for account-level results
    resource: "*"                 # optional glob
    reason: region unused, blocked by an SCP
    by: client security team
    expires: 2027-06-30           # required
    control: optional compensating control
`;
