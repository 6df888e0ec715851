import type { CheckDefinition } from '../../../checks/types.js';
import { eachRegion, notCollected, verdict } from '../../../checks/types.js';
import { type Data, unexpectedAnswer, unknownWith } from '../../../checks/util.js';
import type { AwsError } from '../../../evidence/observed.js';
import type { AccountEvidence } from '../../../evidence/schema.js';
import {
  dataStrings,
  list,
  name,
  plural,
  prose,
  type Sentence,
  sortResults,
} from '../../../finding/prose.js';
import type { MacieEvidence } from '../schema.js';

const WHAT = 'whether Amazon Macie is enabled';

type MacieRegion = Extract<MacieEvidence[string], { ok: true }>['value'];

/** Relationship states in which the administrator manages the account (Macie API reference, Member). */
const MANAGING = new Set(['enabled', 'paused']);

/**
 * Who manages Macie for this account, as GetAdministratorAccount said: words for the detail and data. Evidence
 * only: an administrator that could not be read, or none, adds nothing (never a verdict).
 */
export function macieAdministrator(v: MacieRegion, accountId: string): { note: string; data: Data } {
  const admin = v.administrator?.ok ? v.administrator.value : null;
  if (!admin || admin.accountId === accountId) return { note: '', data: {} };
  const rel = admin.relationshipStatus;
  const note =
    rel === null || MANAGING.has(rel.toLowerCase())
      ? ` (managed by administrator account ${admin.accountId})`
      : ` (administrator account ${admin.accountId}, relationship ${rel})`;
  return { note, data: { administratorAccount: admin.accountId, administratorRelationship: rel } };
}

/** The S3 buckets the inventory found in a region (for results that do not list them). */
function bucketsIn(account: AccountEvidence | undefined, region: string): string[] {
  const inv = account?.inventory?.s3Buckets;
  return inv?.ok ? inv.value.buckets.filter((b) => (b.region ?? '?') === region).map((b) => b.name) : [];
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
    return eachRegion(account, account.macie, 'macie2:GetMacieSession', WHAT, (region, v) => {
      const inv = account.inventory?.s3Buckets;
      const inventoryOk = inv?.ok === true;
      const all = inv?.ok ? inv.value.buckets : [];
      const here = all
        .filter((b) => b.region === region)
        .map((b) => b.name)
        .sort();
      const unlocated = all.filter((b) => b.region === null).length;
      const data = {
        macieStatus: v.status,
        basis: v.basis,
        buckets: here,
        bucketInventoryRead: inventoryOk,
        bucketsWithUnknownRegion: unlocated,
      };
      const status = v.status.toUpperCase();
      const admin = macieAdministrator(v, account.accountId);
      if (status === 'ENABLED') {
        return [
          verdict(region, null, 'pass', `Amazon Macie is enabled in ${region}${admin.note}.`, {
            ...data,
            ...admin.data,
          }),
        ];
      }
      if (status === 'PAUSED') {
        return [
          verdict(region, null, 'fail', `Amazon Macie is paused in ${region}${admin.note}.`, {
            ...data,
            ...admin.data,
          }),
        ];
      }
      if (status !== 'NOT_ENABLED') {
        return [
          unknownWith(
            region,
            null,
            unexpectedAnswer(
              'macie2:GetMacieSession',
              'UnexpectedStatus',
              `unexpected Macie status ${v.status}`,
            ),
            WHAT,
            data,
          ),
        ];
      }
      if (here.length > 0) {
        return [
          verdict(
            region,
            null,
            'fail',
            `Amazon Macie is not enabled in ${region}, which holds ${here.length} S3 bucket(s).`,
            data,
          ),
        ];
      }
      // Off, but whether the region holds buckets could not be read: relevance is part of the verdict.
      if (!inventoryOk || unlocated > 0) {
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
        return [
          unknownWith(
            region,
            null,
            error,
            `whether Amazon Macie is needed in ${region} (it is not enabled, but the S3 buckets there could not be listed)`,
            data,
          ),
        ];
      }
      return [
        verdict(
          region,
          null,
          'not_applicable',
          `Amazon Macie is not enabled in ${region}, which holds no S3 bucket.`,
          data,
        ),
      ];
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
        const although = pass.length > 0 ? prose`, although it was in ${list(ctx.regions(pass))}` : [];
        s.push(
          prose`Amazon Macie, which looks for sensitive data in S3 buckets and flags buckets that are public or unencrypted, was not enabled in ${list(ctx.regions(off))}${although}.`,
        );
      }
      if (paused.length > 0) s.push(prose`Macie was paused in ${list(ctx.regions(paused))}.`);
      const buckets = sortResults(fails).flatMap(
        (r) => dataStrings(r.data.buckets) ?? bucketsIn(ctx.a.account(r.accountId), r.region),
      );
      if (buckets.length > 0) {
        s.push(
          prose`The account keeps data in S3 there (${plural(new Set(buckets).size, 'bucket')}: ${list(buckets.map((b) => name(b, 63)))}).`,
        );
      }
      return s;
    },
  },
};
