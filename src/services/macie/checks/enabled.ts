import type { CheckDefinition } from '../../../checks/types.js';
import {
  describeError,
  notCollected,
  regionalScope,
  unknownVerdict,
  type Verdict,
  verdict,
} from '../../../checks/types.js';
import { type Data, unexpectedAnswer, unknownWith } from '../../../checks/util.js';
import type { AwsError, Observed } from '../../../evidence/observed.js';
import type { AccountEvidence } from '../../../evidence/schema.js';
import { text } from '../../../finding/document.js';
import {
  accountLabel,
  dataStrings,
  list,
  name,
  plural,
  prose,
  type Sentence,
  sortResults,
  whereOwn,
} from '../../../finding/prose.js';
import type { MacieEvidence } from '../schema.js';

const WHAT = 'whether Amazon Macie is enabled';

type MacieRegion = Extract<MacieEvidence[string], { ok: true }>['value'];

/** Relationship states in which the administrator manages the account (Macie API reference, Member). */
const MANAGING = new Set(['enabled', 'paused']);

/** Whether a relationship status (null: not reported) means the administrator manages the account. */
function managing(rel: unknown): boolean {
  return rel === null || rel === undefined || (typeof rel === 'string' && MANAGING.has(rel.toLowerCase()));
}

/**
 * Who manages Macie for this account, as GetAdministratorAccount said: words for the detail and data. Evidence
 * only: an administrator that could not be read, or none, adds nothing (never a verdict).
 */
export function macieAdministrator(v: MacieRegion, accountId: string): { note: string; data: Data } {
  const admin = v.administrator?.ok ? v.administrator.value : null;
  if (!admin || admin.accountId === accountId) return { note: '', data: {} };
  const rel = admin.relationshipStatus;
  const note = managing(rel)
    ? ` (managed by administrator account ${admin.accountId})`
    : ` (administrator account ${admin.accountId}, relationship ${rel})`;
  return {
    note,
    data: {
      administratorAccount: admin.accountId,
      administratorRelationship: rel,
      ...(v.administratorVia ? { administratorReadFrom: v.administratorVia.from } : {}),
    },
  };
}

/** The S3 buckets the inventory found in a region (for results that do not list them). */
function bucketsIn(account: AccountEvidence | undefined, region: string): string[] {
  const inv = account?.inventory?.s3Buckets;
  return inv?.ok ? inv.value.buckets.filter((b) => (b.region ?? '?') === region).map((b) => b.name) : [];
}

/** What the bucket inventory proves about a region: buckets there, none, or it cannot say (and why). */
export type BucketScope =
  | { kind: 'some'; here: string[]; data: Data }
  | { kind: 'none'; data: Data }
  | { kind: 'unknown'; error: AwsError; data: Data };

/**
 * The S3 buckets of a region, from the inventory's ListBuckets (with each bucket's region). "none" needs
 * the inventory read and every bucket's region known; a located bucket in the region is "some" even if
 * another bucket's region is unknown.
 */
export function bucketScope(account: AccountEvidence, region: string): BucketScope {
  const inv = account.inventory?.s3Buckets;
  const inventoryOk = inv?.ok === true;
  const all = inv?.ok ? inv.value.buckets : [];
  const here = all
    .filter((b) => b.region === region)
    .map((b) => b.name)
    .sort();
  const unlocated = all.filter((b) => b.region === null).length;
  const data: Data = { buckets: here, bucketInventoryRead: inventoryOk, bucketsWithUnknownRegion: unlocated };
  if (here.length > 0) return { kind: 'some', here, data };
  if (inventoryOk && unlocated === 0) return { kind: 'none', data };
  const error: AwsError = !inventoryOk
    ? inv && !inv.ok
      ? inv.error
      : notCollected('s3:ListAllMyBuckets')
    : {
        kind: 'other',
        code: 'BucketRegionUnknown',
        message: `the region of ${unlocated} bucket(s) could not be read`,
        action: 's3:GetBucketLocation',
        httpStatus: null,
      };
  return { kind: 'unknown', error, data };
}

/** The verdict of a region whose Macie status was read. */
function judgeRegion(
  account: AccountEvidence,
  region: string,
  v: MacieRegion,
  buckets: BucketScope,
): Verdict {
  const data = { macieStatus: v.status, basis: v.basis, ...buckets.data };
  const status = v.status.toUpperCase();
  const admin = macieAdministrator(v, account.accountId);
  if (status === 'ENABLED') {
    return verdict(region, null, 'pass', `Amazon Macie is enabled in ${region}${admin.note}.`, {
      ...data,
      ...admin.data,
    });
  }
  if (status === 'PAUSED') {
    return verdict(region, null, 'fail', `Amazon Macie is paused in ${region}${admin.note}.`, {
      ...data,
      ...admin.data,
    });
  }
  if (status !== 'NOT_ENABLED') {
    return unknownWith(
      region,
      null,
      unexpectedAnswer('macie2:GetMacieSession', 'UnexpectedStatus', `unexpected Macie status ${v.status}`),
      WHAT,
      data,
    );
  }
  if (buckets.kind === 'some') {
    return verdict(
      region,
      null,
      'fail',
      `Amazon Macie is not enabled in ${region}, which holds ${buckets.here.length} S3 bucket(s).`,
      data,
    );
  }
  // Off, but whether the region holds buckets could not be read: relevance is part of the verdict.
  if (buckets.kind === 'unknown') {
    return unknownWith(
      region,
      null,
      buckets.error,
      `whether Amazon Macie is needed in ${region} (it is not enabled, but the S3 buckets there could not be listed)`,
      data,
    );
  }
  return verdict(
    region,
    null,
    'not_applicable',
    `Amazon Macie is not enabled in ${region}, which holds no S3 bucket.`,
    data,
  );
}

