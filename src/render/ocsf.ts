/**
 * OCSF output: one Detection Finding (class_uid 2004, category Findings, OCSF schema 1.3.0) per result
 * that failed, was accepted by the client, or could not be determined. Passing and not-applicable
 * results are not findings.
 *
 * Mapping:
 * - status_code "FAIL" for fail and accepted; "MANUAL" for unknown (as Prowler does for results a person
 *   must verify), with status_detail naming the AWS error code and the IAM action. An unknown is never
 *   reported as FAIL.
 * - severity_id from the check's severity for fail and accepted; 1 (Informational) for unknown.
 * - status_id 1 / status "New"; for accepted, status_id 3 / status "Suppressed" (the finding stands, the
 *   client accepted the risk) with status_detail giving the reason, who accepted it, until when and the
 *   compensating control, also under unmapped.acceptance. activity_id 1 (Create); type_uid 200401.
 * - cloud.provider "AWS", cloud.account.uid, cloud.region (omitted for account-level results);
 *   resources[0] is the judged resource, or the account when the check is not per resource.
 */
import { createHash } from 'node:crypto';
import type { CheckMeta, Severity } from '../checks/types.js';
import type { Acceptance } from '../evidence/acceptance.js';
import type { Bundle, Result } from '../evidence/schema.js';
import type { Status } from '../evidence/status.js';
import { LABELS } from '../services/registry.js';

export const OCSF_VERSION = '1.3.0';
export const DETECTION_FINDING_CLASS_UID = 2004;
export const FINDINGS_CATEGORY_UID = 2;

export interface OcsfInput {
  bundle: Bundle;
  results: Result[];
  /** Check metadata for titles, severity and remediation. */
  checks?: CheckMeta[];
}

const SEVERITY_ID: Record<Severity, number> = { informational: 1, low: 2, medium: 3, high: 4, critical: 5 };
const SEVERITY_NAME: Record<number, string> = {
  0: 'Unknown',
  1: 'Informational',
  2: 'Low',
  3: 'Medium',
  4: 'High',
  5: 'Critical',
};

/**
 * Which results are findings, and as what: a failure, a failure the client accepted, or unknown; null: not
 * a finding (every status must say which, so a new status is a compile error here).
 */
const KIND: Readonly<Record<Status, 'fail' | 'accepted' | 'unknown' | null>> = {
  fail: 'fail',
  accepted: 'accepted',
  unknown: 'unknown',
  pass: null,
  not_applicable: null,
};

function acceptedDetail(a: Acceptance): string {
  const control = a.control ? `; compensating control: ${a.control}` : '';
  return `Risk accepted by ${a.by} until ${a.expires}: ${a.reason}${control} (${a.entry.file}, line ${a.entry.line})`;
}

function uidOf(r: Result): string {
  const h = createHash('sha256')
    .update([r.checkId, r.accountId, r.region, r.resource ?? ''].join('\u0000'))
    .digest('hex')
    .slice(0, 20);
  return `watchpost-${r.checkId}-${r.accountId}-${r.region}-${h}`;
}

function epochMs(iso: string | null | undefined): number {
  const t = iso ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(t) ? t : 0;
}

export function renderOcsf(input: OcsfInput): object[] {
  return [...ocsfFindings(input)];
}

/**
 * The findings of `renderOcsf` one at a time, so that findings.ocsf.json of a large organization can be
 * written as they are made (outputs.ts) instead of held as one array and one string.
 */
export function* ocsfFindings(input: OcsfInput): Generator<object> {
  const { bundle, results } = input;
  const meta = new Map((input.checks ?? []).map((c) => [c.id, c]));
  const time = epochMs(bundle.finishedAt ?? bundle.startedAt);
  const partitions = new Map(bundle.accounts.map((a) => [a.accountId, a.partition]));
  for (const r of results) {
    const kind = KIND[r.status];
    if (kind === null) continue;
    const m = meta.get(r.checkId);
    const severityId = kind === 'unknown' ? 1 : m ? SEVERITY_ID[m.severity] : 0;
    const regional = r.region !== 'global' && r.region !== '*';
    const title = m?.title ?? `${LABELS[r.service].short} check ${r.checkId}`;
    const statusDetail =
      kind === 'unknown' && r.cause
        ? `Could not be determined: ${r.cause.code} on ${r.cause.action} (${r.cause.kind}): ${r.cause.message}`
        : kind === 'accepted' && r.acceptance
          ? acceptedDetail(r.acceptance)
          : r.detail;
    const partition = partitions.get(r.accountId) ?? bundle.partition;
    const resource: Record<string, unknown> = r.resource
      ? { uid: r.resource, name: r.resource, type: LABELS[r.service].short }
      : { uid: r.accountId, name: r.accountId, type: 'AWS Account' };
    resource.cloud_partition = partition;
    if (regional) resource.region = r.region;
    const finding: Record<string, unknown> = {
      activity_id: 1,
      activity_name: 'Create',
      category_uid: FINDINGS_CATEGORY_UID,
      category_name: 'Findings',
      class_uid: DETECTION_FINDING_CLASS_UID,
      class_name: 'Detection Finding',
      type_uid: DETECTION_FINDING_CLASS_UID * 100 + 1,
      type_name: 'Detection Finding: Create',
      time,
      time_dt: new Date(time).toISOString(),
      severity_id: severityId,
      severity: SEVERITY_NAME[severityId],
      status_id: kind === 'accepted' ? 3 : 1,
      status: kind === 'accepted' ? 'Suppressed' : 'New',
      status_code: kind === 'unknown' ? 'MANUAL' : 'FAIL',
      status_detail: statusDetail,
      message: r.detail,
      finding_info: {
        uid: uidOf(r),
        title,
        desc: r.detail,
        types: [r.service],
        created_time: time,
        ...(m?.securityHub || m?.cis
          ? {
              data_sources: [
                ...(m.securityHub ? [`AWS Security Hub ${m.securityHub}`] : []),
                ...(m.cis ? [`CIS AWS Foundations ${m.cis}`] : []),
              ],
            }
          : {}),
      },
      metadata: {
        version: OCSF_VERSION,
        product: {
          name: 'watchpost',
          vendor_name: 'watchpost',
          version: bundle.tool.version,
        },
        event_code: r.checkId,
        profiles: ['cloud'],
      },
      cloud: {
        provider: 'AWS',
        account: { uid: r.accountId, type: 'AWS Account', type_id: 10 },
        ...(regional ? { region: r.region } : {}),
      },
      resources: [resource],
      unmapped: {
        check_id: r.checkId,
        service: r.service,
        result_status: r.status,
        region: r.region,
        ...(r.cause
          ? {
              cause: {
                kind: r.cause.kind,
                code: r.cause.code,
                action: r.cause.action,
                message: r.cause.message,
              },
            }
          : {}),
        ...(r.acceptance ? { acceptance: r.acceptance } : {}),
      },
    };
    if (kind !== 'unknown' && m?.remediation) finding.remediation = { desc: m.remediation };
    yield finding;
  }
}
