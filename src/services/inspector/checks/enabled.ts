import type { CheckDefinition } from '../../../checks/types.js';
import { eachRegion, notCollected, type Verdict, verdict } from '../../../checks/types.js';
import { type Data, inventoryCount, unknownWith } from '../../../checks/util.js';
import type { AwsError } from '../../../evidence/observed.js';
import type { AccountEvidence } from '../../../evidence/schema.js';
import { accountsReviewed, allOf, everywhere, list, prose, whereOwn } from '../../../finding/prose.js';
import { INSPECTOR_SERVICE_PRINCIPAL, type InspectorRegionValue } from '../schema.js';

/**
 * The organization's Inspector delegated administrator, when an organization scan read exactly one and it
 * is another account: words for the detail and data. The read is the organization's view (see
 * services/inspector/collect.ts): it names the administrator, it does not prove this member is associated with it,
 * so the words say no more. Evidence only: unread, none, several or this account itself add nothing.
 */
export function inspectorAdministrator(account: AccountEvidence): { note: string; data: Data } {
  const read = account.delegatedAdministrators?.[INSPECTOR_SERVICE_PRINCIPAL];
  const ids = read?.ok ? read.value.accountIds : [];
  const admin = ids.length === 1 ? ids[0]! : null;
  if (!admin || admin === account.accountId) return { note: '', data: {} };
  return {
    note: ` (the organization's Inspector delegated administrator is account ${admin})`,
    data: { delegatedAdministrator: admin },
  };
}

/**
 * How the region's status was read, in organization scans that read it from the Inspector delegated
 * administrator (`--org-mode bulk|auto`, evidence `via`): words for the detail and data. Nothing without it.
 */
export function statusReadVia(v: InspectorRegionValue): { note: string; data: Data } {
  if (!v.via) return { note: '', data: {} };
  if (v.via.from === 'administrator')
    return {
      note: ` Its status was read from the administrator account ${v.via.administrator}.`,
      data: { statusReadFrom: 'administrator', statusAdministrator: v.via.administrator },
    };
  return { note: '', data: { statusReadFrom: 'account' } };
}

export const INSPECTOR_ON = new Set(['ENABLED', 'ENABLING']);

/** Workload counts in a region (null where the inventory could not be read). */
export function workloads(account: AccountEvidence, region: string) {
  const inv = account.inventory;
  return {
    ec2Instances: inventoryCount(inv?.ec2Instances[region], (v) => v.ids),
    ecrRepositories: inventoryCount(inv?.ecrRepositories[region], (v) => v.names),
    lambdaFunctions: inventoryCount(inv?.lambdaFunctions[region], (v) => v.names),
  };
}

/** Whether the inventory proves the region holds no EC2 instance, ECR repository or Lambda function. */
export function noWorkloads(w: ReturnType<typeof workloads>): boolean {
  return w.ec2Instances === 0 && w.ecrRepositories === 0 && w.lambdaFunctions === 0;
}

/**
 * The verdict of a check that judges Inspector's own work where Inspector is off: not_applicable, as
 * inspector.enabled reports it. Null where Inspector is on (ENABLED or ENABLING).
 */
export function whereInspectorOff(region: string, v: InspectorRegionValue): Verdict[] | null {
  if (INSPECTOR_ON.has(v.status.toUpperCase())) return null;
  return [
    verdict(
      region,
      null,
      'not_applicable',
      `Amazon Inspector is not enabled in ${region}; inspector.enabled reports it.`,
      { inspectorStatus: v.status },
    ),
  ];
}

const INVENTORY = {
  ec2Instances: 'ec2:DescribeInstances',
  ecrRepositories: 'ecr:DescribeRepositories',
  lambdaFunctions: 'lambda:ListFunctions',
} as const;

/** Why a workload inventory of the region is missing (the read error, or an interrupted scan). */
export function inventoryError(
  account: AccountEvidence,
  region: string,
  kind: keyof typeof INVENTORY,
): AwsError {
  const entry = account.inventory?.[kind][region];
  return entry && !entry.ok ? entry.error : notCollected(INVENTORY[kind]);
}

/**
 * eachRegion over Inspector's evidence, relevance first: a region whose inventory was read and holds no
 * EC2 instance, ECR repository or Lambda function is not_applicable even where Inspector's own status could
 * not be read (or was not collected). Elsewhere an unread status stays unknown with its cause.
 */