/** Why a region's Macie session is missing: its read error, or an interrupted scan. */
export function macieSessionError(entry: Observed<unknown> | undefined): AwsError {
  return entry && !entry.ok ? entry.error : notCollected('macie2:GetMacieSession');
}

/**
 * What the Macie checks share: each region in scope judged by `perRegion`, unknown at `*` when the region
 * list could not be read, and unknown in each region the scan could not reach.
 */
export function eachMacieRegion(
  account: AccountEvidence,
  what: string,
  perRegion: (region: string, buckets: BucketScope) => Verdict,
): Verdict[] {
  const scope = regionalScope(account);
  if (!scope.ok) return [unknownVerdict('*', null, scope.error, what)];
  const out = scope.regions.map((region) => perRegion(region, bucketScope(account, region)));
  for (const u of account.unavailableRegions) out.push(unknownVerdict(u.name, null, u.error, what));
  return out;
}

export const macieEnabled: CheckDefinition = {
  meta: {
    id: 'macie.enabled',
    service: 'macie',
    title: 'Amazon Macie is enabled where S3 buckets exist',
    severity: 'medium',
    securityHub: 'Macie.1',
    cis: null,
    remediation:
      'Enable Amazon Macie in regions holding S3 buckets that may contain sensitive data, and review its findings.',
    scope: 'region',
    enablement: true,
    waivedBy: { question: 'personal-data', value: 'no' },
  },
  evaluate(account) {
    return eachMacieRegion(account, WHAT, (region, buckets) => {
      const entry = account.macie?.[region];
      if (entry?.ok) return judgeRegion(account, region, entry.value, buckets);
      const error = macieSessionError(entry);
      // Relevance first: a region proven to hold no bucket needs no Macie, whatever Macie answered.
      return buckets.kind === 'none'
        ? verdict(
            region,
            null,
            'not_applicable',
            `${region} holds no S3 bucket (Macie's status there could not be read: ${describeError(error)}).`,
            { ...buckets.data, macieStatusRead: false, macieStatusError: error.code },
          )
        : unknownVerdict(region, null, error, WHAT);
    });
  },
  prose: {
    fail(ctx, fails) {
      ctx.claim(fails);
      const paused = fails.filter(
        (r) => r.data.macieStatus === 'PAUSED' || r.data.status === 'PAUSED' || /paused/i.test(r.detail),
      );
      const off = fails.filter((r) => !paused.includes(r));
      const s: Sentence[] = [];
      if (off.length > 0) {
        const pass = ctx.own.pass;
        const although =
          pass.length > 0 && !ctx.a.multiAccount
            ? prose`, although it was in ${list(ctx.regions(pass))}`
            : [];
        s.push(
          prose`Amazon Macie, which looks for sensitive data in S3 buckets and flags buckets that are public or unencrypted, was not enabled in ${whereOwn(ctx, off)}${although}.`,
        );
      }
      if (paused.length > 0) s.push(prose`Macie was paused in ${whereOwn(ctx, paused)}.`);
      // A member's Macie is run by its administrator account: that account is the one to resume it.
      const admins = [
        ...new Set(
          paused.flatMap((r) =>
            typeof r.data.administratorAccount === 'string' && managing(r.data.administratorRelationship)
              ? [r.data.administratorAccount]
              : [],
          ),
        ),
      ].sort();
      if (admins.length > 0) {
        s.push(
          prose`Macie there is managed by the administrator ${text(admins.length === 1 ? 'account' : 'accounts')} ${list(admins.map((a) => name(a, 20)))}, from which it would be resumed.`,
        );
      }
      // Several accounts: a bucket is named with its account (two accounts may use the same name).
      const many = ctx.a.multiAccount;
      const buckets = sortResults(fails).flatMap((r) =>
        (dataStrings(r.data.buckets) ?? bucketsIn(ctx.a.account(r.accountId), r.region)).map((b) => ({
          key: many ? `${r.accountId}|${b}` : b,
          item: many ? prose`${name(b, 63)} (${accountLabel(ctx.a, r.accountId)})` : [name(b, 63)],
        })),
      );
      if (buckets.length > 0) {
        s.push(
          prose`${text(new Set(fails.map((r) => r.accountId)).size > 1 ? 'These accounts keep' : 'The account keeps')} data in S3 there (${plural(new Set(buckets.map((b) => b.key)).size, 'bucket')}: ${list(buckets.map((b) => b.item))}).`,
        );
      }
      return s;
    },
  },
};
