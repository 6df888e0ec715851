/** The finding tests' scenarios (also the renderer agreement tests'): a rich account and result sets. */
import { join } from 'node:path';
import type { AccountEvidence, Result } from '../../src/evidence/schema.js';
import {
  ACCOUNT,
  account,
  allFine,
  denied,
  REGIONS,
  replace,
  result,
  subscriptionRequired,
} from './helpers.js';

/** The consultant's template (the seed), as copied into the repository. */
export const SEED = join(import.meta.dirname, 'fixtures', 'seed-template.txt');

export const TRAIL_MAIN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main-trail`;
export const TRAIL_APP = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/app-trail`;
export const ALB_WEB = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/web-public/50dc6c495c0c9188`;
export const STAGE_PROD = `arn:aws:apigateway:eu-west-1::/restapis/a1b2c3/stages/prod`;
export const DIST = `arn:aws:cloudfront::${ACCOUNT}:distribution/E2QWRUHEXAMPLE`;

function trail(arn: string, name: string, homeRegion: string) {
  return {
    arn,
    name,
    homeRegion,
    ownerAccountId: ACCOUNT,
    isMultiRegion: name === 'main-trail',
    isOrganizationTrail: false,
    logFileValidation: false,
    kmsKeyId: null,
    cloudWatchLogsLogGroupArn: null,
    s3BucketName: 'trail-logs',
    status: {
      ok: true as const,
      value: {
        isLogging: true,
        latestDeliveryTime: null,
        latestDeliveryError: null,
        latestCloudWatchLogsDeliveryTime: null,
      },
    },
    eventSelectors: { ok: true as const, value: { basic: [], advanced: null } },
  };
}

export function richAccount(albName = 'web-public', bucketName = 'customer-exports'): AccountEvidence {
  const empty = { ok: true as const, value: { apis: [] } };
  return account({
    cloudtrail: {
      regions: Object.fromEntries(
        REGIONS.map((r) => [r, { ok: true as const, value: { trailArns: [TRAIL_MAIN] } }]),
      ),
      trails: [trail(TRAIL_MAIN, 'main-trail', 'us-east-1'), trail(TRAIL_APP, 'app-trail', 'eu-west-1')],
    },
    inventory: {
      ec2Instances: {},
      ecrRepositories: {},
      lambdaFunctions: {},
      s3Buckets: { ok: true, value: { buckets: [{ name: bucketName, region: 'eu-west-2' }] } },
    },
    trustedadvisor: {
      ok: true,
      value: {
        checks: [
          {
            id: 'Hs4Ma3G127',
            name: 'IAM Access Key Rotation',
            category: 'security',
            status: 'warning',
            resourcesFlagged: 3,
            resourcesProcessed: 9,
          },
        ],
      },
    },
    waf: {
      restApis: {
        'eu-west-1': {
          ok: true,
          value: {
            apis: [
              {
                id: 'a1b2c3',
                name: 'orders-api',
                endpointTypes: ['REGIONAL'],
                stages: { ok: true, value: [{ stageName: 'prod', arn: STAGE_PROD, webAclArn: null }] },
              },
            ],
          },
        },
      },
      loadBalancers: {
        'eu-west-1': {
          ok: true,
          value: {
            loadBalancers: [
              {
                arn: ALB_WEB,
                name: albName,
                type: 'application',
                scheme: 'internet-facing',
                webAcl: { ok: true, value: { webAclArn: null } },
              },
            ],
          },
        },
      },
      cloudFront: {
        ok: true,
        value: {
          distributions: [
            {
              id: 'E2QWRUHEXAMPLE',
              arn: DIST,
              domainName: 'd111.cloudfront.net',
              aliases: ['www.example.com'],
              webAclId: 'x',
            },
          ],
        },
      },
      appSync: { 'eu-west-1': empty },
      cognito: { 'eu-west-1': { ok: true, value: { userPools: [] } } },
    },
  });
}

export function everythingOff(): Result[] {
  const out: Result[] = [
    result('cloudtrail.multi-region', 'fail'),
    result('cloudtrail.management-events', 'fail'),
  ];
  for (const r of REGIONS) {
    out.push(result('cloudtrail.enabled', 'fail', r));
    out.push(result('inspector.enabled', 'fail', r));
    out.push(result('inspector.scan-types', 'not_applicable', r));
    out.push(
      result(
        'macie.enabled',
        r === 'eu-west-2' ? 'fail' : 'not_applicable',
        r,
        null,
        r === 'eu-west-2' ? { buckets: ['customer-exports'] } : {},
      ),
    );
    out.push(result('guardduty.enabled', 'fail', r));
    out.push(result('guardduty.protection-plans', 'not_applicable', r));
  }
  out.push(result('cloudtrail.logging', 'not_applicable'));
  out.push(
    result('trustedadvisor.security-checks', 'fail', 'global', 'IAM Access Key Rotation', {
      resourcesFlagged: 3,
    }),
  );
  out.push(result('waf.alb', 'fail', 'eu-west-1', ALB_WEB));
  out.push(result('waf.api-gateway', 'fail', 'eu-west-1', STAGE_PROD));
  out.push(result('shield.advanced', 'fail'));
  return out;
}

export function mixedRegions(): Result[] {
  return replace(
    allFine(),
    result('guardduty.enabled', 'fail', 'eu-west-2'),
    result('guardduty.enabled', 'fail', 'us-east-1'),
    result('guardduty.protection-plans', 'not_applicable', 'eu-west-2'),
    result('guardduty.protection-plans', 'not_applicable', 'us-east-1'),
    result('guardduty.protection-plans', 'fail', 'eu-west-1', null, {
      disabledPlans: ['S3_DATA_EVENTS', 'EKS_AUDIT_LOGS'],
    }),
    result('inspector.enabled', 'fail', 'us-east-1'),
    result('inspector.scan-types', 'not_applicable', 'us-east-1'),
    result('inspector.scan-types', 'fail', 'eu-west-1', null, { missingScanTypes: ['lambda', 'lambdaCode'] }),
    result('macie.enabled', 'fail', 'eu-west-2', null, { buckets: ['customer-exports'] }),
  );
}

export function cloudtrailOnly(): Result[] {
  return replace(
    allFine(),
    result(
      'cloudtrail.log-validation',
      'fail',
      'us-east-1',
      `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail`,
    ),
    result('cloudtrail.log-validation', 'fail', 'eu-west-1', TRAIL_APP),
    result('cloudtrail.kms-encryption', 'fail', 'eu-west-1', TRAIL_APP),
    result('cloudtrail.multi-region', 'fail'),
  );
}

export function wafOnly(): Result[] {
  return replace(
    allFine(),
    result('waf.alb', 'fail', 'eu-west-1', ALB_WEB),
    result('waf.api-gateway', 'fail', 'eu-west-1', STAGE_PROD),
  );
}

export function withUnknowns(): Result[] {
  return replace(
    allFine(),
    result('guardduty.enabled', 'fail', 'eu-west-1'),
    result('guardduty.protection-plans', 'not_applicable', 'eu-west-1'),
    denied('guardduty.enabled', 'us-east-1', 'guardduty:ListDetectors'),
    result('guardduty.protection-plans', 'not_applicable', 'us-east-1'),
    denied('inspector.enabled', 'eu-west-2', 'inspector2:BatchGetAccountStatus'),
    subscriptionRequired(),
  ).filter((r) => !(r.checkId === 'trustedadvisor.security-checks' && r.status === 'pass'));
}

/** A user template in another house style: bullets, `##` headings, conditional options per bullet. */
export const HOUSE = `---
title: Cloud security services
severity: medium
---
## Finding — cloud security services switched off

* Scope: the AWS estate reviewed for {==XREF_CLIENT==}.
* Method: read-only API review.

## {==GuardDuty==}
* {==OPTION[guardduty:off]==}GuardDuty is off in every region.
* {==OPTION[guardduty:partial]==}GuardDuty covers only part of the estate.
* {==AUTO==}

{==SCREENSHOT==}

## {==CloudTrail==}
* {==AUTO==}

## Risk
* {==OPTION[guardduty:gap or cloudtrail:gap]==}Threat activity could go unnoticed.
* {==OPTION[waf:gap]==}Web applications are exposed without a filter.
* Costs apply: weigh them.
`;

