/**
 * One account's evidence: regions first, then every selected service in every scanned region at once (the
 * gateway bounds concurrency). AWS errors never escape: each read is recorded as Observed. Should a collector
 * itself fail unexpectedly, its part of the evidence records that failure instead of being left out.
 */

import type { AwsSession } from '../aws/gateway.js';
import type { AwsError, Observed } from '../evidence/observed.js';
import type { AccountEvidence, ServiceId } from '../evidence/schema.js';
import { SERVICES } from '../evidence/schema.js';
import { collectCloudTrail } from '../services/cloudtrail/collect.js';
import { OPS as CLOUDTRAIL } from '../services/cloudtrail/operations.js';
import { collectGuardDutyRegion } from '../services/guardduty/collect.js';
import { OPS as GUARDDUTY } from '../services/guardduty/operations.js';
import { collectInspectorRegion } from '../services/inspector/collect.js';
import { OPS as INSPECTOR } from '../services/inspector/operations.js';
import {
  collectEc2Instances,
  collectEcrRepositories,
  collectLambdaFunctions,
  collectS3Buckets,
} from '../services/inventory/collect.js';
import { OPS as INVENTORY } from '../services/inventory/operations.js';
import { collectMacieRegion } from '../services/macie/collect.js';
import { OPS as MACIE } from '../services/macie/operations.js';
import { collectShield } from '../services/shield/collect.js';
import { OPS as SHIELD } from '../services/shield/operations.js';
import { collectTrustedAdvisor } from '../services/trustedadvisor/collect.js';
import { OPS as TRUSTEDADVISOR } from '../services/trustedadvisor/operations.js';
import {
  collectDistributions,
  collectGraphqlApis,
  collectLoadBalancers,
  collectRestApis,
  collectUserPools,
} from '../services/waf/collect.js';
import { OPS as WAF } from '../services/waf/operations.js';
import { listRegions } from './regions.js';

export interface CollectContext {
  accountId: string;
  partition: string;
  callerArn: string;
  requestedRegions?: string[];
  services?: ServiceId[];
  onProgress?: (e: { region: string; service: string }) => void;
}

/** The operations whose answers each collector reads (named when a collector fails). */
const COLLECTOR_OPERATIONS: Record<string, readonly { name: string; iamAction: string }[]> = {
  'inventory:ec2': [INVENTORY.describeInstances],
  'inventory:ecr': [INVENTORY.describeRepositories],
  'inventory:lambda': [INVENTORY.listFunctions],
  'inventory:s3': [INVENTORY.listBuckets, INVENTORY.getBucketLocation],
  cloudtrail: [CLOUDTRAIL.describeTrails, CLOUDTRAIL.getTrailStatus, CLOUDTRAIL.getEventSelectors],
  trustedadvisor: [
    TRUSTEDADVISOR.describeTrustedAdvisorChecks,
    TRUSTEDADVISOR.describeTrustedAdvisorCheckSummaries,
  ],
  inspector: [INSPECTOR.batchGetAccountStatus],
  macie: [MACIE.getMacieSession, MACIE.getMacieAdministrator],
  guardduty: [GUARDDUTY.listDetectors, GUARDDUTY.getDetector, GUARDDUTY.getGuardDutyAdministrator],
  'waf:apigateway': [WAF.getRestApis, WAF.getStages],
  'waf:elbv2': [WAF.describeLoadBalancers, WAF.getWebAclForResource],
  'waf:cloudfront': [WAF.listDistributions],
  'waf:appsync': [WAF.listGraphqlApis],
  'waf:cognito': [WAF.listUserPools, WAF.getWebAclForResource],
  shield: [SHIELD.getSubscriptionState],
};

/**
 * The error recorded when a collector failed for a reason other than an AWS answer (a defect in watchpost,
 * or an answer its rule let through that the collector could not use). The cause names the operations
 * whose answers were being read, in plain words; the program's own error message ("x is not a function")
 * is not a cause a reader can act on and is left out.
 */
export function collectorFailure(service: string, _err: unknown): AwsError {
  const ops = COLLECTOR_OPERATIONS[service] ?? [];
  const names = ops.length > 0 ? ops.map((o) => o.iamAction).join(', ') : service;
  return {
    kind: 'other',
    code: 'CollectorFailed',
    message: `watchpost could not use the answers to ${names}: nothing was concluded from them`,
    action: ops[0]?.iamAction ?? `watchpost:collect:${service}`,
    httpStatus: null,
  };
}

function failedRegions<T>(regions: readonly string[], error: AwsError): Record<string, Observed<T>> {
  return Object.fromEntries(regions.map((r) => [r, { ok: false, error } as Observed<T>]));
}

