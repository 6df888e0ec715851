/**
 * Reads check results (and the bundle, for names) into the facts the finding is written from.
 * Nothing here decides pass or fail: it only groups what the checks said.
 */
import { compareRegions } from '../evidence/regions.js';
import type { Bundle, Result } from '../evidence/schema.js';
import type { Status } from '../evidence/status.js';
import { isEnablementCheck, SERVICES, type ServiceId } from '../services/registry.js';
import type { ConditionContext, ServiceState } from './condition.js';

/** Results by account, region (compareRegions), then resource. */
export function sortResults(rs: readonly Result[]): Result[] {
  return [...rs].sort(
    (x, y) =>
      (x.accountId < y.accountId ? -1 : x.accountId > y.accountId ? 1 : 0) ||
      compareRegions(x.region, y.region) ||
      ((x.resource ?? '') < (y.resource ?? '') ? -1 : (x.resource ?? '') > (y.resource ?? '') ? 1 : 0),
  );
}

export interface Analysis extends ConditionContext {
  readonly results: readonly Result[];
  readonly multiAccount: boolean;
  forService(service: ServiceId): Result[];
  /** A human label for a result's resource (raw, not escaped). */
  resourceLabel(r: Result): string;
  /** A human label for a result's region (raw, not escaped). */
  regionLabel(r: Result): string;
  /** S3 bucket names in a region, from the inventory (raw). */
  bucketsIn(accountId: string, region: string): string[];
  /** The account's name in the organization (raw), when the bundle has one. */
  accountName(accountId: string): string | null;
  /** Every account of the bundle, sorted. */
  accountIds(): string[];
  /** resourcesFlagged of a Trusted Advisor check, by name. */
  taFlagged(accountId: string, checkName: string): number | null;
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
  const buckets = new Map<string, string[]>();
  const taChecks = new Map<string, number | null>();
  let s3Used = false;
  const names = new Map<string, string | null>();
  for (const acct of bundle.accounts) {
    names.set(acct.accountId, acct.accountName ?? null);
    const key = (id: string) => `${acct.accountId}|${id}`;
    for (const t of acct.cloudtrail?.trails ?? []) labels.set(key(t.arn), t.name);
    const waf = acct.waf;
    if (waf) {
      for (const r of Object.values(waf.restApis)) {
        if (!r.ok) continue;
        for (const api of r.value.apis) {
          labels.set(key(api.id), `REST API ${api.name}`);
          if (api.stages.ok)
            for (const st of api.stages.value) labels.set(key(st.arn), `${api.name} stage ${st.stageName}`);
        }
      }
      for (const r of Object.values(waf.loadBalancers)) {
        if (r.ok) for (const lb of r.value.loadBalancers) labels.set(key(lb.arn), lb.name);
      }
      if (waf.cloudFront.ok) {
        for (const d of waf.cloudFront.value.distributions) {
          const label = `${d.id} (${d.aliases[0] ?? d.domainName})`;
          labels.set(key(d.arn), label);
          labels.set(key(d.id), label);
        }
      }
      for (const r of Object.values(waf.appSync)) {
        if (r.ok) for (const api of r.value.apis) labels.set(key(api.arn), api.name);
      }
      for (const r of Object.values(waf.cognito)) {
        if (r.ok) for (const p of r.value.userPools) labels.set(key(p.arn), p.name);
      }
    }
    const inv = acct.inventory?.s3Buckets;
    if (inv?.ok) {
      for (const b of inv.value.buckets) {
        s3Used = true;
        const k = `${acct.accountId}|${b.region ?? '?'}`;
        buckets.set(k, [...(buckets.get(k) ?? []), b.name]);
      }
    }
    const ta = acct.trustedadvisor;
    if (ta?.ok)
      for (const c of ta.value.checks) taChecks.set(`${acct.accountId}|${c.name}`, c.resourcesFlagged);
  }

  const accounts = new Set(results.map((r) => r.accountId));
  const multiAccount = accounts.size > 1 || bundle.accounts.length > 1;
  const byService = new Map<ServiceId, Result[]>();
  for (const s of SERVICES) byService.set(s, []);
  for (const r of results) byService.get(r.service)?.push(r);
  const checkIds = [...new Set(results.map((r) => r.checkId))];
  const webExposed = results.some(
    (r) => r.service === 'waf' && r.resource !== null && r.status !== 'not_applicable',
  );

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
      return multiAccount ? `${region} (account ${r.accountId})` : region;
    },
    bucketsIn: (acct, region) => buckets.get(`${acct}|${region}`) ?? [],
    accountName: (id) => names.get(id) ?? null,
    accountIds: () => [...new Set([...names.keys(), ...results.map((r) => r.accountId)])].sort(),
    taFlagged: (acct, name) => taChecks.get(`${acct}|${name}`) ?? null,
    hasFail: (s) => serviceState(s, 'gap'),
    hasUnknown: (s) => serviceState(s, 'unknown'),
    hasAccepted: (s) => serviceState(s, 'accepted'),
    statuses: (id) => status(results, (r) => r.checkId === id),
    allCheckIds: () => checkIds,
    serviceState,
    fact: (f) => (f === 's3:used' ? s3Used : webExposed),
  };
  return a;
}
