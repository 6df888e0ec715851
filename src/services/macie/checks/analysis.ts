/**
 * macie.analysis: where Macie is enabled and S3 buckets exist, whether Macie actually looks at them:
 * automated sensitive data discovery (GetAutomatedDiscoveryConfiguration) or a classification job that
 * still runs (ListClassificationJobs). Macie enabled with discovery off and no job is "enabled but
 * looking at nothing": a fail of its own (macie.enabled passes there).
 *
 * A member whose Macie is managed by an administrator account: discovery for members is set by the
 * administrator (GetAutomatedDiscoveryConfiguration speaks for an organization or a standalone account,
 * Macie API reference) and the administrator's jobs are not listed in the member. Without its own proof of
 * analysis, such a member is not_applicable with a note naming the administrator, whose scan judges it;
 * where the administrator could not be read, the member's own "nothing" proves nothing (unknown).
 */
import type { CheckDefinition } from '../../../checks/types.js';
import { notCollected, unknownVerdict, type Verdict, verdict } from '../../../checks/types.js';
import { type Data, listWords, unexpectedAnswer, unknownWith } from '../../../checks/util.js';
import type { AccountEvidence, Result } from '../../../evidence/schema.js';
import { prose, type Sentence, whereOwn } from '../../../finding/prose.js';
import type { MacieEvidence } from '../schema.js';
import { eachMacieRegion, macieAdministrator, macieSessionError } from './enabled.js';

const WHAT = 'whether Amazon Macie analyses the S3 buckets';

type MacieRegion = Extract<MacieEvidence[string], { ok: true }>['value'];

/** Job states in which a classification job still examines buckets (Macie API reference, JobStatus). */
const ACTIVE = new Set(['RUNNING', 'IDLE', 'PAUSED']);
/** Job states in which it no longer does (USER_PAUSED: paused by a user, cancelled after 30 days). */
const INACTIVE = new Set(['COMPLETE', 'CANCELLED', 'USER_PAUSED']);

/** True when an administrator account manages this member's Macie (not itself, relationship in force). */
function managedBy(v: MacieRegion, accountId: string): string | null {
  const admin = macieAdministrator(v, accountId);
  return typeof admin.data.administratorAccount === 'string' && /managed by/.test(admin.note)
    ? admin.data.administratorAccount
    : null;
}

function judge(account: AccountEvidence, region: string, v: MacieRegion, base: Data): Verdict {
  const discovery = v.discovery;
  const jobsRead = v.classificationJobs;
  if (!discovery || !jobsRead) {
    const missing = !discovery
      ? 'macie2:GetAutomatedDiscoveryConfiguration'
      : 'macie2:ListClassificationJobs';
    return unknownWith(region, null, notCollected(missing), WHAT, base);
  }
  const jobs = jobsRead.ok ? jobsRead.value.jobs : [];
  const active = jobs.filter((j) => ACTIVE.has((j.jobStatus ?? '').toUpperCase()));
  const discoveryStatus = discovery.ok ? discovery.value.status.toUpperCase() : null;
  const data: Data = {
    ...base,
    automatedDiscovery: discoveryStatus,
    classificationJobs: jobsRead.ok ? jobs.length : null,
    activeClassificationJobs: active.map((j) => j.name ?? j.jobId),
  };
  if (discoveryStatus === 'ENABLED') {
    return verdict(
      region,
      null,
      'pass',
      `Amazon Macie's automated sensitive data discovery is enabled in ${region}.`,
      data,
    );
  }
  if (active.length > 0) {
    return verdict(
      region,
      null,
      'pass',
      `Amazon Macie runs ${active.length} classification job(s) in ${region} (${listWords(active.map((j) => j.name ?? j.jobId))}).`,
      data,
    );
  }
  const admin = v.administrator;
  if (admin && !admin.ok) return unknownWith(region, null, admin.error, WHAT, data);
  const administrator = managedBy(v, account.accountId);
  if (administrator) {
    return verdict(
      region,
      null,
      'not_applicable',
      `Amazon Macie in ${region} is managed by administrator account ${administrator}, which sets automated discovery and runs classification jobs for its members; that account's scan judges it.`,
      { ...data, administratorAccount: administrator },
    );
  }
  if (!discovery.ok) return unknownWith(region, null, discovery.error, WHAT, data);
  if (!jobsRead.ok) return unknownWith(region, null, jobsRead.error, WHAT, data);
  if (discoveryStatus !== 'DISABLED') {
    return unknownWith(
      region,
      null,
      unexpectedAnswer(
        'macie2:GetAutomatedDiscoveryConfiguration',
        'UnexpectedStatus',
        `unexpected automated discovery status ${discovery.value.status}`,
      ),
      WHAT,
      data,
    );
  }
  const unread = jobs.filter((j) => !INACTIVE.has((j.jobStatus ?? '').toUpperCase()));
  if (unread.length > 0) {
    return unknownWith(
      region,
      null,
      unexpectedAnswer(
        'macie2:ListClassificationJobs',
        'UnexpectedJobStatus',
        `classification job ${unread[0]!.jobId} has status ${unread[0]!.jobStatus ?? '(none)'}`,
      ),
      WHAT,
      data,
    );
  }
  return verdict(
    region,
    null,
    'fail',
    jobs.length === 0
      ? `Amazon Macie is enabled in ${region} but looks at nothing: automated sensitive data discovery is off and no classification job exists.`
      : `Amazon Macie is enabled in ${region} but looks at nothing: automated sensitive data discovery is off and its ${jobs.length} classification job(s) have finished, been cancelled or been paused by a user.`,
    { ...data, reason: jobs.length === 0 ? 'no-job' : 'no-running-job' },
  );
}

