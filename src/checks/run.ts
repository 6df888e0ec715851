/**
 * Runs every check on every account of a bundle. Deterministic: no clock, no randomness, stable order.
 */
import { compareRegions } from '../evidence/regions.js';
import type { Bundle, Result } from '../evidence/schema.js';
import { CHECKS, checkRank, SERVICES, type ServiceId, serviceModule } from '../services/registry.js';
import { withOffer } from './offered.js';
import { type CheckDefinition, causeOf, describeError, type Verdict } from './types.js';

const SERVICE_RANK = new Map<ServiceId, number>(SERVICES.map((s, i) => [s, i]));

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The runner's total order on results. */
export function compareResults(a: Result, b: Result): number {
  return (
    cmp(a.accountId, b.accountId) ||
    (SERVICE_RANK.get(a.service) ?? 99) - (SERVICE_RANK.get(b.service) ?? 99) ||
    (checkRank(a.checkId) ?? 999) - (checkRank(b.checkId) ?? 999) ||
    compareRegions(a.region, b.region) ||
    (a.resource === null
      ? b.resource === null
        ? 0
        : -1
      : b.resource === null
        ? 1
        : cmp(a.resource, b.resource))
  );
}

/** A check's verdicts on an account, with "not offered" where AWS has no endpoint (checks/offered.ts). */
export function evaluateCheck(check: CheckDefinition, account: Bundle['accounts'][number]): Verdict[] {
  const verdicts = check.evaluate(account);
  const offer = check.meta.offeredIn ?? serviceModule(check.meta.service).offeredIn;
  return offer ? verdicts.map((v) => withOffer(account, v, offer)) : verdicts;
}

function evaluateSafely(check: CheckDefinition, account: Bundle['accounts'][number]): Verdict[] {
  if (account.accessError) {
    const e = account.accessError;
    return [
      {
        region: check.meta.scope === 'account' ? 'global' : '*',
        resource: null,
        status: 'unknown',
        detail: `Could not assess the account: ${describeError(e)}.`,
        cause: causeOf(e),
        data: {},
      },
    ];
  }
  try {
    return evaluateCheck(check, account);
  } catch (err) {
    // A check must never crash the run; a malformed bundle yields unknown rather than a stack trace.
    const message = err instanceof Error ? err.message : String(err);
    return [
      {
        region: check.meta.scope === 'account' ? 'global' : '*',
        resource: null,
        status: 'unknown',
        detail: `The check could not interpret the evidence (${message}).`,
        cause: { kind: 'unparseable', code: 'CheckError', action: check.meta.id, message },
        data: {},
      },
    ];
  }
}

/**
 * A service the scan was not asked to read (`--services`) is out of scope: in a complete bundle its part
 * is absent, and its checks give no result at all, rather than "not collected" unknowns that would read
 * as if the scan had stopped. In an interrupted scan a missing part is still `not-collected`.
 */
function outOfScope(bundle: Bundle, account: Bundle['accounts'][number], service: ServiceId): boolean {
  return bundle.complete && !account.accessError && account[service] === undefined;
}

export function runChecks(bundle: Bundle): Result[] {
  const out: Result[] = [];
  for (const account of bundle.accounts) {
    for (const check of CHECKS) {
      if (outOfScope(bundle, account, check.meta.service)) continue;
      for (const v of evaluateSafely(check, account)) {
        out.push({
          checkId: check.meta.id,
          service: check.meta.service,
          accountId: account.accountId,
          region: v.region,
          resource: v.resource,
          status: v.status,
          detail: v.detail,
          cause: v.cause,
          data: v.data,
        });
      }
    }
  }
  return out.sort(compareResults);
}
