/**
 * Reads check results (and the bundle, for names) into the facts the finding is written from.
 * Nothing here decides pass or fail: it only groups what the checks said.
 */
import type { AccountEvidence, Bundle, Result } from '../evidence/schema.js';
import type { Status } from '../evidence/status.js';
import { FACTS, isEnablementCheck, resourceLabels, SERVICES, type ServiceId } from '../services/registry.js';
import type { ConditionContext, ServiceState } from './condition.js';
import { sortResults } from './prose.js';

export { sortResults };

export interface Analysis extends ConditionContext {
  readonly results: readonly Result[];
  readonly multiAccount: boolean;
  forService(service: ServiceId): Result[];
  /** A human label for a result's resource (raw, not escaped). */
  resourceLabel(r: Result): string;
  /**
   * A human label for a result's region (raw, not escaped); with several accounts, "eu-west-1 in account
   * prod". Sentences about several accounts group regions by account instead (prose.ts `where`).
   */
  regionLabel(r: Result): string;
  /** An account's evidence (in organization scans, what its sources keep for the finding). */
  account(accountId: string): AccountEvidence | undefined;
  /** The account's name in the organization (raw), when the bundle has one. */
  accountName(accountId: string): string | null;
  /** Every account of the bundle, sorted. */
  accountIds(): string[];
  hasFail(service: ServiceId): boolean;
  hasUnknown(service: ServiceId): boolean;
  /** Some gap of the service was accepted by the client (status `accepted`). */
  hasAccepted(service: ServiceId): boolean;
}

function status(results: readonly Result[], pred: (r: Result) => boolean): Set<Status> {
  return new Set(results.filter(pred).map((r) => r.status));
}

export function analyse(bundle: Bundle, results: readonly Result[]): Analysis {
  const labels = new Map<string, string>();
  const names = new Map<string, string | null>();
  const evidence = new Map<string, AccountEvidence>();
  for (const acct of bundle.accounts) {
    names.set(acct.accountId, acct.accountName ?? null);
    evidence.set(acct.accountId, acct);
    for (const [resource, label] of resourceLabels(acct)) labels.set(`${acct.accountId}|${resource}`, label);
  }

  const accounts = new Set(results.map((r) => r.accountId));
  const multiAccount = accounts.size > 1 || bundle.accounts.length > 1;
  const byService = new Map<ServiceId, Result[]>();
  for (const s of SERVICES) byService.set(s, []);
  for (const r of results) byService.get(r.service)?.push(r);
  const checkIds = [...new Set(results.map((r) => r.checkId))];
  const facts = new Map<string, boolean>();

  const serviceState = (service: ServiceId, state: ServiceState): boolean => {
    const rs = byService.get(service) ?? [];
    const enable = rs.filter((r) => isEnablementCheck(service, r.checkId));
    const enableStatuses = status(enable, () => true);
    switch (state) {
      case 'gap':
        return rs.some((r) => r.status === 'fail');
      case 'unknown':
        return rs.some((r) => r.status === 'unknown');
      case 'accepted':
        return rs.some((r) => r.status === 'accepted');
      case 'fine':
        return rs.every((r) => r.status === 'pass' || r.status === 'not_applicable');
      case 'off':
        return enableStatuses.has('fail') && !enableStatuses.has('pass');
      case 'partial':
        return enableStatuses.has('fail') && enableStatuses.has('pass');
      case 'misconfigured':
        return rs.some((r) => r.status === 'fail' && !isEnablementCheck(service, r.checkId));
    }
  };

  const a: Analysis = {
    results,
    multiAccount,
    forService: (s) => byService.get(s) ?? [],
    resourceLabel: (r) =>
      r.resource === null ? '' : (labels.get(`${r.accountId}|${r.resource}`) ?? r.resource),
    regionLabel: (r) => {
      const region = r.region === '*' ? 'every region (the region list could not be read)' : r.region;
      // Several accounts: "eu-west-1 in account prod" (its name when the bundle has one), never a bare pair.
      return multiAccount ? `${region} in account ${names.get(r.accountId) ?? r.accountId}` : region;
    },
    account: (id) => evidence.get(id),
    accountName: (id) => names.get(id) ?? null,
    accountIds: () => [...new Set([...names.keys(), ...results.map((r) => r.accountId)])].sort(),
    hasFail: (s) => serviceState(s, 'gap'),
    hasUnknown: (s) => serviceState(s, 'unknown'),
    hasAccepted: (s) => serviceState(s, 'accepted'),
    statuses: (id) => status(results, (r) => r.checkId === id),
    allCheckIds: () => checkIds,
    serviceState,
    fact: (f) => {
      let holds = facts.get(f);
      if (holds === undefined) {
        holds = FACTS.get(f)?.(bundle.accounts, results) ?? false;
        facts.set(f, holds);
      }
      return holds;
    },
  };
  return a;
}
