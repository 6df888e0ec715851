/**
 * Shield's part of the evidence (AccountEvidence.shield): the Shield Advanced subscription and, only when it
 * is ACTIVE, what Shield Advanced protects and how (`advanced`; absent when the subscription is not active,
 * or in a bundle written before these reads existed).
 */
import * as z from 'zod';
import { nstr, observed, regional, str } from '../../evidence/observed.js';

export const ShieldProtectionSchema = z.object({
  id: str,
  name: str,
  resourceArn: str,
  /**
   * DescribeProtection's automatic application-layer mitigation status (ENABLED | DISABLED; null when the
   * answer had no such configuration). Read only for protections of CloudFront distributions and
   * Application Load Balancers; null for the others.
   */
  appLayer: observed(z.object({ status: nstr })).nullable(),
});

export const ShieldAdvancedSchema = z.object({
  /** DescribeSubscription: AutoRenew (ENABLED | DISABLED), ProactiveEngagementStatus (ENABLED | DISABLED | PENDING); null when not said. */
  subscription: observed(z.object({ autoRenew: nstr, proactiveEngagementStatus: nstr })),
  /** DescribeEmergencyContactSettings: how many emergency contacts (the addresses are not kept). */
  emergencyContacts: observed(z.object({ count: z.number().int() })),
  protections: observed(z.object({ protections: z.array(ShieldProtectionSchema) })),
  /** Elastic IPs per scanned region (ec2:DescribeAddresses), by allocation ARN. */
  elasticIps: regional(
    z.object({ addresses: z.array(z.object({ arn: str, allocationId: str, publicIp: nstr })) }),
  ),
  /** Global Accelerator accelerators; null in a partition without Global Accelerator. */
  accelerators: observed(z.object({ accelerators: z.array(z.object({ arn: str, name: str })) })).nullable(),
  /** Route 53 hosted zones; `privateZone` null when the answer did not say. */
  hostedZones: observed(
    z.object({
      zones: z.array(z.object({ id: str, arn: str, name: str, privateZone: z.boolean().nullable() })),
    }),
  ),
});
export type ShieldAdvancedEvidence = z.infer<typeof ShieldAdvancedSchema>;

export const ShieldEvidenceSchema = observed(
  z.object({
    subscriptionState: str, // ACTIVE | INACTIVE
    advanced: ShieldAdvancedSchema.optional(),
  }),
);
export type ShieldEvidence = z.infer<typeof ShieldEvidenceSchema>;
