/**
 * cloudtrail.data-events: a logging multi-region trail records data events (object-level reads and writes)
 * for every S3 bucket and every Lambda function, where the account has any (workload inventory).
 *
 * Read from the trails' event selectors: basic `DataResources` (Type AWS::S3::Object with Values
 * `arn:<partition>:s3` or `arn:<partition>:s3:::` for every bucket, AWS::Lambda::Function with
 * `arn:<partition>:lambda` for every function; anything else names some resources) and advanced selectors
 * with eventCategory = Data and resources.type = AWS::S3::Object / AWS::Lambda::Function (a selector that
 * also filters on resources.ARN, eventName or another field records only part). Read and write are told
 * by ReadWriteType and the readOnly field. Only multi-region trails count (Security Hub S3.22/S3.23).
 */
import type { CheckDefinition } from '../../../checks/types.js';
import { regionalScope, unknownVerdict, verdict } from '../../../checks/types.js';
import { notCollectedGlobal, unknownWith } from '../../../checks/util.js';
import type { AwsError } from '../../../evidence/observed.js';
import type { AccountEvidence, Result } from '../../../evidence/schema.js';
import { text } from '../../../finding/document.js';
import { inAccounts, list, prose } from '../../../finding/prose.js';
import type { Trail } from '../schema.js';
import { isLogging, networkActivitySources, orgNote, sortedTrails, trailListGap } from '../trails.js';

const WHAT = 'whether a multi-region trail records S3 and Lambda data events';

export type DataKind = 's3' | 'lambda';
const TYPE: Record<DataKind, string> = { s3: 'AWS::S3::Object', lambda: 'AWS::Lambda::Function' };
const LABEL: Record<DataKind, string> = {
  s3: 'S3 object-level (data) events',
  lambda: 'Lambda function invocations (data events)',
};

export interface DataCoverage {
  /** Every resource of the kind, read and write. */
  allRead: boolean;
  allWrite: boolean;
  /** Some resources (or some events) only. */
  partial: boolean;
}

type Selectors = Extract<Trail['eventSelectors'], { ok: true }>['value'];

/** `arn:aws:s3`, `arn:aws:s3:::` (any partition): every bucket; `arn:aws:lambda`: every function. */
function selectsAll(kind: DataKind, value: string): boolean {
  return kind === 's3' ? /^arn:[a-z-]+:s3(:::)?$/.test(value) : /^arn:[a-z-]+:lambda$/.test(value);
}

function rw(readWriteType: string | null): { read: boolean; write: boolean } {
  const t = (readWriteType ?? 'All').toLowerCase();
  return { read: t === 'all' || t === 'readonly', write: t === 'all' || t === 'writeonly' };
}

/**
 * What data events of a kind a trail's selectors record. Null when the evidence predates the reading of
 * DataResources (a bundle written before this check).
 */
export function dataCoverage(selectors: Selectors, kind: DataKind): DataCoverage | null {
  const out: DataCoverage = { allRead: false, allWrite: false, partial: false };
  for (const s of selectors.basic ?? []) {
    if (!s.dataResources) return null;
    for (const d of s.dataResources.filter((x) => x.type === TYPE[kind])) {
      if (d.values.length === 0) continue;
      const m = rw(s.readWriteType);
      if (d.values.some((v) => selectsAll(kind, v))) {
        out.allRead ||= m.read;
        out.allWrite ||= m.write;
      } else {
        out.partial = true;
      }
    }
  }
  for (const s of selectors.advanced ?? []) {
    const is = (name: string) => (f: { field: string }) => f.field.toLowerCase() === name.toLowerCase();
    const category = s.fieldSelectors.find(is('eventCategory'));
    if (!category?.equals?.some((v) => v.toLowerCase() === 'data')) continue;
    const type = s.fieldSelectors.find(is('resources.type'));
    if (!type?.equals?.includes(TYPE[kind])) continue;
    const others = s.fieldSelectors.filter(
      (f) => !is('eventCategory')(f) && !is('resources.type')(f) && !is('readOnly')(f),
    );
    if (others.length > 0) {
      out.partial = true;
      continue;
    }
    const ro = s.fieldSelectors.find(is('readOnly'));
    let read = true;
    let write = true;
    if (ro?.equals) {
      const eq = ro.equals.map((v) => v.toLowerCase());
      read = eq.includes('true');
      write = eq.includes('false');
    }
    if (ro?.notEquals) {
      const ne = ro.notEquals.map((v) => v.toLowerCase());
      if (ne.includes('true')) read = false;
      if (ne.includes('false')) write = false;
    }
    out.allRead ||= read;
    out.allWrite ||= write;
  }
  return out;
}

