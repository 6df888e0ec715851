import type { CheckDefinition } from '../../../checks/types.js';
import { verdict } from '../../../checks/types.js';
import { listWords, needUndecided, unexpectedUnknown } from '../../../checks/util.js';
import { text } from '../../../finding/document.js';
import { byNames, dataStrings, list, name, prose, whereOwn } from '../../../finding/prose.js';
import {
  eachInspectorRegion,
  INSPECTOR_ON,
  inventoryError,
  whereInspectorOff,
  workloads,
} from './enabled.js';

/**
 * Inspector's scan types, as its BatchGetAccountStatus answer keys them (resourceState), with the words
 * watchpost uses for each (results' data.missingScanTypes holds the keys).
 */
export const SCAN_TYPES = {
  ec2: 'EC2 scanning',
  ecr: 'ECR container image scanning',
  lambda: 'Lambda standard scanning',
  lambdaCode: 'Lambda code scanning',
} as const;
export type ScanType = keyof typeof SCAN_TYPES;

/**
 * Regions where AWS does not offer a scan type. The Inspector API has no "not offered" state: in such a
 * region BatchGetAccountStatus leaves the scan type out of resourceState (the Inspector model marks
 * lambdaCode optional), and Enable/Disable of it answer AccessDeniedException "Lambda code scanning is not
 * supported in <region>". A scan type left out elsewhere is still unknown (a hollow answer looks the same),
 * so the regions are listed here, each where AWS itself answered that message (collected 2026-12-02):
 * us-gov-west-1 (hashicorp/terraform-provider-aws#38254, 2024-07), ap-south-1 (#38327, 2024-07-11),
 * eu-central-2 (#34039, 2024-03), ap-northeast-2 (aws-samples/inspector2-enablement-with-cli#7, 2025-04-02).
 * The user guide's "Regions and endpoints" page has the current table. A region that has since gained the
 * scan type reports its state, which is then judged as everywhere else: the table is only read where AWS
 * says nothing.
 */
export const SCAN_TYPE_NOT_OFFERED: Readonly<Partial<Record<ScanType, readonly string[]>>> = {
  lambdaCode: ['us-gov-west-1', 'ap-south-1', 'eu-central-2', 'ap-northeast-2'],
};

/** A scan type AWS left out of the region's answer where it is known not to offer it. */
export function notOffered(t: ScanType, region: string, state: string | null | undefined): boolean {
  return state == null && (SCAN_TYPE_NOT_OFFERED[t] ?? []).includes(region);
}

export const inspectorScanTypes: CheckDefinition = {
  meta: {
    id: 'inspector.scan-types',
    service: 'inspector',
    title: 'Amazon Inspector scans every kind of workload present',
    severity: 'high',
    securityHub: 'Inspector.1, Inspector.2, Inspector.3, Inspector.4',
    cis: null,
    remediation:
      'Turn on the Inspector scan types (EC2, ECR, Lambda, Lambda code) that match the workloads running in the region.',
    scope: 'region',
    enablement: false,
  },
  evaluate(account) {
    return eachInspectorRegion(account, 'which Amazon Inspector scan types are active', (region, v) => {
      const inspectorOff = whereInspectorOff(region, v);
      if (inspectorOff) return inspectorOff;
      const w = workloads(account, region);
      const count: Record<ScanType, number | null> = {
        ec2: w.ec2Instances,
        ecr: w.ecrRepositories,
        lambda: w.lambdaFunctions,
        lambdaCode: w.lambdaFunctions,
      };
      // A scan type AWS does not offer in the region is not applicable there, never a gap.
      const unoffered = (Object.keys(SCAN_TYPES) as ScanType[]).filter((t) =>
        notOffered(t, region, v.scanTypes[t]),
      );
      const types = (Object.keys(SCAN_TYPES) as ScanType[]).filter((t) => !unoffered.includes(t));
      const off = (t: ScanType) =>
        v.scanTypes[t] !== null && !INSPECTOR_ON.has(v.scanTypes[t]!.toUpperCase());
      // A scan type matters where its workloads are proven present; where they could not be listed,
      // an inactive scan type is unknown, not a gap.
      const relevant = types.filter((t) => count[t] !== 0);
      const missing = types.filter((t) => (count[t] ?? 0) > 0 && off(t));
      const undecided = types.filter((t) => count[t] === null && off(t));
      const notReported = relevant.filter((t) => v.scanTypes[t] === null);
      const data = {
        ...w,
        relevantScanTypes: relevant,
        missingScanTypes: missing,
        notReportedScanTypes: notReported,
        notOfferedScanTypes: unoffered,
        // Recorded, not judged: watchpost lists no connected code repositories (GitHub, GitLab) that
        // would make it relevant in a region.
        codeRepositoryScanning: v.scanTypes.codeRepository ?? null,
      };
      if (relevant.length === 0) {
        return [
          verdict(
            region,
            null,
            'not_applicable',
            `Region ${region} has no EC2 instances, ECR repositories or Lambda functions to scan.`,
            data,
          ),
        ];
      }
      if (missing.length > 0) {
        return [
          verdict(
            region,
            null,
            'fail',
            `Amazon Inspector in ${region} does not run ${listWords(missing.map((t) => SCAN_TYPES[t]))} although matching workloads run there.`,
            data,
          ),
        ];
      }
      if (undecided.length > 0) {
        const t = undecided[0]!;
        const kind = t === 'ec2' ? 'ec2Instances' : t === 'ecr' ? 'ecrRepositories' : 'lambdaFunctions';
        return [
          needUndecided(
            region,
            inventoryError(account, region, kind),
            'Amazon Inspector',
            undecided.map((x) => SCAN_TYPES[x]),
            'inactive, but the workloads there could not be listed',
            data,
          ),
        ];
      }
      if (notReported.length > 0) {
        return [
          unexpectedUnknown(
            region,
            null,
            'inspector2:BatchGetAccountStatus',
            'ScanTypeNotReported',
            `no state reported for ${notReported.join(', ')}`,
            `whether Amazon Inspector runs ${listWords(notReported.map((t) => SCAN_TYPES[t]))}`,
            data,
          ),
        ];
      }
      const aside =
        unoffered.length > 0
          ? ` (${listWords(unoffered.map((t) => SCAN_TYPES[t]))} ${unoffered.length === 1 ? 'is' : 'are'} not offered there)`
          : '';
      return [
        verdict(
          region,
          null,
          'pass',
          `Amazon Inspector in ${region} scans every workload type present${aside}.`,
          data,
        ),
      ];
    });
  },
  prose: {
    // Regions missing the same scan types share a sentence.
    fail(ctx, fails) {
      const bySet = byNames(
        fails,
        (r) =>
          (dataStrings(r.data.missingScanTypes) ?? []).map((t) =>
            Object.hasOwn(SCAN_TYPES, t) ? text(SCAN_TYPES[t as ScanType]) : name(t, 40),
          ),
        false,
      );
      return [...bySet].map(([key, g]) => {
        ctx.claim(g.results);
        const types = key ? list(g.names) : [text('some scan types')];
        return prose`In ${whereOwn(ctx, g.results)}, Inspector was active but ${types} ${text(key.includes(',') ? 'were' : 'was')} switched off although workloads of that kind were running there.`;
      });
    },
  },
};
