/**
 * Amazon Inspector (v2): BatchGetAccountStatus for the audited account, per region.
 */
import type { BatchGetAccountStatusCommandOutput } from '@aws-sdk/client-inspector2';
import type { AwsSession } from '../aws/gateway.js';
import { OPS } from '../aws/operations.js';
import type { AwsError, ErrorKind, InspectorEvidence, Observed } from '../evidence/schema.js';
import { perRegion, unparseable } from './util.js';

export type InspectorRegion = InspectorEvidence[string] extends Observed<infer T> ? T : never;

/** failedAccounts[].errorCode → our error kind. */
export function failedAccountKind(code: string): ErrorKind {
  if (code === 'ACCESS_DENIED') return 'access-denied';
  if (code === 'INTERNAL_ERROR') return 'server-error';
  if (code.endsWith('THROTTLED')) return 'throttled';
  if (code === 'RESOURCE_NOT_FOUND') return 'not-found';
  return 'other';
}

export function interpretAccountStatus(
  o: Pick<BatchGetAccountStatusCommandOutput, 'accounts' | 'failedAccounts'>,
  accountId: string,
): Observed<InspectorRegion> {
  const action = OPS.batchGetAccountStatus.iamAction;
  const acct = (o.accounts ?? []).find((a) => a.accountId === accountId);
  if (acct) {
    const status = acct.state?.status;
    if (!status)
      return { ok: false, error: unparseable(action, 'BatchGetAccountStatus answered without state.status') };
    const rs = acct.resourceState;
    return {
      ok: true,
      value: {
        status,
        scanTypes: {
          ec2: rs?.ec2?.status ?? null,
          ecr: rs?.ecr?.status ?? null,
          lambda: rs?.lambda?.status ?? null,
          lambdaCode: rs?.lambdaCode?.status ?? null,
        },
      },
    };
  }
  const failed = (o.failedAccounts ?? []).find((a) => a.accountId === accountId);
  if (failed) {
    const code = failed.errorCode ?? 'UnknownError';
    const error: AwsError = {
      kind: failedAccountKind(code),
      code,
      message: failed.errorMessage ?? `BatchGetAccountStatus listed the account as failed (${code})`,
      action,
      httpStatus: null,
    };
    return { ok: false, error };
  }
  return {
    ok: false,
    error: unparseable(action, `BatchGetAccountStatus did not mention account ${accountId}`),
  };
}

export async function collectInspector(
  session: AwsSession,
  accountId: string,
  regions: readonly string[],
): Promise<InspectorEvidence> {
  return perRegion(regions, (region) => collectInspectorRegion(session, accountId, region));
}

export async function collectInspectorRegion(
  session: AwsSession,
  accountId: string,
  region: string,
): Promise<Observed<InspectorRegion>> {
  const res = await session.call(OPS.batchGetAccountStatus, region, { accountIds: [accountId] });
  return res.ok ? interpretAccountStatus(res.value, accountId) : res;
}
