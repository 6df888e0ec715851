/**
 * Every operation watchpost can call, by name, for the tests that walk them all (answer rules, hollow
 * answers, the fault matrix). The product has no such object: each service declares its own operations
 * (src/services/<service>/operations.ts); test/unit/operations.test.ts proves this one holds every
 * registered operation exactly once.
 */
import { CORE_OPS } from '../../src/aws/core-operations.js';
import { OPS as CLOUDTRAIL } from '../../src/services/cloudtrail/operations.js';
import { OPS as GUARDDUTY } from '../../src/services/guardduty/operations.js';
import { OPS as INSPECTOR } from '../../src/services/inspector/operations.js';
import { OPS as INVENTORY } from '../../src/services/inventory/operations.js';
import { OPS as MACIE } from '../../src/services/macie/operations.js';
import { OPS as ORGANIZATIONS } from '../../src/services/organizations/operations.js';
import { OPS as SHIELD } from '../../src/services/shield/operations.js';
import { OPS as TRUSTEDADVISOR } from '../../src/services/trustedadvisor/operations.js';
import { OPS as USAGE } from '../../src/services/usage/operations.js';
import { OPS as WAF } from '../../src/services/waf/operations.js';

export type { Operation } from '../../src/aws/operation.js';

/** In the order of the one list they were declared in before each service had its own. */
export const OPS = {
  getCallerIdentity: CORE_OPS.getCallerIdentity,
  assumeRole: CORE_OPS.assumeRole,
  describeRegions: CORE_OPS.describeRegions,
  describeInstances: INVENTORY.describeInstances,
  describeTrails: CLOUDTRAIL.describeTrails,
  getTrailStatus: CLOUDTRAIL.getTrailStatus,
  getEventSelectors: CLOUDTRAIL.getEventSelectors,
  describeTrustedAdvisorChecks: TRUSTEDADVISOR.describeTrustedAdvisorChecks,
  describeTrustedAdvisorCheckSummaries: TRUSTEDADVISOR.describeTrustedAdvisorCheckSummaries,
  listRecommendations: TRUSTEDADVISOR.listRecommendations,
  batchGetAccountStatus: INSPECTOR.batchGetAccountStatus,
  describeRepositories: INVENTORY.describeRepositories,
  listFunctions: INVENTORY.listFunctions,
  getMacieSession: MACIE.getMacieSession,
  getMacieAdministrator: MACIE.getMacieAdministrator,
  listBuckets: INVENTORY.listBuckets,
  getBucketLocation: INVENTORY.getBucketLocation,
  listDetectors: GUARDDUTY.listDetectors,
  getDetector: GUARDDUTY.getDetector,
  getGuardDutyAdministrator: GUARDDUTY.getGuardDutyAdministrator,
  listGuardDutyMembers: GUARDDUTY.listGuardDutyMembers,
  describeOrganizationConfiguration: GUARDDUTY.describeOrganizationConfiguration,
  listMalwareProtectionPlans: GUARDDUTY.listMalwareProtectionPlans,
  getMalwareProtectionPlan: GUARDDUTY.getMalwareProtectionPlan,
  listEksClusters: GUARDDUTY.listEksClusters,
  listEcsClusters: GUARDDUTY.listEcsClusters,
  describeDbInstances: GUARDDUTY.describeDbInstances,
  describeDbClusters: GUARDDUTY.describeDbClusters,
  getRestApis: WAF.getRestApis,
  getStages: WAF.getStages,
  describeLoadBalancers: WAF.describeLoadBalancers,
  getWebAclForResource: WAF.getWebAclForResource,
  listDistributions: WAF.listDistributions,
  listGraphqlApis: WAF.listGraphqlApis,
  listUserPools: WAF.listUserPools,
  listAppRunnerServices: WAF.listAppRunnerServices,
  describeAppRunnerService: WAF.describeAppRunnerService,
  listAmplifyApps: WAF.listAmplifyApps,
  describeVerifiedAccessInstances: WAF.describeVerifiedAccessInstances,
  getWebAcl: WAF.getWebAcl,
  getLoggingConfiguration: WAF.getLoggingConfiguration,
  getSubscriptionState: SHIELD.getSubscriptionState,
  describeSubscription: SHIELD.describeSubscription,
  describeEmergencyContactSettings: SHIELD.describeEmergencyContactSettings,
  listProtections: SHIELD.listProtections,
  describeProtection: SHIELD.describeProtection,
  describeAddresses: SHIELD.describeAddresses,
  listAccelerators: SHIELD.listAccelerators,
  listHostedZones: SHIELD.listHostedZones,
  describeOrganization: ORGANIZATIONS.describeOrganization,
  listAccounts: ORGANIZATIONS.listAccounts,
  listDelegatedAdministrators: ORGANIZATIONS.listDelegatedAdministrators,
  listCoverage: INSPECTOR.listCoverage,
  getInspectorConfiguration: INSPECTOR.getInspectorConfiguration,
  getAutomatedDiscovery: MACIE.getAutomatedDiscovery,
  listClassificationJobs: MACIE.listClassificationJobs,
  listMacieMembers: MACIE.listMembers,
  getInsightSelectors: CLOUDTRAIL.getInsightSelectors,
  listEventDataStores: CLOUDTRAIL.listEventDataStores,
  getEventDataStore: CLOUDTRAIL.getEventDataStore,
  getBucketPolicyStatus: CLOUDTRAIL.getBucketPolicyStatus,
  getGuardDutyUsage: USAGE.getGuardDutyUsage,
  listInspectorUsage: USAGE.listInspectorUsage,
  getMacieUsage: USAGE.getMacieUsage,
  getMetricData: USAGE.getMetricData,
} as const;
