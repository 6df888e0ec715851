/**
 * Amazon GuardDuty's reads, each with the rule its answers must meet, and the workload reads that decide
 * whether its EKS, RDS and Runtime Monitoring plans are needed (EKS clusters, RDS databases, ECS
 * clusters): made by the GuardDuty collector only where a detector is on and the plan is not, so they live
 * here rather than in the shared inventory, which every selected service pays for.
 */
import { ListClustersCommand as ListEcsClustersCommand } from '@aws-sdk/client-ecs';
import { ListClustersCommand as ListEksClustersCommand } from '@aws-sdk/client-eks';
import {
  DescribeOrganizationConfigurationCommand,
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  GetMalwareProtectionPlanCommand,
  ListDetectorsCommand,
  ListMalwareProtectionPlansCommand,
  ListMembersCommand,
} from '@aws-sdk/client-guardduty';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { flag, list, optional, record, text } from '../../aws/answers.js';
import { type Input, op } from '../../aws/operation.js';

// biome-ignore format: each operation's call on one line, its answer rule under it
export const OPS = {
  // GuardDuty model, ListDetectors: `detectorIds` is a required member.
  listDetectors: op('guardduty', 'ListDetectorsCommand', 'guardduty:ListDetectors', (c, i: Input<typeof ListDetectorsCommand>, s) => c.send(new ListDetectorsCommand(i), { abortSignal: s }),
    { fields: { DetectorIds: list(text()), NextToken: optional(text()) } }),
  // GuardDuty model, ListMembers (asked of an administrator's detector, organization scans with
  // --org-mode bulk|auto, pipeline/org-bulk.ts): `Members` is a required member; each Member requires
  // AccountId, MasterId, Email, RelationshipStatus and UpdatedAt ("the status of the relationship between
  // the member and the administrator"); AdministratorId is optional. Read: AccountId, RelationshipStatus
  // and the administrator ids (required here: an entry without them cannot be placed).
  listGuardDutyMembers: op('guardduty', 'ListMembersCommand', 'guardduty:ListMembers', (c, i: Input<typeof ListMembersCommand>, s) => c.send(new ListMembersCommand(i), { abortSignal: s }),
    { fields: { Members: list(record({ AccountId: text(), RelationshipStatus: text(), MasterId: optional(text()), AdministratorId: optional(text()) })), NextToken: optional(text()) } }),
  // GuardDuty model, GetDetector: `status` is a required member, `features` optional (absent is reported
  // as such: an unknown of the protection-plans check). A feature without its name or status says
  // nothing and is not dropped silently. The same for each entry of a feature's optional
  // AdditionalConfiguration (Runtime Monitoring's agent management: EKS_ADDON_MANAGEMENT,
  // ECS_FARGATE_AGENT_MANAGEMENT, EC2_AGENT_MANAGEMENT).
  getDetector: op('guardduty', 'GetDetectorCommand', 'guardduty:GetDetector', (c, i: Input<typeof GetDetectorCommand>, s) => c.send(new GetDetectorCommand(i), { abortSignal: s }),
    { fields: { Status: text(), Features: optional(list(record({ Name: text(), Status: text(), AdditionalConfiguration: optional(list(record({ Name: text(), Status: text() }))) }))) } }),
  // Evidence only (who manages the detector), never a verdict: read when present.
  getGuardDutyAdministrator: op('guardduty', 'GetAdministratorAccountCommand', 'guardduty:GetAdministratorAccount', (c, i: Input<typeof GetAdministratorAccountCommand>, s) => c.send(new GetAdministratorAccountCommand(i), { abortSignal: s }),
    { fields: { Administrator: optional(record({ AccountId: optional(text()), RelationshipStatus: optional(text()) })) } }),
  // GuardDuty model, DescribeOrganizationConfiguration: answered only to the organization's delegated
  // GuardDuty administrator. `memberAccountLimitReached` is a required member; `autoEnableOrganizationMembers`
  // (NEW | ALL | NONE) and `features` are optional (not reported: said so, never read as NONE).
  describeOrganizationConfiguration: op('guardduty', 'DescribeOrganizationConfigurationCommand', 'guardduty:DescribeOrganizationConfiguration', (c, i: Input<typeof DescribeOrganizationConfigurationCommand>, s) => c.send(new DescribeOrganizationConfigurationCommand(i), { abortSignal: s }),
    { fields: { MemberAccountLimitReached: flag(), AutoEnableOrganizationMembers: optional(text()), AutoEnable: optional(flag()), Features: optional(list(record({ Name: text(), AutoEnable: text() }))), NextToken: optional(text()) } }),
  // Malware Protection for S3 (a plan per protected bucket, independent of the detector). The list holds
  // only each plan's id; GetMalwareProtectionPlan names the bucket. Evidence for the details, never a verdict.
  listMalwareProtectionPlans: op('guardduty', 'ListMalwareProtectionPlansCommand', 'guardduty:ListMalwareProtectionPlans', (c, i: Input<typeof ListMalwareProtectionPlansCommand>, s) => c.send(new ListMalwareProtectionPlansCommand(i), { abortSignal: s }),
    { fields: { MalwareProtectionPlans: list(record({ MalwareProtectionPlanId: text() })), NextToken: optional(text()) } }),
  getMalwareProtectionPlan: op('guardduty', 'GetMalwareProtectionPlanCommand', 'guardduty:GetMalwareProtectionPlan', (c, i: Input<typeof GetMalwareProtectionPlanCommand>, s) => c.send(new GetMalwareProtectionPlanCommand(i), { abortSignal: s }),
    { fields: { ProtectedResource: record({ S3Bucket: optional(record({ BucketName: optional(text()) })) }), Status: optional(text()) } }),
  // EKS answers `clusters` (names; empty when there is none).
  listEksClusters: op('eks', 'ListClustersCommand', 'eks:ListClusters', (c, i: Input<typeof ListEksClustersCommand>, s) => c.send(new ListEksClustersCommand(i), { abortSignal: s }),
    { fields: { clusters: list(text()), nextToken: optional(text()) } }),
  // ECS answers `clusterArns` (empty when there is none).
  listEcsClusters: op('ecs', 'ListClustersCommand', 'ecs:ListClusters', (c, i: Input<typeof ListEcsClustersCommand>, s) => c.send(new ListEcsClustersCommand(i), { abortSignal: s }),
    { fields: { clusterArns: list(text()), nextToken: optional(text()) } }),
  // RDS answers <DBInstances> / <DBClusters> (an empty element when there is none); each with its engine,
  // which decides whether RDS Protection covers it. DescribeDBClusters also lists Aurora clusters whose
  // instances are not listed as DB instances (Aurora PostgreSQL Limitless Database).
  describeDbInstances: op('rds', 'DescribeDBInstancesCommand', 'rds:DescribeDBInstances', (c, i: Input<typeof DescribeDBInstancesCommand>, s) => c.send(new DescribeDBInstancesCommand(i), { abortSignal: s }),
    { fields: { DBInstances: list(record({ DBInstanceIdentifier: text(), Engine: text() })), Marker: optional(text()) } }, { lists: ['DBInstances'] }),
  describeDbClusters: op('rds', 'DescribeDBClustersCommand', 'rds:DescribeDBClusters', (c, i: Input<typeof DescribeDBClustersCommand>, s) => c.send(new DescribeDBClustersCommand(i), { abortSignal: s }),
    { fields: { DBClusters: list(record({ DBClusterIdentifier: text(), Engine: text() })), Marker: optional(text()) } }, { lists: ['DBClusters'] }),
} as const;