/** The organization scenario's accounts: seven, five of them named. */
export const ORG_ACCOUNTS = [
  { id: '111111111111', name: 'management' },
  { id: '222222222222', name: 'security' },
  { id: '333333333333', name: 'prod' },
  { id: '444444444444', name: 'staging' },
  { id: '555555555555', name: 'dev' },
  { id: '666666666666', name: null },
  { id: '777777777777', name: null },
] as const;

export function orgAccounts(): AccountEvidence[] {
  return ORG_ACCOUNTS.map((a) => ({
    ...richAccount(),
    accountId: a.id,
    callerArn: `arn:aws:iam::${a.id}:role/audit`,
    ...(a.name ? { accountName: a.name } : {}),
  }));
}

/**
 * Seven accounts, mixed: GuardDuty off in eu-west-1 in five (and everywhere in a sixth), no trail in
 * every region of three, Inspector not assessable in one (denied) and off in us-east-1 in two, Macie off
 * in eu-west-2 in two, log file validation off for a trail of two, GuardDuty protection plans off in eu-west-1 in the one account running it there.
 */
export function organizationMixed(): Result[] {
  const out: Result[] = [];
  ORG_ACCOUNTS.forEach((acct, i) => {
    const mine: Result[] = [];
    if (i < 5) {
      mine.push(result('guardduty.enabled', 'fail', 'eu-west-1'));
      mine.push(result('guardduty.protection-plans', 'not_applicable', 'eu-west-1'));
    }
    if (i === 6) {
      for (const r of REGIONS) {
        mine.push(result('guardduty.enabled', 'fail', r));
        mine.push(result('guardduty.protection-plans', 'not_applicable', r));
      }
    }
    if (i === 5) {
      mine.push(
        result('guardduty.protection-plans', 'fail', 'eu-west-1', null, {
          disabledPlans: ['S3_DATA_EVENTS'],
        }),
      );
    }
    if (i >= 4) {
      for (const r of REGIONS) mine.push(result('cloudtrail.enabled', 'fail', r));
      mine.push(result('cloudtrail.multi-region', 'fail'));
      mine.push(result('cloudtrail.management-events', 'fail'));
    }
    if (i === 1) {
      for (const r of REGIONS) {
        mine.push(denied('inspector.enabled', r, 'inspector2:BatchGetAccountStatus'));
        mine.push(result('inspector.scan-types', 'not_applicable', r));
      }
    }
    if (i === 2 || i === 3) {
      mine.push(result('inspector.enabled', 'fail', 'us-east-1'));
      mine.push(result('inspector.scan-types', 'not_applicable', 'us-east-1'));
    }
    if (i < 2) mine.push(result('cloudtrail.log-validation', 'fail', 'eu-west-1', TRAIL_APP));
    if (i === 2 || i === 4)
      mine.push(result('macie.enabled', 'fail', 'eu-west-2', null, { buckets: ['customer-exports'] }));
    for (const r of replace(allFine(), ...mine)) out.push({ ...r, accountId: acct.id });
  });
  return out;
}
