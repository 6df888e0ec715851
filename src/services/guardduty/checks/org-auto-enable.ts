import type { CheckDefinition } from '../../../checks/types.js';
import { eachRegion, notCollected, verdict } from '../../../checks/types.js';
import { listWords, unexpectedAnswer, unknownWith } from '../../../checks/util.js';
import { text } from '../../../finding/document.js';
import { accountsPhrase, list, name, prose, sortResults } from '../../../finding/prose.js';
import { detectorState } from './enabled.js';

const ACTION = 'guardduty:DescribeOrganizationConfiguration';
const WHAT = 'whether GuardDuty is enabled automatically for accounts that join the organization';

/**
 * The answer AWS gives a caller that is not its organization's delegated GuardDuty administrator. The API
 * reference documents BadRequestException as the operation's client error; the only request watchpost
 * sends is the detector id ListDetectors gave, so a refusal of it says the account is not the one the
 * organization asks: not in scope, not a gap. Every other error (a denial by IAM, throttling, …) leaves
 * the result unknown.
 */
export const NOT_ADMINISTRATOR = 'BadRequestException';

/** The plans AWS names in an organization's feature configuration, in words. */
const FEATURE_WORDS: Readonly<Record<string, string>> = {
  S3_DATA_EVENTS: 'S3 Protection',
  EKS_AUDIT_LOGS: 'EKS Protection',
  EBS_MALWARE_PROTECTION: 'Malware Protection for EC2',
  RDS_LOGIN_EVENTS: 'RDS Protection',
  LAMBDA_NETWORK_LOGS: 'Lambda Protection',
  RUNTIME_MONITORING: 'Runtime Monitoring',
  EKS_RUNTIME_MONITORING: 'EKS Runtime Monitoring',
};

export const guarddutyOrgAutoEnable: CheckDefinition = {
  meta: {
    id: 'guardduty.org-auto-enable',
    service: 'guardduty',
    title: 'GuardDuty is enabled automatically for new accounts of the organization',
    label: 'Organization auto-enable',
    severity: 'medium',
    securityHub: null,
    cis: null,
    remediation:
      "From the organization's delegated GuardDuty administrator, in every region, set auto-enable for member accounts to new (or all) accounts (UpdateOrganizationConfiguration, AutoEnableOrganizationMembers), and auto-enable the protection plans the members need.",
    scope: 'region',
    enablement: false,
  },
  evaluate(account) {
    return eachRegion(account, account.guardduty, 'guardduty:ListDetectors', WHAT, (region, v) => {
      const { enabled, failed } = detectorState(v.detectors);
      if (!enabled) {
        if (failed && !failed.detail.ok) return [unknownWith(region, null, failed.detail.error, WHAT, {})];
        return [
          verdict(
            region,
            null,
            'not_applicable',
            `GuardDuty is not enabled in ${region}, so this account does not administer it for an organization there.`,
          ),
        ];
      }
      const admin = v.administrator?.ok ? v.administrator.value : null;
      if (admin && admin.accountId !== account.accountId) {
        return [
          verdict(
            region,
            null,
            'not_applicable',
            `GuardDuty in ${region} is a member of administrator account ${admin.accountId}; the organization's settings are that account's.`,
            { administratorAccount: admin.accountId },
          ),
        ];
      }
      const org = v.organization;
      if (org === undefined) return [unknownWith(region, null, notCollected(ACTION), WHAT, {})];
      if (!org.ok) {
        if (org.error.code === NOT_ADMINISTRATOR) {
          return [
            verdict(
              region,
              null,
              'not_applicable',
              `This account is not the delegated GuardDuty administrator of an organization in ${region} (GuardDuty refused its organization configuration: ${org.error.message}).`,
              { organizationConfiguration: org.error.code },
            ),
          ];
        }
        return [unknownWith(region, null, org.error, WHAT, {})];
      }
      const { autoEnableMembers, features, memberAccountLimitReached } = org.value;
      const notAuto = (features ?? [])
        .filter((f) => f.autoEnable.toUpperCase() === 'NONE')
        .map((f) => FEATURE_WORDS[f.name.toUpperCase()] ?? f.name);
      const data = {
        autoEnableOrganizationMembers: autoEnableMembers,
        // Each plan's auto-enable for members, as AWS named them (not reported: null).
        featuresAutoEnable: features === null ? null : features.map((f) => `${f.name}=${f.autoEnable}`),
        plansNotAutoEnabled: notAuto,
        memberAccountLimitReached,
      };
      const plans =
        notAuto.length > 0
          ? ` Protection plans not enabled automatically for members: ${listWords(notAuto)}.`
          : features === null
            ? ' The auto-enable setting of each protection plan was not reported.'
            : '';
      const limit = memberAccountLimitReached
        ? ' The administrator has reached the maximum number of member accounts.'
        : '';
      switch (autoEnableMembers === null ? null : autoEnableMembers.toUpperCase()) {
        case 'NONE':
          return [
            verdict(
              region,
              null,
              'fail',
              `This account is the organization's delegated GuardDuty administrator in ${region}, and GuardDuty is not enabled automatically for member accounts (NONE): an account that joins the organization is not protected until someone enables it.${plans}${limit}`,
              data,
            ),
          ];
        case 'NEW':
        case 'ALL':
          return [
            verdict(
              region,
              null,
              'pass',
              `This account is the organization's delegated GuardDuty administrator in ${region}, and GuardDuty is enabled automatically for ${autoEnableMembers?.toUpperCase() === 'ALL' ? 'all member accounts' : 'new member accounts'} (${autoEnableMembers}).${plans}${limit}`,
              data,
            ),
          ];
        case null:
          return [
            unknownWith(
              region,
              null,
              unexpectedAnswer(
                ACTION,
                'FieldMissing',
                'DescribeOrganizationConfiguration did not say whether member accounts are enabled automatically',
              ),
              WHAT,
              data,
            ),
          ];
        default:
          return [
            unknownWith(
              region,
              null,
              unexpectedAnswer(
                ACTION,
                'UnexpectedValue',
                `unexpected AutoEnableOrganizationMembers value ${autoEnableMembers}`,
              ),
              WHAT,
              data,
            ),
          ];
      }
    });
  },
  prose: {
    fail(ctx, fails) {
      ctx.claim(fails);
      return [
        prose`As the organization's delegated GuardDuty administrator, ${
          ctx.a.multiAccount
            ? accountsPhrase(
                ctx.a,
                fails.map((r) => r.accountId),
              )
            : text('the account')
        } did not enable GuardDuty automatically for member accounts in ${ctx.a.multiAccount ? list(sortResults(fails).map((r) => name(r.region))) : list(ctx.regions(fails))}: an account that joins the organization there runs without threat detection until someone enables it by hand.`,
      ];
    },
  },
};
