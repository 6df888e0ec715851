/**
 * GuardDuty's protection plans, each with the names its detector's `Features[]` reports it under: read by
 * the protection-plans check and by the finding.
 */
export const PLANS: readonly { name: string; features: readonly string[] }[] = [
  { name: 'S3 Protection', features: ['S3_DATA_EVENTS'] },
  { name: 'EKS Protection', features: ['EKS_AUDIT_LOGS'] },
  { name: 'Malware Protection for EC2', features: ['EBS_MALWARE_PROTECTION'] },
  { name: 'RDS Protection', features: ['RDS_LOGIN_EVENTS'] },
  { name: 'Lambda Protection', features: ['LAMBDA_NETWORK_LOGS'] },
  { name: 'Runtime Monitoring', features: ['RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING'] },
];

/** The plan a result names (data.disabledPlans holds plan names; a feature name maps to its plan). */
export function planName(nameOrFeature: string): string | undefined {
  return PLANS.find((p) => p.name === nameOrFeature || p.features.includes(nameOrFeature))?.name;
}