/** Whether the account has resources of the kind: true, false, or the error that keeps us from knowing. */
function relevance(account: AccountEvidence, kind: DataKind): boolean | AwsError {
  const inv = account.inventory;
  if (!inv)
    return {
      kind: 'not-collected',
      code: 'NotCollected',
      message: 'not collected',
      action: kind === 's3' ? 's3:ListAllMyBuckets' : 'lambda:ListFunctions',
      httpStatus: null,
    };
  if (kind === 's3') return inv.s3Buckets.ok ? inv.s3Buckets.value.buckets.length > 0 : inv.s3Buckets.error;
  const scope = regionalScope(account);
  if (!scope.ok) return scope.error;
  let error: AwsError | null = null;
  for (const region of scope.regions) {
    const e = inv.lambdaFunctions[region];
    if (e?.ok && e.value.names.length > 0) return true;
    if (!e)
      error ??= {
        kind: 'not-collected',
        code: 'NotCollected',
        message: 'not collected',
        action: 'lambda:ListFunctions',
        httpStatus: null,
      };
    else if (!e.ok) error ??= e.error;
  }
  return error ?? false;
}

/**
 * Network activity events recorded by logging trails (and event data stores): "name: source, source" per
 * trail or store that records any. Shown in the result's data, never judged (no relevance rule: whether
 * VPC endpoint traffic should be recorded depends on what the endpoints carry, which watchpost cannot see).
 */
export function networkActivity(account: AccountEvidence): string[] {
  const ct = account.cloudtrail;
  if (!ct) return [];
  const out: string[] = [];
  for (const t of sortedTrails(ct.trails)) {
    if (!isLogging(t) || !t.eventSelectors.ok) continue;
    const sources = networkActivitySources(t.eventSelectors.value.advanced);
    if (sources.length > 0) out.push(`trail ${t.name}: ${sources.join(', ')}`);
  }
  return out;
}

function words(kind: DataKind, c: DataCoverage | null): string {
  if (!c || (!c.allRead && !c.allWrite))
    return c?.partial ? `${LABEL[kind]} only for some resources or events` : `no ${LABEL[kind]}`;
  if (c.allRead && c.allWrite) return `${LABEL[kind]}, read and write`;
  return `${LABEL[kind]}, ${c.allRead ? 'read' : 'write'} only`;
}

