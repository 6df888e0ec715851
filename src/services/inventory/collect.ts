/**
 * Workloads that make a service relevant in a region: EC2 instances (not terminated), ECR repositories,
 * Lambda functions, and S3 buckets with their region. A failed read stays an error, never an empty list.
 */

import { type AwsSession, globalRegion } from '../../aws/gateway.js';
import type { Observed } from '../../evidence/observed.js';
import { all } from '../collect-util.js';
import type { Collector, CollectorPart } from '../types.js';
import { OPS } from './operations.js';
import type { Inventory } from './schema.js';

type Names<K extends string> = Observed<Record<K, string[]>>;

export interface InstanceAnswer {
  InstanceId?: string | undefined;
  State?: { Name?: string | undefined } | undefined;
}

/** Instance ids that are not terminated (shutting-down counts: it still exists). */
export function liveInstanceIds(
  reservations: readonly { Instances?: InstanceAnswer[] | undefined }[],
): string[] {
  const ids: string[] = [];
  for (const r of reservations) {
    for (const i of r.Instances ?? []) {
      if (i.InstanceId && i.State?.Name !== 'terminated') ids.push(i.InstanceId);
    }
  }
  return ids;
}

export async function collectEc2Instances(session: AwsSession, region: string): Promise<Names<'ids'>> {
  const res = await session.paginate(
    OPS.describeInstances,
    region,
    { MaxResults: 1000 },
    { inputToken: 'NextToken', outputToken: (o) => o.NextToken, items: (o) => o.Reservations },
  );
  return res.ok ? { ok: true, value: { ids: liveInstanceIds(res.value) } } : res;
}

export async function collectEcrRepositories(session: AwsSession, region: string): Promise<Names<'names'>> {
  const res = await session.paginate(
    OPS.describeRepositories,
    region,
    { maxResults: 1000 },
    { inputToken: 'nextToken', outputToken: (o) => o.nextToken, items: (o) => o.repositories },
  );
  if (!res.ok) return res;
  return {
    ok: true,
    value: { names: res.value.flatMap((r) => (r.repositoryName ? [r.repositoryName] : [])) },
  };
}

export async function collectLambdaFunctions(session: AwsSession, region: string): Promise<Names<'names'>> {
  const res = await session.paginate(
    OPS.listFunctions,
    region,
    { MaxItems: 50 },
    { inputToken: 'Marker', outputToken: (o) => o.NextMarker, items: (o) => o.Functions },
  );
  if (!res.ok) return res;
  return { ok: true, value: { names: res.value.flatMap((f) => (f.FunctionName ? [f.FunctionName] : [])) } };
}

/**
 * GetBucketLocation's LocationConstraint to a region name: null/"" is us-east-1, "EU" is eu-west-1 (legacy
 * values documented in the S3 API reference).
 */
export function bucketRegionFromLocation(constraint: string | null | undefined): string {
  if (constraint === undefined || constraint === null || constraint === '') return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

export async function collectS3Buckets(
  session: AwsSession,
  partition: string,
): Promise<Inventory['s3Buckets']> {
  const home = globalRegion(partition);
  // A parameter (MaxBuckets) is needed for AWS to include BucketRegion in the answer.
  const res = await session.paginate(
    OPS.listBuckets,
    home,
    { MaxBuckets: 1000 },
    { inputToken: 'ContinuationToken', outputToken: (o) => o.ContinuationToken, items: (o) => o.Buckets },
  );
  if (!res.ok) return res;
  const buckets = await all(
    res.value.filter((b) => typeof b.Name === 'string' && b.Name.length > 0),
    async (b) => {
      const name = b.Name as string;
      if (b.BucketRegion) return { name, region: b.BucketRegion };
      const loc = await session.call(OPS.getBucketLocation, home, { Bucket: name });
      // A failed GetBucketLocation leaves the region unknown (null), never guessed.
      return { name, region: loc.ok ? bucketRegionFromLocation(loc.value.LocationConstraint) : null };
    },
  );
  return { ok: true, value: { buckets } };
}

const PARTS = {
  ec2: { name: 'inventory:ec2', operations: [OPS.describeInstances] },
  ecr: { name: 'inventory:ecr', operations: [OPS.describeRepositories] },
  lambda: { name: 'inventory:lambda', operations: [OPS.listFunctions] },
  s3: { name: 'inventory:s3', operations: [OPS.listBuckets, OPS.getBucketLocation] },
} as const satisfies Record<string, CollectorPart>;

export const collect: Collector<Inventory> = async (kit) => {
  const { session, partition } = kit;
  const [ec2Instances, ecrRepositories, lambdaFunctions, s3Buckets] = await Promise.all([
    kit.regional(PARTS.ec2, (r) => collectEc2Instances(session, r)),
    kit.regional(PARTS.ecr, (r) => collectEcrRepositories(session, r)),
    kit.regional(PARTS.lambda, (r) => collectLambdaFunctions(session, r)),
    kit.global(PARTS.s3, () => collectS3Buckets(session, partition)),
  ]);
  return { ec2Instances, ecrRepositories, lambdaFunctions, s3Buckets };
};
