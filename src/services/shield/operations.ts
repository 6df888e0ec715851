/**
 * Shield's reads, with the rule their answers must meet. Beyond the subscription state, the Shield Advanced
 * reads (subscription details, emergency contacts, protections) and the listings of the internet-facing
 * resources only Shield Advanced protects (Elastic IPs, Global Accelerator, Route 53 hosted zones) are made
 * only when the subscription is ACTIVE.
 */
import { DescribeAddressesCommand } from '@aws-sdk/client-ec2';
import { ListAcceleratorsCommand } from '@aws-sdk/client-global-accelerator';
import { ListHostedZonesCommand } from '@aws-sdk/client-route-53';
import {
  DescribeEmergencyContactSettingsCommand,
  DescribeProtectionCommand,
  DescribeSubscriptionCommand,
  GetSubscriptionStateCommand,
  ListProtectionsCommand,
} from '@aws-sdk/client-shield';
import { flag, list, optional, record, text } from '../../aws/answers.js';
import { type Input, op } from '../../aws/operation.js';

// biome-ignore format: each operation's call on one line, its answer rule under it
export const OPS = {
  // Shield model, GetSubscriptionState: `SubscriptionState` is a required member.
  getSubscriptionState: op('shield', 'GetSubscriptionStateCommand', 'shield:GetSubscriptionState', (c, i: Input<typeof GetSubscriptionStateCommand>, s) => c.send(new GetSubscriptionStateCommand(i), { abortSignal: s }),
    { fields: { SubscriptionState: text() } }),
  // Shield API reference, DescribeSubscription: `Subscription` (the subscription's details). AutoRenew and
  // ProactiveEngagementStatus are "Required: No": absent, the answer says nothing of them (unknown).
  describeSubscription: op('shield', 'DescribeSubscriptionCommand', 'shield:DescribeSubscription', (c, i: Input<typeof DescribeSubscriptionCommand>, s) => c.send(new DescribeSubscriptionCommand(i), { abortSignal: s }),
    { fields: { Subscription: record({ AutoRenew: optional(text()), ProactiveEngagementStatus: optional(text()) }) } }),
  // Shield API reference, DescribeEmergencyContactSettings: EmergencyContactList, each contact's
  // EmailAddress a required member. No document says what an absent list means: it is required (an empty
  // list is "no contact"; an answer without it is unknown).
  describeEmergencyContactSettings: op('shield', 'DescribeEmergencyContactSettingsCommand', 'shield:DescribeEmergencyContactSettings', (c, i: Input<typeof DescribeEmergencyContactSettingsCommand>, s) => c.send(new DescribeEmergencyContactSettingsCommand(i), { abortSignal: s }),
    { fields: { EmergencyContactList: list(record({ EmailAddress: text() })) } }),
  // Shield API reference, ListProtections: `Protections` (empty when nothing is protected); each
  // protection's Id and ResourceArn (the resource it protects) are what the checks read.
  listProtections: op('shield', 'ListProtectionsCommand', 'shield:ListProtections', (c, i: Input<typeof ListProtectionsCommand>, s) => c.send(new ListProtectionsCommand(i), { abortSignal: s }),
    { fields: { Protections: list(record({ Id: text(), ResourceArn: text(), Name: optional(text()) })), NextToken: optional(text()) } }),
  // Shield API reference, DescribeProtection: `Protection`. Its ApplicationLayerAutomaticResponseConfiguration
  // is "Required: No" and no document says what its absence means: absent, the automatic application-layer
  // mitigation is unknown, never "off". Status is a required member of the configuration.
  describeProtection: op('shield', 'DescribeProtectionCommand', 'shield:DescribeProtection', (c, i: Input<typeof DescribeProtectionCommand>, s) => c.send(new DescribeProtectionCommand(i), { abortSignal: s }),
    { fields: { Protection: record({ Id: text(), ResourceArn: optional(text()), ApplicationLayerAutomaticResponseConfiguration: optional(record({ Status: text() })) }) } }),
  // EC2 answers always carry <addressesSet> (an empty element when the region has no Elastic IP). Shield
  // protects an Elastic IP by its allocation (AllocationId; VPC addresses always have one).
  describeAddresses: op('ec2', 'DescribeAddressesCommand', 'ec2:DescribeAddresses', (c, i: Input<typeof DescribeAddressesCommand>, s) => c.send(new DescribeAddressesCommand(i), { abortSignal: s }),
    { fields: { Addresses: list(record({ AllocationId: optional(text()), PublicIp: optional(text()) })) } }, { lists: ['addressesSet'] }),
  // Global Accelerator API reference, ListAccelerators (us-west-2 endpoint): `Accelerators` (empty when
  // there is none); each accelerator's AcceleratorArn.
  listAccelerators: op('globalaccelerator', 'ListAcceleratorsCommand', 'globalaccelerator:ListAccelerators', (c, i: Input<typeof ListAcceleratorsCommand>, s) => c.send(new ListAcceleratorsCommand(i), { abortSignal: s }),
    { fields: { Accelerators: list(record({ AcceleratorArn: text(), Name: optional(text()) })), NextToken: optional(text()) } }),
  // Route 53 API reference, ListHostedZones: HostedZones, IsTruncated and MaxItems are required; each
  // zone's Id and Name are required. Config (and its PrivateZone) is not: without it, whether the zone is
  // public is unknown.
  listHostedZones: op('route53', 'ListHostedZonesCommand', 'route53:ListHostedZones', (c, i: Input<typeof ListHostedZonesCommand>, s) => c.send(new ListHostedZonesCommand(i), { abortSignal: s }),
    { fields: { HostedZones: list(record({ Id: text(), Name: text(), Config: optional(record({ PrivateZone: optional(flag()) })) })), IsTruncated: flag(), NextMarker: optional(text()) } }, { root: 'ListHostedZonesResponse', lists: ['HostedZones'] }),
} as const;