export const macieAnalysis: CheckDefinition = {
  meta: {
    id: 'macie.analysis',
    service: 'macie',
    title: 'Amazon Macie analyses the S3 buckets (automated discovery or a classification job)',
    severity: 'medium',
    securityHub: 'Macie.2',
    cis: null,
    remediation:
      'Turn on automated sensitive data discovery in Amazon Macie (or schedule a classification job covering the buckets), so that Macie examines the data it is paid to protect.',
    scope: 'region',
    enablement: false,
    waivedBy: { question: 'personal-data', value: 'no' },
  },
  evaluate(account) {
    return eachMacieRegion(account, WHAT, (region, buckets) => {
      if (buckets.kind === 'none') {
        return verdict(
          region,
          null,
          'not_applicable',
          `${region} holds no S3 bucket for Macie to analyse.`,
          buckets.data,
        );
      }
      const entry = account.macie?.[region];
      if (!entry?.ok) return unknownVerdict(region, null, macieSessionError(entry), WHAT);
      const v = entry.value;
      if (v.status.toUpperCase() !== 'ENABLED') {
        return verdict(
          region,
          null,
          'not_applicable',
          `Amazon Macie is not running in ${region} (${v.status}); macie.enabled reports it.`,
          { ...buckets.data, macieStatus: v.status },
        );
      }
      const judged = judge(account, region, v, { ...buckets.data, macieStatus: v.status });
      // A fail needs the region's buckets proven: with the inventory unread, "looks at nothing" may be moot.
      return judged.status === 'fail' && buckets.kind === 'unknown'
        ? unknownWith(region, null, buckets.error, WHAT, judged.data)
        : judged;
    });
  },
  prose: {
    fail(ctx, fails) {
      ctx.claim(fails);
      const noJob = fails.filter((r: Result) => r.data.reason !== 'no-running-job');
      const finished = fails.filter((r: Result) => r.data.reason === 'no-running-job');
      const s: Sentence[] = [];
      if (noJob.length > 0) {
        s.push(
          prose`Amazon Macie was enabled in ${whereOwn(ctx, noJob)} but examined no bucket there: automated sensitive data discovery was off and no classification job had been created, so Macie looked at none of the data it was enabled to protect.`,
        );
      }
      if (finished.length > 0) {
        s.push(
          prose`In ${whereOwn(ctx, finished)}, Macie's automated sensitive data discovery was off and every classification job had finished, been cancelled or been paused, so no bucket was being examined.`,
        );
      }
      return s;
    },
  },
};
