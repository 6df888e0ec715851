/** The organization reads of an organization scan, each with the rule its answers must meet. */
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListDelegatedAdministratorsCommand,
} from '@aws-sdk/client-organizations';
import { list, optional, record, text } from '../../aws/answers.js';
import { type Input, op } from '../../aws/operation.js';

// biome-ignore format: each operation's call on one line, its answer rule under it
export const OPS = {
  // Organizations: the answer describes the organization (its id and management account).
  describeOrganization: op('organizations', 'DescribeOrganizationCommand', 'organizations:DescribeOrganization', (c, i: Input<typeof DescribeOrganizationCommand>, s) => c.send(new DescribeOrganizationCommand(i), { abortSignal: s }),
    { fields: { Organization: record({ Id: text(), MasterAccountId: optional(text()) }) } }),
  // Organizations answers `Accounts` (never empty: the management account is one); each has its Id.
  listAccounts: op('organizations', 'ListAccountsCommand', 'organizations:ListAccounts', (c, i: Input<typeof ListAccountsCommand>, s) => c.send(new ListAccountsCommand(i), { abortSignal: s }),
    { fields: { Accounts: list(record({ Id: text(), Name: optional(text()), State: optional(text()), Status: optional(text()) })), NextToken: optional(text()) } }),
  // Organizations answers `DelegatedAdministrators` (empty when there is none); each has its Id.
  listDelegatedAdministrators: op('organizations', 'ListDelegatedAdministratorsCommand', 'organizations:ListDelegatedAdministrators', (c, i: Input<typeof ListDelegatedAdministratorsCommand>, s) => c.send(new ListDelegatedAdministratorsCommand(i), { abortSignal: s }),
    { fields: { DelegatedAdministrators: list(record({ Id: text() })), NextToken: optional(text()) } }),
} as const;
