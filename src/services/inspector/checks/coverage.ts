import type { CheckDefinition } from '../../../checks/types.js';
import { notCollected, verdict } from '../../../checks/types.js';
import { listWords, unexpectedUnknown, unknownWith } from '../../../checks/util.js';
import { text } from '../../../finding/document.js';
import { dataStrings, list, name, prose, whereOwn } from '../../../finding/prose.js';
import { eachInspectorRegion, noWorkloads, whereInspectorOff, workloads } from './enabled.js';

/**
 * Reasons (ListCoverage scanStatus.reason) for which an INACTIVE resource is no gap: nothing is running to
 * scan (stopped, terminated, archived), the client excluded it on purpose (by tag), the image aged out of
 * its rescan duration, or Inspector is being switched off. Every other reason (NO_INVENTORY,
 * UNMANAGED_EC2_INSTANCE: no SSM agent reporting, UNSUPPORTED_OS, ACCESS_DENIED, …) is a resource Inspector
 * covers but does not scan.
 */
export const NOT_A_GAP: ReadonlySet<string> = new Set([
  'EC2_INSTANCE_STOPPED',
  'RESOURCE_STOPPED',
  'RESOURCE_TERMINATED',
  'IMAGE_ARCHIVED',
  'EXCLUDED_BY_TAG',
  'SCAN_ELIGIBILITY_EXPIRED',
  'PENDING_DISABLE',
  'NO_RESOURCES_FOUND',
]);

/** Resource types judged here (code repositories are not: watchpost does not list them). */
const TYPES: Readonly<Record<string, string>> = {
  AWS_EC2_INSTANCE: 'EC2 instance',
  AWS_ECR_CONTAINER_IMAGE: 'container image',
  AWS_ECR_REPOSITORY: 'ECR repository',
  AWS_LAMBDA_FUNCTION: 'Lambda function',
};

const WHAT = 'which resources Amazon Inspector is not scanning';

/**
 * Said where an EC2 instance is not scanned while EC2 scanning is agent-based only: hybrid mode
 * (EC2_HYBRID) scans instances without a working SSM agent agentlessly (Inspector user guide, "Scanning
 * Amazon EC2 instances").
 */
function agentOnly(gaps: readonly { resourceType: string }[], scanMode: string | null): string {
  return scanMode?.toUpperCase() === 'EC2_SSM_AGENT_BASED' &&
    gaps.some((g) => g.resourceType === 'AWS_EC2_INSTANCE')
    ? '; EC2 scanning is agent-based only (EC2_SSM_AGENT_BASED), where hybrid mode would scan instances without a working SSM agent agentlessly'
    : '';
}

export const inspectorCoverage: CheckDefinition = {
  meta: {
    id: 'inspector.coverage',
    service: 'inspector',
    title: 'Amazon Inspector scans the resources it covers',
    severity: 'medium',
    securityHub: null,
    cis: null,
    remediation:
      'Fix what keeps Inspector from scanning each listed resource: install or repair the SSM agent and its instance profile (or turn on agentless hybrid scanning), move to a supported operating system or runtime, and grant the access Inspector needs.',
    scope: 'region',
    enablement: false,
  },
  evaluate(account) {
    return eachInspectorRegion(account, WHAT, (region, v) => {
      const off = whereInspectorOff(region, v);
      if (off) return off;
      const w = workloads(account, region);
      if (noWorkloads(w)) {
        return [
          verdict(
            region,
            null,
            'not_applicable',
            `Region ${region} has no EC2 instances, ECR repositories or Lambda functions to scan.`,
            w,
          ),
        ];
      }
      if (!v.coverage) return [unknownWith(region, null, notCollected('inspector2:ListCoverage'), WHAT, w)];
      if (!v.coverage.ok) return [unknownWith(region, null, v.coverage.error, WHAT, w)];
      const judged = v.coverage.value.inactive
        .filter((r) => Object.hasOwn(TYPES, r.resourceType))
        .sort((a, b) => (a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : 0));
      const gaps = judged.filter(
        (r) => r.statusCode?.toUpperCase() === 'INACTIVE' && !NOT_A_GAP.has((r.reason ?? '').toUpperCase()),
      );
      const unreported = judged.filter((r) => r.statusCode === null);
      const line = (r: (typeof judged)[number]) => `${r.resourceId} (${r.reason ?? 'no reason given'})`;
      // How Inspector scans EC2 instances (GetConfiguration; evidence only, never a verdict).
      const scanMode = v.ec2ScanMode?.ok ? v.ec2ScanMode.value.scanMode : null;
      const data = {
        ...w,
        ec2ScanMode: scanMode,
        notScanned: gaps.map(line),
        notScannedTypes: [...new Set(gaps.map((r) => r.resourceType))].sort(),
        inactiveNoGap: judged.filter((r) => !gaps.includes(r) && !unreported.includes(r)).map(line),
      };
      if (gaps.length > 0) {
        return [
          verdict(
            region,
            null,
            'fail',
            `Amazon Inspector in ${region} covers but does not scan ${listWords(gaps.map(line))}${agentOnly(gaps, scanMode)}.`,
            data,
          ),
        ];
      }
      if (unreported.length > 0) {
        return [
          unexpectedUnknown(
            region,
            null,
            'inspector2:ListCoverage',
            'ScanStatusNotReported',
            `no scan status reported for ${listWords(unreported.map((r) => r.resourceId))}`,
            WHAT,
            data,
          ),
        ];
      }
      return [
        verdict(
          region,
          null,
          'pass',
          `Amazon Inspector in ${region} reports no resource it covers but does not scan.`,
          data,
        ),
      ];
    });
  },
  prose: {
    fail(ctx, fails) {
      return fails.map((r) => {
        ctx.claim([r]);
        const items = (dataStrings(r.data.notScanned) ?? []).map((x) => [name(x, 120)]);
        const what = items.length > 0 ? list(items) : [text('some resources')];
        return prose`In ${whereOwn(ctx, [r])}, Amazon Inspector was active but was not scanning ${what}, so vulnerabilities in ${text(items.length === 1 ? 'it' : 'them')} would go unreported.`;
      });
    },
  },
};
