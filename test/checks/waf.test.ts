import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { wafAlb } from '../../src/services/waf/checks/alb.js';
import { wafAmplify } from '../../src/services/waf/checks/amplify.js';
import { wafApiGateway } from '../../src/services/waf/checks/api-gateway.js';
import { wafAppRunner } from '../../src/services/waf/checks/app-runner.js';
import { wafAppSync } from '../../src/services/waf/checks/appsync.js';
import { wafCloudFront } from '../../src/services/waf/checks/cloudfront.js';
import { wafCognito } from '../../src/services/waf/checks/cognito.js';
import { wafVerifiedAccess } from '../../src/services/waf/checks/verified-access.js';
import type { WafEvidence } from '../../src/services/waf/schema.js';
import {
  accessDenied,
  accountEvidence,
  err,
  ok,
  only,
  REGIONS,
  regional,
  run,
  wafEvidence,
} from '../fixtures/evidence.js';

type Lb = Extract<WafEvidence['loadBalancers'][string], { ok: true }>['value']['loadBalancers'][number];
const lb = (name: string, o: Partial<Lb> = {}): Lb => ({
  arn: `arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/${name}/1`,
  name,
  type: 'application',
  scheme: 'internet-facing',
  webAcl: ok({ webAclArn: null }),
  ...o,
});
const API_ACL = 'arn:aws:wafv2:us-east-1:111122223333:regional/webacl/api/1';
const withWaf = (o: Partial<WafEvidence>) => accountEvidence({ waf: wafEvidence(o) });
const stageArn = (api: string, stage: string) =>
  `arn:aws:apigateway:us-east-1::/restapis/${api}/stages/${stage}`;

describe('waf.api-gateway', () => {
  test('pass per protected stage; not_applicable in a region without APIs', () => {
    const vs = run(wafApiGateway, accountEvidence());
    assert.equal(only(vs, 'us-east-1').status, 'pass');
    assert.equal(only(vs, 'us-east-1').resource, stageArn('a1b2c3', 'prod'));
    assert.equal(only(vs, 'eu-west-1').status, 'not_applicable');
    assert.equal(only(vs, 'eu-west-1').resource, null);
  });

  test('fail for an unprotected public stage; private API stages are not_applicable', () => {
    const a = withWaf({
      restApis: {
        'us-east-1': ok({
          apis: [
            {
              id: 'pub',
              name: 'public',
              endpointTypes: ['EDGE'],
              stages: ok([
                { stageName: 'dev', arn: stageArn('pub', 'dev'), webAclArn: null },
                { stageName: 'prod', arn: stageArn('pub', 'prod'), webAclArn: API_ACL },
              ]),
            },
            {
              id: 'prv',
              name: 'internal',
              endpointTypes: ['PRIVATE'],
              stages: ok([{ stageName: 'prod', arn: stageArn('prv', 'prod'), webAclArn: null }]),
            },
          ],
        }),
        'eu-west-1': ok({ apis: [] }),
      },
    });
    const vs = run(wafApiGateway, a);
    assert.equal(only(vs, 'us-east-1', stageArn('pub', 'dev')).status, 'fail');
    assert.equal(only(vs, 'us-east-1', stageArn('pub', 'prod')).status, 'pass');
    assert.equal(only(vs, 'us-east-1', stageArn('prv', 'prod')).status, 'not_applicable');
  });

  test('stage listing error → unknown for that API; listing error → unknown for the region', () => {
    const a = withWaf({
      restApis: {
        'us-east-1': ok({
          apis: [{ id: 'x', name: 'x', endpointTypes: ['REGIONAL'], stages: accessDenied('apigateway:GET') }],
        }),
        'eu-west-1': accessDenied('apigateway:GET'),
      },
    });
    const vs = run(wafApiGateway, a);
    const api = only(vs, 'us-east-1');
    assert.equal(api.status, 'unknown');
    assert.equal(api.resource, 'arn:aws:apigateway:us-east-1::/restapis/x');
    assert.equal(only(vs, 'eu-west-1').status, 'unknown');
  });
});

