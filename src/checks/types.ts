import type { AwsError, Cause, Observed } from '../evidence/observed.js';
import type { AccountEvidence, Result } from '../evidence/schema.js';
import type { JudgedStatus } from '../evidence/status.js';
import type { Inline } from '../finding/document.js';
import type { CheckProseContext, Sentence } from '../finding/prose.js';
import type { ServiceId } from '../services/registry.js';
import type { RegionalOffer } from './offered.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'informational';

/** What a check is, independent of any account. */
export interface CheckMeta {
  id: string;
  service: ServiceId;
  title: string;
  /**
   * What a table column or row calls the check, a few words ("Protection plans"); default: its id after
   * the service, in words ("protection-plans" → "Protection plans").
   */
  label?: string;
  severity: Severity;
  /** AWS Security Hub control id(s), e.g. "GuardDuty.1"; null where none exists. */
  securityHub: string | null;
  /** CIS AWS Foundations Benchmark reference, e.g. "3.2"; null where none exists. */
  cis: string | null;
  /** One line: what to do when the check fails. */
  remediation: string;
  /** account: one result per account ("global"); region: one per region; resource: one per resource. */
  scope: 'account' | 'region' | 'resource';
  /**
   * True for the check that says whether the service is switched on at all (WAF: each of its per-resource
   * checks). The finding tells a service that is off from one that is on but misconfigured by it.
   */
  enablement: boolean;
  /**
   * An answer of the consultant's (`--answer question=value`, a question of this check's service) that
   * takes this check's failures out of the finding; results.json keeps them.
   */
  waivedBy?: { question: string; value: string };
  /**
   * Words a template uses for the resources this check judges ("API Gateways", "load balancers"): a kept
   * sentence of a user template that names them while the check has no failure is a false claim
   * (docs/templates.md, "When your own wording contradicts the evidence").
   */
  resourceWords?: RegExp;
  /**
   * The AWS service whose reads this check's regional results rest on, when AWS does not offer it in every
   * region (default: its service module's): where AWS documents no endpoint and the name does not resolve,
   * the check's unknown becomes "not offered" (checks/offered.ts).
   */
  offeredIn?: RegionalOffer;
}

/** A result before the runner stamps check id, service and account on it. */
export interface Verdict {
  region: string;
  resource: string | null;
  /** A check judges; `accepted` only ever comes from the client's accept file, after the checks. */
  status: JudgedStatus;
  detail: string;
  cause: Cause | null;
  data: Result['data'];
}

/**
 * What a check says in the finding, written with the builders of src/finding/prose.ts (docs/adding-a-check.md).
 * Required: a check that cannot speak of its failures does not compile.
 */
export interface CheckProse {
  /**
   * The sentences for the check's `fail` results that nothing before it named: the service's lead and the
   * checks before it may have claimed some (a sentence that subsumes them). Called only when there is one.
   * The sentences name every failing region or resource of `fails` (`ctx.regions`, `ctx.resources`) and
   * claim each (`ctx.claim`); names from the account go in only through `name(…)`. The service lays them
   * out (one paragraph, unless its `prose.arrange` says otherwise).
   */
  fail(ctx: CheckProseContext, fails: readonly Result[]): Sentence[];
  /**
   * Own wording for the review item of some of the check's `unknown` results that share a cause (listed
   * in `unknowns`), or undefined for the generic item: "<service> could not be assessed for <where>
   * (<check>)", with a why from the cause. `what` replaces "could not be assessed for <where>";
   * `limitation` replaces the client-facing sentence of `--answer unknown=limitation` ("<service> could
   * not be assessed for <where>, because <reason>.").
   */
  unknown?(
    unknowns: readonly Result[],
  ): { what?: Inline[]; why?: Inline[]; limitation?: Inline[] } | undefined;
}

/**
 * One check: what it is, how it judges an account's evidence, and what it says in the finding (one file
 * each, in its service's checks/, listed in its service's index.ts).
 */