export function eachInspectorRegion(
  account: AccountEvidence,
  what: string,
  perRegion: (region: string, value: InspectorRegionValue) => Verdict[],
): Verdict[] {
  return eachRegion(account, account.inspector, 'inspector2:BatchGetAccountStatus', what, perRegion).map(
    (v) => {
      const entry = account.inspector?.[v.region];
      if (v.status !== 'unknown' || entry?.ok || !account.scannedRegions.includes(v.region)) return v;
      const w = workloads(account, v.region);
      if (!noWorkloads(w)) return v;
      return verdict(
        v.region,
        null,
        'not_applicable',
        `Region ${v.region} has no EC2 instances, ECR repositories or Lambda functions, so Amazon Inspector is not needed there (its status could not be read: ${v.cause?.code ?? 'not read'}).`,
        { ...w, inspectorStatusUnread: v.cause?.code ?? null },
      );
    },
  );
}

export const inspectorEnabled: CheckDefinition = {
  meta: {
    id: 'inspector.enabled',
    service: 'inspector',
    title: 'Amazon Inspector is enabled where workloads run',
    severity: 'high',
    securityHub: 'Inspector.1, Inspector.2, Inspector.3, Inspector.4',
    cis: null,
    remediation:
      'Activate Amazon Inspector in the region so EC2 instances, container images and Lambda functions are scanned for vulnerabilities.',
    scope: 'region',
    enablement: true,
  },
  evaluate(account) {
    return eachInspectorRegion(account, 'whether Amazon Inspector is enabled', (region, v) => {
      const w = workloads(account, region);
      const admin = inspectorAdministrator(account);
      const via = statusReadVia(v);
      const data = { inspectorStatus: v.status, ...w, ...admin.data, ...via.data };
      if (INSPECTOR_ON.has(v.status.toUpperCase())) {
        return [
          verdict(
            region,
            null,
            'pass',
            `Amazon Inspector is ${v.status.toLowerCase()} in ${region}${admin.note}.${via.note}`,
            data,
          ),
        ];
      }
      if (noWorkloads(w)) {
        return [
          verdict(
            region,
            null,
            'not_applicable',
            `Amazon Inspector is not enabled in ${region}, which has no EC2 instances, ECR repositories or Lambda functions.${via.note}`,
            data,
          ),
        ];
      }
      const present = (Object.keys(INVENTORY) as (keyof typeof INVENTORY)[]).filter((k) => (w[k] ?? 0) > 0);
      if (present.length > 0) {
        return [
          verdict(
            region,
            null,
            'fail',
            `Amazon Inspector is not enabled in ${region} (status ${v.status}) although workloads run there.${via.note}`,
            data,
          ),
        ];
      }
      // Off, but whether anything runs there could not be read: relevance is part of the verdict.
      const unread = (Object.keys(INVENTORY) as (keyof typeof INVENTORY)[]).find((k) => w[k] === null)!;
      return [
        unknownWith(
          region,
          null,
          inventoryError(account, region, unread),
          `whether Amazon Inspector is needed in ${region} (it is ${v.status.toLowerCase()}, but the workloads there could not be listed)`,
          data,
        ),
      ];
    });
  },
  prose: {
    fail(ctx, fails) {
      ctx.claim(fails);
      const f = whereOwn(ctx, fails);
      if (ctx.a.multiAccount)
        return [
          everywhere(fails, allOf(ctx.own)) && ctx.own.unknown.length === 0
            ? prose`Amazon Inspector, which scans EC2 instances, container images and Lambda functions for known software vulnerabilities and unintended network exposure, was not active in any region of ${accountsReviewed(fails)}.`
            : prose`Amazon Inspector, which scans EC2 instances, container images and Lambda functions for known software vulnerabilities and unintended network exposure, was not active in ${f}.`,
        ];
      return [
        ctx.own.pass.length === 0
          ? prose`Amazon Inspector, which scans EC2 instances, container images and Lambda functions for known software vulnerabilities and unintended network exposure, was not active in ${f}.`
          : prose`Amazon Inspector was active in ${list(ctx.regions(ctx.own.pass))} but not in ${f}.`,
      ];
    },
  },
};