describe('waf.alb', () => {
  test('pass for a protected internet-facing ALB', () => {
    assert.equal(only(run(wafAlb, accountEvidence()), 'us-east-1').status, 'pass');
  });

  test('fail when unprotected; internal ALBs and NLBs are skipped; scheme null → unknown', () => {
    const a = withWaf({
      loadBalancers: {
        'us-east-1': ok({
          loadBalancers: [
            lb('open'),
            lb('inside', { scheme: 'internal' }),
            lb('nlb', { type: 'network' }),
            lb('mystery', { scheme: null, webAcl: null }),
            lb('denied', { webAcl: accessDenied('wafv2:GetWebACLForResource') }),
          ],
        }),
        'eu-west-1': ok({ loadBalancers: [lb('inside-eu', { scheme: 'internal' })] }),
      },
    });
    const vs = run(wafAlb, a);
    assert.equal(only(vs, 'us-east-1', lb('open').arn).status, 'fail');
    const mystery = only(vs, 'us-east-1', lb('mystery').arn);
    assert.equal(mystery.status, 'unknown');
    assert.match(mystery.detail, /scheme not reported/);
    assert.equal(only(vs, 'us-east-1', lb('denied').arn).status, 'unknown');
    assert.equal(vs.filter((v) => v.region === 'us-east-1').length, 3);
    assert.equal(only(vs, 'eu-west-1').status, 'not_applicable');
  });

  test('webAcl association not read for an internet-facing ALB → unknown', () => {
    const a = withWaf({
      loadBalancers: {
        ...regional(ok({ loadBalancers: [] })),
        'us-east-1': ok({ loadBalancers: [lb('x', { webAcl: null })] }),
      },
    });
    assert.equal(only(run(wafAlb, a), 'us-east-1').status, 'unknown');
  });
});

describe('waf.cloudfront', () => {
  test('pass / fail per distribution at region global', () => {
    const a = withWaf({
      cloudFront: ok({
        distributions: [
          {
            id: 'A',
            arn: 'arn:aws:cloudfront::111122223333:distribution/A',
            domainName: 'a.cloudfront.net',
            aliases: [],
            webAclId: '',
          },
          {
            id: 'B',
            arn: 'arn:aws:cloudfront::111122223333:distribution/B',
            domainName: 'b.cloudfront.net',
            aliases: [],
            webAclId: 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/cf/3',
          },
        ],
      }),
    });
    const vs = run(wafCloudFront, a);
    assert.equal(only(vs, 'global', 'arn:aws:cloudfront::111122223333:distribution/A').status, 'fail');
    assert.equal(only(vs, 'global', 'arn:aws:cloudfront::111122223333:distribution/B').status, 'pass');
  });

  test('listing error → unknown global; none → not_applicable; missing → unknown', () => {
    assert.equal(
      only(run(wafCloudFront, withWaf({ cloudFront: accessDenied('cloudfront:ListDistributions') }))).status,
      'unknown',
    );
    assert.equal(
      only(run(wafCloudFront, withWaf({ cloudFront: ok({ distributions: [] }) }))).status,
      'not_applicable',
    );
    const v = only(run(wafCloudFront, accountEvidence({ waf: undefined })));
    assert.equal(v.status, 'unknown');
    assert.equal(v.region, 'global');
  });
});

describe('waf.appsync and waf.cognito', () => {
  test('appsync: pass / fail per API, not_applicable where none', () => {
    const a = withWaf({
      appSync: {
        'us-east-1': ok({
          apis: [
            { apiId: 'g', arn: 'arn:aws:appsync:us-east-1:111122223333:apis/g', name: 'g', webAclArn: null },
          ],
        }),
        'eu-west-1': ok({ apis: [] }),
      },
    });
    const vs = run(wafAppSync, a);
    assert.equal(only(vs, 'us-east-1').status, 'fail');
    assert.equal(only(vs, 'eu-west-1').status, 'not_applicable');
    assert.equal(only(run(wafAppSync, accountEvidence()), 'us-east-1').status, 'pass');
  });

  test('cognito: pass / fail / unknown per user pool', () => {
    const pool = (id: string, webAcl: Parameters<typeof ok>[0] | null) => ({
      id,
      arn: `arn:aws:cognito-idp:us-east-1:111122223333:userpool/${id}`,
      name: id,
      webAcl:
        webAcl === null
          ? accessDenied('wafv2:GetWebACLForResource')
          : ok(webAcl as { webAclArn: string | null }),
    });
    const a = withWaf({
      cognito: {
        'us-east-1': ok({
          userPools: [
            pool('p1', { webAclArn: 'arn:aws:wafv2:us-east-1:111122223333:regional/webacl/cog/5' }),
            pool('p2', { webAclArn: null }),
            pool('p3', null),
          ],
        }),
        'eu-west-1': err('throttled', 'ThrottlingException', 'cognito-idp:ListUserPools'),
      },
    });
    const vs = run(wafCognito, a);
    assert.deepEqual(
      vs.filter((v) => v.region === 'us-east-1').map((v) => v.status),
      ['pass', 'fail', 'unknown'],
    );
    assert.equal(only(vs, 'eu-west-1').cause?.code, 'ThrottlingException');
  });

  test('missing WAF evidence → unknown per region', () => {
    for (const check of [wafApiGateway, wafAlb, wafAppSync, wafCognito]) {
      const vs = run(check, accountEvidence({ waf: undefined }));
      assert.equal(vs.length, REGIONS.length, check.meta.id);
      assert.ok(vs.every((v) => v.status === 'unknown' && v.cause?.kind === 'not-collected'));
    }
  });
});