export interface CheckDefinition {
  meta: CheckMeta;
  /** Pure: evidence in, verdicts out. Never calls AWS, never reads the clock. */
  evaluate(account: AccountEvidence): Verdict[];
  prose: CheckProse;
}

export function causeOf(error: AwsError): Cause {
  return { kind: error.kind, code: error.code, action: error.action, message: error.message };
}

/** Human wording of why something could not be read, e.g. "AccessDeniedException on guardduty:ListDetectors". */
export function describeError(error: AwsError): string {
  switch (error.kind) {
    case 'access-denied':
      return `access denied to ${error.action} (${error.code})`;
    case 'subscription-required':
      return `${error.action} needs a Business, Enterprise On-Ramp or Enterprise support plan (${error.code})`;
    case 'throttled':
      return `${error.action} was still throttled after retries (${error.code})`;
    case 'timeout':
      return `${error.action} timed out (${error.code})`;
    case 'network':
      return `${error.action} could not reach AWS (${error.code})`;
    case 'server-error':
      return `AWS answered ${error.action} with a server error (${error.code})`;
    case 'unparseable':
      return `the answer to ${error.action} could not be read (${error.code})`;
    case 'region-disabled':
      return `the region did not accept the credentials: not enabled for the account, or a token it does not take (${error.code} on ${error.action})`;
    case 'not-found':
      return `${error.action} reported the resource as gone (${error.code})`;
    case 'not-collected':
      return 'not collected: the evidence does not hold this read (the scan stopped before it, or an earlier watchpost version did not make it)';
    default:
      return `${error.action} failed (${error.code})`;
  }
}

export function unknownVerdict(
  region: string,
  resource: string | null,
  error: AwsError,
  what: string,
): Verdict {
  return {
    region,
    resource,
    status: 'unknown',
    detail: `Could not determine ${what}: ${describeError(error)}.`,
    cause: causeOf(error),
    data: {},
  };
}

export function verdict(
  region: string,
  resource: string | null,
  status: Exclude<JudgedStatus, 'unknown'>,
  detail: string,
  data: Result['data'] = {},
): Verdict {
  return { region, resource, status, detail, cause: null, data };
}

/** The error a check reports when a part of the evidence is absent (scan interrupted before it). */
export function notCollected(action: string): AwsError {
  return { kind: 'not-collected', code: 'NotCollected', message: 'not collected', action, httpStatus: null };
}

/**
 * Regions the account's regional checks must cover. When the region list itself could not be read,
 * checks emit one unknown verdict for region "*" instead (see `regionalScope`).
 */
export function regionalScope(
  account: AccountEvidence,
): { ok: true; regions: string[] } | { ok: false; error: AwsError } {
  if (account.accessError) return { ok: false, error: account.accessError };
  if (account.scannedRegions.length > 0 || account.regionListing.ok) {
    return { ok: true, regions: [...account.scannedRegions].sort() };
  }
  return { ok: false, error: account.regionListing.error };
}

/**
 * Runs `perRegion` for every scanned region, turning missing or failed regional evidence into unknown
 * verdicts, and adds an unknown verdict for each region the user asked for that could not be scanned.
 */
export function eachRegion<T>(
  account: AccountEvidence,
  data: Record<string, Observed<T>> | undefined,
  action: string,
  what: string,
  perRegion: (region: string, value: T) => Verdict[],
): Verdict[] {
  const scope = regionalScope(account);
  if (!scope.ok) return [unknownVerdict('*', null, scope.error, what)];
  const out: Verdict[] = [];
  for (const region of scope.regions) {
    const entry = data?.[region];
    if (!entry) out.push(unknownVerdict(region, null, notCollected(action), what));
    else if (!entry.ok) out.push(unknownVerdict(region, null, entry.error, what));
    else out.push(...perRegion(region, entry.value));
  }
  for (const u of account.unavailableRegions) out.push(unknownVerdict(u.name, null, u.error, what));
  return out;
}