async function guarded<T>(service: string, run: () => Promise<T>, onFailure: (e: AwsError) => T): Promise<T> {
  try {
    return await run();
  } catch (err) {
    return onFailure(collectorFailure(service, err));
  }
}

export async function collectAccount(session: AwsSession, ctx: CollectContext): Promise<AccountEvidence> {
  const { accountId, partition } = ctx;
  const services = new Set<ServiceId>(ctx.services && ctx.services.length > 0 ? ctx.services : SERVICES);
  const progress = (service: string, region: string) => ctx.onProgress?.({ region, service });

  const sel = await listRegions(session, partition, ctx.requestedRegions);
  const regions = sel.scanned;

  /** Reads one region at a time (so progress is per region), merged into one record. */
  const regional = async <T>(
    service: string,
    read: (region: string) => Promise<Observed<T>>,
  ): Promise<Record<string, Observed<T>>> => {
    const entries = await Promise.all(
      regions.map(async (r) => {
        let value: Observed<T>;
        try {
          value = await read(r);
        } catch (err) {
          value = { ok: false, error: collectorFailure(service, err) };
        }
        progress(service, r);
        return [r, value] as const;
      }),
    );
    return Object.fromEntries(entries);
  };
  const global = async <T>(service: string, read: () => Promise<Observed<T>>): Promise<Observed<T>> => {
    let value: Observed<T>;
    try {
      value = await read();
    } catch (err) {
      value = { ok: false, error: collectorFailure(service, err) };
    }
    progress(service, 'global');
    return value;
  };

  const needInventory = services.has('inspector') || services.has('macie');
  const [inventory, cloudtrail, trustedadvisor, inspector, macie, guardduty, waf, shield] = await Promise.all(
    [
      needInventory
        ? (async () => {
            const [ec2Instances, ecrRepositories, lambdaFunctions, s3Buckets] = await Promise.all([
              regional('inventory:ec2', (r) => collectEc2Instances(session, r)),
              regional('inventory:ecr', (r) => collectEcrRepositories(session, r)),
              regional('inventory:lambda', (r) => collectLambdaFunctions(session, r)),
              global('inventory:s3', () => collectS3Buckets(session, partition)),
            ]);
            return { ec2Instances, ecrRepositories, lambdaFunctions, s3Buckets };
          })()
        : undefined,
      services.has('cloudtrail')
        ? guarded(
            'cloudtrail',
            async () => {
              const ev = await collectCloudTrail(session, regions);
              for (const r of regions) progress('cloudtrail', r);
              return ev;
            },
            (e) => ({ regions: failedRegions<{ trailArns: string[] }>(regions, e), trails: [] }),
          )
        : undefined,
      services.has('trustedadvisor')
        ? global('trustedadvisor', () => collectTrustedAdvisor(session, partition))
        : undefined,
      services.has('inspector')
        ? regional('inspector', (r) => collectInspectorRegion(session, accountId, r))
        : undefined,
      services.has('macie') ? regional('macie', (r) => collectMacieRegion(session, r)) : undefined,
      services.has('guardduty')
        ? regional('guardduty', (r) => collectGuardDutyRegion(session, r))
        : undefined,
      services.has('waf')
        ? (async () => {
            const [restApis, loadBalancers, cloudFront, appSync, cognito] = await Promise.all([
              regional('waf:apigateway', (r) => collectRestApis(session, partition, r)),
              regional('waf:elbv2', (r) => collectLoadBalancers(session, r)),
              global('waf:cloudfront', () => collectDistributions(session, partition)),
              regional('waf:appsync', (r) => collectGraphqlApis(session, r)),
              regional('waf:cognito', (r) => collectUserPools(session, partition, accountId, r)),
            ]);
            return { restApis, loadBalancers, cloudFront, appSync, cognito };
          })()
        : undefined,
      services.has('shield') ? global('shield', () => collectShield(session, partition)) : undefined,
    ],
  );

  const evidence: AccountEvidence = {
    accountId,
    partition,
    callerArn: ctx.callerArn,
    regionListing: sel.listing,
    scannedRegions: regions,
    unavailableRegions: sel.unavailable,
    accessError: null,
  };
  if (inventory) evidence.inventory = inventory;
  if (cloudtrail) evidence.cloudtrail = cloudtrail;
  if (trustedadvisor) evidence.trustedadvisor = trustedadvisor;
  if (inspector) evidence.inspector = inspector;
  if (macie) evidence.macie = macie;
  if (guardduty) evidence.guardduty = guardduty;
  if (waf) evidence.waf = waf;
  if (shield) evidence.shield = shield;
  return evidence;
}
