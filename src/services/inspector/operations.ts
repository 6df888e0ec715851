/** Amazon Inspector's reads, each with the rule its answers must meet. */
import {
  BatchGetAccountStatusCommand,
  GetConfigurationCommand,
  ListCoverageCommand,
} from '@aws-sdk/client-inspector2';
import { list, optional, record, text } from '../../aws/answers.js';
import { type Input, op } from '../../aws/operation.js';

// biome-ignore format: each operation's call on one line, its answer rule under it
export const OPS = {
  // Inspector model: `accounts` is a required member; so are AccountState's accountId, state (its status)
  // and resourceState (its ec2 and ecr); lambda, lambdaCode and codeRepository are not (newer scan types:
  // absent reads as "not reported", an unknown where judged). `failedAccounts` is optional.
  batchGetAccountStatus: op('inspector2', 'BatchGetAccountStatusCommand', 'inspector2:BatchGetAccountStatus', (c, i: Input<typeof BatchGetAccountStatusCommand>, s) => c.send(new BatchGetAccountStatusCommand(i), { abortSignal: s }),
    { fields: {
      accounts: list(record({
        accountId: text(), state: record({ status: text() }),
        resourceState: record({ ec2: record({ status: text() }), ecr: record({ status: text() }), lambda: optional(record({ status: text() })), lambdaCode: optional(record({ status: text() })), codeRepository: optional(record({ status: text() })) }),
      })),
      failedAccounts: optional(list(record({ accountId: text(), errorCode: optional(text()), errorMessage: optional(text()) }))),
    } }),
  // Inspector model, ListCoverage: `coveredResources` is optional in the model, but every answer carries it
  // (empty when nothing matches): required here, so a hollow answer is not "every resource scanned". Each
  // CoveredResource requires resourceType, resourceId, accountId and scanType; scanStatus (statusCode and
  // reason, both required inside it) is optional. Read only where Inspector is on, filtered to the
  // account's resources whose scan status is INACTIVE.
  listCoverage: op('inspector2', 'ListCoverageCommand', 'inspector2:ListCoverage', (c, i: Input<typeof ListCoverageCommand>, s) => c.send(new ListCoverageCommand(i), { abortSignal: s }),
    { fields: {
      coveredResources: list(record({ resourceType: text(), resourceId: text(), accountId: text(), scanType: text(), scanStatus: optional(record({ statusCode: text(), reason: text() })) })),
      nextToken: optional(text()),
    } }),
  // Inspector model, GetConfiguration: every member optional (ec2Configuration.scanModeState.scanMode:
  // EC2_SSM_AGENT_BASED or EC2_HYBRID). Evidence only (how EC2 instances are scanned), never a verdict: an
  // answer without it reads "not reported". Read only where Inspector is on.
  getInspectorConfiguration: op('inspector2', 'GetConfigurationCommand', 'inspector2:GetConfiguration', (c, i: Input<typeof GetConfigurationCommand>, s) => c.send(new GetConfigurationCommand(i), { abortSignal: s }),
    { fields: { ec2Configuration: optional(record({ scanModeState: optional(record({ scanMode: optional(text()), scanModeStatus: optional(text()) })) })) } }),
} as const;
