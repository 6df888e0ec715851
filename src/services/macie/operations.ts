/** Amazon Macie's reads, each with the rule its answers must meet. */
import {
  GetAdministratorAccountCommand,
  GetAutomatedDiscoveryConfigurationCommand,
  GetMacieSessionCommand,
  ListClassificationJobsCommand,
  ListMembersCommand,
} from '@aws-sdk/client-macie2';
import { absent, list, optional, record, text } from '../../aws/answers.js';
import { type Input, op } from '../../aws/operation.js';

// biome-ignore format: each operation's call on one line, its answer rule under it
export const OPS = {
  // Macie API reference, GetMacieSession: `status` is what the call is for.
  getMacieSession: op('macie2', 'GetMacieSessionCommand', 'macie2:GetMacieSession', (c, i: Input<typeof GetMacieSessionCommand>, s) => c.send(new GetMacieSessionCommand(i), { abortSignal: s }),
    { fields: { status: text() } }),
  // Macie API reference, GetAdministratorAccount: `administrator` only for an account that has one (`{}`
  // otherwise). Evidence only: never a verdict.
  getMacieAdministrator: op('macie2', 'GetAdministratorAccountCommand', 'macie2:GetAdministratorAccount', (c, i: Input<typeof GetAdministratorAccountCommand>, s) => c.send(new GetAdministratorAccountCommand(i), { abortSignal: s }),
    { fields: { administrator: absent(record({ accountId: optional(text()), relationshipStatus: optional(text()) })) } }),
  // Macie API reference, GetAutomatedDiscoveryConfiguration: `status` ENABLED or DISABLED, the state of
  // automated sensitive data discovery for the organization or standalone account (what the call is for).
  getAutomatedDiscovery: op('macie2', 'GetAutomatedDiscoveryConfigurationCommand', 'macie2:GetAutomatedDiscoveryConfiguration', (c, i: Input<typeof GetAutomatedDiscoveryConfigurationCommand>, s) => c.send(new GetAutomatedDiscoveryConfigurationCommand(i), { abortSignal: s }),
    { fields: { status: text() } }),
  // Macie API reference, ListClassificationJobs: `items` (the account's jobs, empty when there is none),
  // each with its jobId; jobStatus and jobType say whether it still runs (read, never required).
  listClassificationJobs: op('macie2', 'ListClassificationJobsCommand', 'macie2:ListClassificationJobs', (c, i: Input<typeof ListClassificationJobsCommand>, s) => c.send(new ListClassificationJobsCommand(i), { abortSignal: s }),
    { fields: { items: list(record({ jobId: text(), name: optional(text()), jobStatus: optional(text()), jobType: optional(text()) })), nextToken: optional(text()) } }),
  // Macie API reference, ListMembers (asked by an administrator account, organization scans with
  // --org-mode bulk|auto, pipeline/org-bulk.ts): `members` (empty when there is none), each Member with
  // its accountId and relationshipStatus, "the current status of the relationship between the account and
  // the administrator account" (Enabled | Paused | Invited | Created | Removed | Resigned |
  // EmailVerificationInProgress | EmailVerificationFailed | RegionDisabled | AccountSuspended). A member
  // without accountId cannot be placed: the rule refuses the answer rather than skip it.
  listMembers: op('macie2', 'ListMembersCommand', 'macie2:ListMembers', (c, i: Input<typeof ListMembersCommand>, s) => c.send(new ListMembersCommand(i), { abortSignal: s }),
    { fields: { members: list(record({ accountId: text(), administratorAccountId: optional(text()), relationshipStatus: optional(text()) })), nextToken: optional(text()) } }),
} as const;
