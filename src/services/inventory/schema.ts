/** The shared workload inventory (AccountEvidence.inventory): what makes a service relevant in a region. */
import * as z from 'zod';
import { nstr, observed, regional, str } from '../../evidence/observed.js';

/** Workloads that make a service relevant in a region. */
export const InventorySchema = z.object({
  ec2Instances: regional(z.object({ ids: z.array(str) })), // not terminated
  ecrRepositories: regional(z.object({ names: z.array(str) })),
  lambdaFunctions: regional(z.object({ names: z.array(str) })),
  /** ListBuckets is global; `region` is the bucket's region (null when AWS did not say). */
  s3Buckets: observed(z.object({ buckets: z.array(z.object({ name: str, region: nstr })) })),
});
export type Inventory = z.infer<typeof InventorySchema>;