export const cloudtrailDataEvents: CheckDefinition = {
  meta: {
    id: 'cloudtrail.data-events',
    service: 'cloudtrail',
    title: 'A multi-region trail records S3 and Lambda data events',
    severity: 'medium',
    securityHub: 'S3.22, S3.23',
    cis: '3.8, 3.9',
    remediation:
      'Add data event selectors to the multi-region trail for all S3 objects (read and write) and all Lambda functions, so that access to the data itself is recorded.',
    scope: 'account',
    enablement: false,
  },
  evaluate(account) {
    const ct = account.cloudtrail;
    if (!ct) return notCollectedGlobal('cloudtrail:DescribeTrails', WHAT);
    const kinds: DataKind[] = ['s3', 'lambda'];
    const rel = Object.fromEntries(kinds.map((k) => [k, relevance(account, k)])) as Record<
      DataKind,
      boolean | AwsError
    >;
    const relevant = kinds.filter((k) => rel[k] === true);
    const undecided = kinds.filter((k) => typeof rel[k] === 'object');
    const data = {
      s3Resources: rel.s3 === true,
      lambdaResources: rel.lambda === true,
      // Informational: which VPC endpoint event sources logging trails record network activity for.
      networkActivity: networkActivity(account),
    };
    if (relevant.length === 0 && undecided.length === 0) {
      return [
        verdict(
          'global',
          null,
          'not_applicable',
          'The account has no S3 bucket and no Lambda function.',
          data,
        ),
      ];
    }
    const candidates = sortedTrails(ct.trails).filter((t) => t.isMultiRegion && isLogging(t));
    const coverage: Record<DataKind, DataCoverage> = {
      s3: { allRead: false, allWrite: false, partial: false },
      lambda: { allRead: false, allWrite: false, partial: false },
    };
    let unread: AwsError | null = null;
    const by: Partial<Record<DataKind, string>> = {};
    for (const t of candidates) {
      if (!t.eventSelectors.ok) {
        unread ??= t.eventSelectors.error;
        continue;
      }
      for (const k of kinds) {
        const c = dataCoverage(t.eventSelectors.value, k);
        if (!c) {
          unread ??= {
            kind: 'not-collected',
            code: 'NotCollected',
            message: 'DataResources not collected (older evidence)',
            action: 'cloudtrail:GetEventSelectors',
            httpStatus: null,
          };
          continue;
        }
        const before = coverage[k].allRead && coverage[k].allWrite;
        coverage[k].allRead ||= c.allRead;
        coverage[k].allWrite ||= c.allWrite;
        coverage[k].partial ||= c.partial;
        if (!before && coverage[k].allRead && coverage[k].allWrite)
          by[k] = `${t.name}${orgNote(t, account.accountId)}`;
      }
    }
    const full = (k: DataKind) => coverage[k].allRead && coverage[k].allWrite;
    const detailData = {
      ...data,
      trails: candidates.map((t) => t.arn),
      s3: words('s3', coverage.s3),
      lambda: words('lambda', coverage.lambda),
    };
    const missing = relevant.filter((k) => !full(k));
    if (missing.length === 0) {
      const open = undecided.filter((k) => !full(k));
      if (open.length > 0) return [unknownWith('global', null, rel[open[0]!] as AwsError, WHAT, detailData)];
      const recorded = kinds.filter((k) => full(k) && rel[k] === true);
      return [
        verdict(
          'global',
          null,
          'pass',
          `Multi-region trails record ${recorded.map((k) => `${LABEL[k]} (${by[k]})`).join(' and ')}.`,
          detailData,
        ),
      ];
    }
    // A fail needs every logging multi-region trail read, and the list of trails complete.
    if (unread) return [unknownWith('global', null, unread, WHAT, detailData)];
    const statusErr = ct.trails.find((t) => t.isMultiRegion && !t.status.ok);
    if (statusErr && !statusErr.status.ok)
      return [unknownWith('global', null, statusErr.status.error, WHAT, detailData)];
    const gap = trailListGap(account);
    if (gap) return [{ ...unknownVerdict('global', null, gap, WHAT), data: detailData }];
    return [
      verdict(
        'global',
        null,
        'fail',
        `No logging multi-region trail records ${missing.map((k) => LABEL[k]).join(' or ')} in full: ${missing.map((k) => words(k, coverage[k])).join('; ')}.`,
        { ...detailData, missing },
      ),
    ];
  },
  prose: {
    fail(ctx, fails: readonly Result[]) {
      ctx.claim(fails);
      const missing = new Set(
        fails.flatMap((r) => (Array.isArray(r.data.missing) ? r.data.missing.map(String) : ['s3', 'lambda'])),
      );
      const what = (['s3', 'lambda'] as DataKind[])
        .filter((k) => missing.has(k))
        .map((k) => text(k === 's3' ? 'reads and writes of S3 objects' : 'invocations of Lambda functions'));
      return [
        inAccounts(
          ctx,
          fails,
          prose`No multi-region trail recorded all ${list(what)} (CloudTrail data events), so access to the data itself would leave no trace in the logs.`,
        ),
      ];
    },
  },
};
