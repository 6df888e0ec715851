/** Amazon GuardDuty's reads, each with the rule its answers must meet. */
import {
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import { list, optional, record, text } from '../../aws/answers.js';
import { type Input, op } from '../../aws/operation.js';

// biome-ignore format: each operation's call on one line, its answer rule under it
export const OPS = {
  // GuardDuty model, ListDetectors: `detectorIds` is a required member.
  listDetectors: op('guardduty', 'ListDetectorsCommand', 'guardduty:ListDetectors', (c, i: Input<typeof ListDetectorsCommand>, s) => c.send(new ListDetectorsCommand(i), { abortSignal: s }),
    { fields: { DetectorIds: list(text()), NextToken: optional(text()) } }),
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
} as const;