describe('waf.app-runner, waf.amplify, waf.verified-access', () => {
  const ACL = 'arn:aws:wafv2:us-east-1:111122223333:regional/webacl/api/1';
  const GLOBAL_ACL = 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/cf/3';
  const svcArn = (n: string) => `arn:aws:apprunner:us-east-1:111122223333:service/${n}/0123`;
  type Svc = Extract<
    NonNullable<WafEvidence['appRunner']>[string],
    { ok: true }
  >['value']['services'][number];
  const svc = (name: string, o: Partial<Svc> = {}): Svc => ({
    arn: svcArn(name),
    name,
    access: ok({ public: true }),
    webAcl: ok({ webAclArn: null }),
    ...o,
  });
  const appRunner = (services: Svc[]) => ({
    'us-east-1': ok({ services }),
    'eu-west-1': ok({ services: [] }),
  });

  test('app-runner: protected pass, unprotected public fail, private skipped, none not_applicable', () => {
    const vs = run(
      wafAppRunner,
      withWaf({
        appRunner: appRunner([
          svc('api', { webAcl: ok({ webAclArn: ACL }) }),
          svc('web'),
          svc('internal', { access: ok({ public: false }), webAcl: null }),
        ]),
      }),
    );
    const us = vs.filter((v) => v.region === 'us-east-1');
    assert.deepEqual(
      us.map((v) => [v.resource, v.status]),
      [
        [svcArn('api'), 'pass'],
        [svcArn('web'), 'fail'],
      ],
    );
    assert.match(us[1]!.detail, /publicly accessible without a WAF web ACL/);
    assert.equal(only(vs, 'eu-west-1').status, 'not_applicable');
    // Only private services: nothing internet-facing.
    const priv = run(
      wafAppRunner,
      withWaf({ appRunner: appRunner([svc('internal', { access: ok({ public: false }), webAcl: null })]) }),
    );
    assert.equal(only(priv, 'us-east-1').status, 'not_applicable');
  });

  test('app-runner: every unread step is unknown with its cause, never pass or fail', () => {
    const vs = run(
      wafAppRunner,
      withWaf({
        appRunner: appRunner([
          svc('a', { access: accessDenied('apprunner:DescribeService'), webAcl: null }),
          svc('b', { webAcl: accessDenied('wafv2:GetWebACLForResource') }),
          svc('c', { webAcl: null }),
        ]),
      }),
    );
    const us = vs.filter((v) => v.region === 'us-east-1');
    assert.deepEqual(
      us.map((v) => [v.status, v.cause?.action]),
      [
        ['unknown', 'apprunner:DescribeService'],
        ['unknown', 'wafv2:GetWebACLForResource'],
        ['unknown', 'wafv2:GetWebACLForResource'],
      ],
    );
    const listing = run(
      wafAppRunner,
      withWaf({ appRunner: regional(accessDenied('apprunner:ListServices')) }),
    );
    assert.ok(listing.every((v) => v.status === 'unknown' && v.cause?.action === 'apprunner:ListServices'));
    // Evidence of a scan before App Runner was read: unknown, not "none".
    const old = run(wafAppRunner, withWaf({ appRunner: undefined }));
    assert.ok(old.length > 0 && old.every((v) => v.status === 'unknown'));
  });

  test('app-runner: not offered only where AWS lists no endpoint, the name does not resolve and DNS works', () => {
    const dns = err('network', 'ENOTFOUND', 'apprunner:ListServices', 'getaddrinfo ENOTFOUND');
    const base = accountEvidence();
    const scanned = ['us-east-1', 'eu-west-1', 'ca-central-1', 'sa-east-1'];
    const a = accountEvidence({
      scannedRegions: scanned,
      waf: wafEvidence({
        loadBalancers: {
          'us-east-1': ok({ loadBalancers: [] }),
          'eu-west-1': ok({ loadBalancers: [] }),
          'ca-central-1': ok({ loadBalancers: [] }),
          'sa-east-1': accessDenied('elasticloadbalancing:DescribeLoadBalancers'),
        },
        appRunner: {
          'us-east-1': ok({ services: [] }),
          'eu-west-1': dns, // listed by AWS: a DNS failure there is not "not offered"
          'ca-central-1': dns,
          'sa-east-1': dns, // no other read answered there: the resolver may be at fault
        },
      }),
      inventory: base.inventory,
    });
    const vs = run(wafAppRunner, a);
    assert.equal(only(vs, 'us-east-1').status, 'not_applicable');
    assert.equal(only(vs, 'eu-west-1').status, 'unknown');
    assert.equal(only(vs, 'ca-central-1').status, 'not_applicable');
    assert.match(only(vs, 'ca-central-1').detail, /not offered in ca-central-1/);
    assert.equal(only(vs, 'sa-east-1').status, 'unknown');
    // Any other error in an unlisted region stays unknown.
    const denied = accountEvidence({
      ...a,
      waf: wafEvidence({
        ...a.waf,
        appRunner: { ...a.waf!.appRunner, 'ca-central-1': accessDenied('apprunner:ListServices') },
      }),
    });
    assert.equal(only(run(wafAppRunner, denied), 'ca-central-1').status, 'unknown');
  });

  type App = Extract<NonNullable<WafEvidence['amplify']>[string], { ok: true }>['value']['apps'][number];
  const appArn = (id: string) => `arn:aws:amplify:us-east-1:111122223333:apps/${id}`;
  const app = (id: string, o: Partial<App> = {}): App => ({
    appId: id,
    arn: appArn(id),
    name: `site-${id}`,
    webAclArn: null,
    wafStatus: null,
    ...o,
  });

  test('amplify: the web ACL its firewall names is judged; none fails; an unsettled association is unknown', () => {
    const vs = run(
      wafAmplify,
      withWaf({
        amplify: {
          'us-east-1': ok({
            apps: [
              app('a1', { webAclArn: GLOBAL_ACL, wafStatus: 'ASSOCIATION_SUCCESS' }),
              app('a2'),
              app('a3', { webAclArn: GLOBAL_ACL, wafStatus: 'ASSOCIATING' }),
              app('a4', { webAclArn: GLOBAL_ACL, wafStatus: 'ASSOCIATION_FAILED' }),
            ],
          }),
          'eu-west-1': accessDenied('amplify:ListApps'),
        },
      }),
    );
    const us = vs.filter((v) => v.region === 'us-east-1');
    assert.deepEqual(
      us.map((v) => [v.resource, v.status]),
      [
        [appArn('a1'), 'pass'],
        [appArn('a2'), 'fail'],
        [appArn('a3'), 'unknown'],
        [appArn('a4'), 'unknown'],
      ],
    );
    assert.equal(us[2]!.cause?.action, 'amplify:ListApps');
    assert.equal(only(vs, 'eu-west-1').status, 'unknown');
    assert.equal(only(vs, 'eu-west-1').cause?.action, 'amplify:ListApps');
  });

  test('verified-access: pass / fail / unknown per instance, not_applicable where none', () => {
    const arn = (id: string) => `arn:aws:ec2:us-east-1:111122223333:verified-access-instance/${id}`;
    const vs = run(
      wafVerifiedAccess,
      withWaf({
        verifiedAccess: {
          'us-east-1': ok({
            instances: [
              { id: 'vai-1', arn: arn('vai-1'), name: 'staff', webAcl: ok({ webAclArn: ACL }) },
              { id: 'vai-2', arn: arn('vai-2'), name: 'vai-2', webAcl: ok({ webAclArn: null }) },
              {
                id: 'vai-3',
                arn: arn('vai-3'),
                name: 'vai-3',
                webAcl: err('not-found', 'WAFNonexistentItemException', 'wafv2:GetWebACLForResource'),
              },
            ],
          }),
          'eu-west-1': ok({ instances: [] }),
        },
      }),
    );
    const us = vs.filter((v) => v.region === 'us-east-1');
    assert.deepEqual(
      us.map((v) => v.status),
      ['pass', 'fail', 'unknown'],
    );
    assert.equal(only(vs, 'eu-west-1').status, 'not_applicable');
  });
});
