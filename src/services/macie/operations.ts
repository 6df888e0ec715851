/** Amazon Macie's reads, each with the rule its answers must meet. */
import { GetAdministratorAccountCommand, GetMacieSessionCommand } from '@aws-sdk/client-macie2';
import { absent, optional, record, text } from '../../aws/answers.js';
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
} as const;
