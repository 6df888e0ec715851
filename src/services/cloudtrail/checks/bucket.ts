/**
 * cloudtrail.bucket: the S3 bucket a logging trail delivers to exists and is not public by its bucket
 * policy (Security Hub CloudTrail.6, CIS 3.3).
 *
 * Read once per distinct bucket for the account: GetBucketLocation (NoSuchBucket: proof that the bucket does
 * not exist) and GetBucketPolicyStatus in the bucket's region (PolicyStatus.IsPublic; NoSuchBucketPolicy:
 * no bucket policy, so not public by policy). Access control lists are not read: since April 2023 new
 * buckets have ACLs disabled (Object Ownership "bucket owner enforced") and the policy is where CloudTrail's
 * delivery is granted; a pass says "not public by its bucket policy", never more. A bucket that cannot be
 * read (typically one in another account, e.g. a central log archive) is `unknown`, naming the bucket.
 */
import type { CheckDefinition } from '../../../checks/types.js';
import { notCollected, verdict } from '../../../checks/types.js';
import { unknownWith } from '../../../checks/util.js';
import type { AwsError } from '../../../evidence/observed.js';
import type { Result } from '../../../evidence/schema.js';
import { type Inline, text } from '../../../finding/document.js';
import { cap, list, name, prose } from '../../../finding/prose.js';
import { unparseable } from '../../collect-util.js';
import { isLogging, perTrail, trailsPhrase } from '../trails.js';

const WHAT = "whether the trail's S3 bucket exists and is not public";

/** The error, its message naming the bucket (and the trail's owner when that is another account). */
function aboutBucket(error: AwsError, bucket: string, owner: string | null): AwsError {
  const whose = owner ? `, of the trail owned by account ${owner}` : '';
  return { ...error, message: `S3 bucket ${bucket}${whose}: ${error.message}` };
}

export const cloudtrailBucket: CheckDefinition = {
  meta: {
    id: 'cloudtrail.bucket',
    service: 'cloudtrail',
    title: "Each logging trail's S3 bucket exists and is not public",
    label: 'Trail bucket',
    severity: 'high',
    securityHub: 'CloudTrail.6',
    cis: '3.3',
    remediation:
      'Point the trail at an existing S3 bucket that only CloudTrail can write to, remove any bucket policy statement that makes it public, and turn on S3 Block Public Access for it.',
    scope: 'resource',
    enablement: false,
  },
  evaluate(account) {
    const buckets = account.cloudtrail?.buckets;
    return perTrail(account, WHAT, (t, note, base) => {
      // In scope only while the trail logs: an unreadable status leaves the scope, and so the result, open.
      if (!t.status.ok) return unknownWith(t.homeRegion, t.arn, t.status.error, WHAT, base);
      if (!isLogging(t)) {
        return verdict(
          t.homeRegion,
          t.arn,
          'not_applicable',
          `Trail ${t.name}${note} is not logging, so nothing is delivered to its bucket; its logging status is reported on its own.`,
          base,
        );
      }
      const bucket = t.s3BucketName;
      if (!bucket) {
        return unknownWith(
          t.homeRegion,
          t.arn,
          unparseable('cloudtrail:DescribeTrails', 'DescribeTrails answered the trail without S3BucketName'),
          WHAT,
          base,
        );
      }
      const owner = t.ownerAccountId !== account.accountId ? t.ownerAccountId : null;
      const data = { ...base, bucket, ...(owner ? { trailOwner: owner } : {}) };
      const read = buckets?.find((b) => b.name === bucket);
      if (!read) {
        return unknownWith(
          t.homeRegion,
          t.arn,
          aboutBucket(notCollected('s3:GetBucketLocation'), bucket, owner),
          WHAT,
          data,
        );
      }
      if (!read.location.ok) {
        return unknownWith(t.homeRegion, t.arn, aboutBucket(read.location.error, bucket, owner), WHAT, data);
      }
      if (!read.location.value.exists) {
        return verdict(
          t.homeRegion,
          t.arn,
          'fail',
          `Trail ${t.name}${note} delivers its logs to S3 bucket ${bucket}, which does not exist (${read.location.value.basis}).`,
          { ...data, bucketProblem: 'missing' },
        );
      }
      const ps = read.policyStatus;
      if (!ps) {
        return unknownWith(
          t.homeRegion,
          t.arn,
          aboutBucket(notCollected('s3:GetBucketPolicyStatus'), bucket, owner),
          WHAT,
          data,
        );
      }
      if (!ps.ok) return unknownWith(t.homeRegion, t.arn, aboutBucket(ps.error, bucket, owner), WHAT, data);
      const withRegion = {
        ...data,
        bucketRegion: read.location.value.region,
        bucketPolicy: ps.value.hasPolicy,
      };
      if (ps.value.isPublic) {
        return verdict(
          t.homeRegion,
          t.arn,
          'fail',
          `S3 bucket ${bucket}, where trail ${t.name}${note} delivers its logs, is public by its bucket policy (${ps.value.basis}).`,
          { ...withRegion, bucketProblem: 'public' },
        );
      }
      return verdict(
        t.homeRegion,
        t.arn,
        'pass',
        `Trail ${t.name}${note} delivers its logs to S3 bucket ${bucket}, which exists and is not public by its bucket policy (${
          ps.value.hasPolicy ? 'the policy is not public' : 'it has no bucket policy'
        }).`,
        withRegion,
      );
    });
  },
  prose: {
    fail(ctx, fails: readonly Result[]) {
      const missing = fails.filter((r) => r.data.bucketProblem === 'missing');
      const exposed = fails.filter((r) => r.data.bucketProblem !== 'missing');
      const bucketsOf = (rs: readonly Result[]) =>
        [...new Set(rs.map((r) => (typeof r.data.bucket === 'string' ? r.data.bucket : '')))]
          .filter((b) => b !== '')
          .sort()
          .map((b) => [name(b)]);
      const out: Inline[][] = [];
      if (missing.length > 0) {
        ctx.claim(missing);
        const b = bucketsOf(missing);
        const named = b.length > 0 ? prose` (${list(b)})` : [];
        out.push(
          prose`${cap(trailsPhrase(ctx, missing))} sent ${text(missing.length === 1 ? 'its' : 'their')} log files to an S3 bucket that does not exist${named}, so no log file was being kept.`,
        );
      }
      if (exposed.length > 0) {
        ctx.claim(exposed);
        const b = bucketsOf(exposed);
        const named = b.length > 0 ? prose` ${list(b)}` : [];
        out.push(
          prose`The S3 ${text(b.length > 1 ? 'buckets' : 'bucket')}${named} holding the log files of ${trailsPhrase(ctx, exposed)} ${text(b.length > 1 ? 'were' : 'was')} public through ${text(b.length > 1 ? 'their' : 'its')} bucket policy, so anyone outside ${text(new Set(exposed.map((r) => r.accountId)).size > 1 ? 'the accounts concerned could read the record of their' : 'the account could read the record of its')} activity.`,
        );
      }
      return out;
    },
  },
};
