/**
 * Issue 13: a web ACL that cannot block is not protection. Every resource check of AWS WAF judges the web
 * ACL itself (src/services/waf/web-acl.ts): each branch, the unknowns, and what the finding says.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { wafAlb } from '../../src/services/waf/checks/alb.js';
import { wafApiGateway } from '../../src/services/waf/checks/api-gateway.js';
import { wafAppSync } from '../../src/services/waf/checks/appsync.js';
import { wafCloudFront } from '../../src/services/waf/checks/cloudfront.js';
import { wafCognito } from '../../src/services/waf/checks/cognito.js';
import { interpretGetWebAcl, webAclRefs } from '../../src/services/waf/collect.js';
import type { WafEvidence } from '../../src/services/waf/schema.js';
import { judgeWebAcl, parseWebAclArn, ruleCanBlock } from '../../src/services/waf/web-acl.js';
import { result } from '../finding/helpers.js';
import {
  accessDenied,
  accountEvidence,
  aclRule,
  ok,
  only,
  run,
  wafEvidence,
  webAcl,
  webAcls,
} from '../fixtures/evidence.js';
import { spoken } from '../support/prose.js';

const ALB_ACL = 'arn:aws:wafv2:us-east-1:111122223333:regional/webacl/web/2';
const ALB = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188';
const CF = 'arn:aws:cloudfront::111122223333:distribution/E2QWRUHAPOMQZL';

/** The healthy fixture with the ALB's web ACL replaced. */
function albWith(acl: Parameters<typeof webAcls>[0]) {
  const base = wafEvidence();
  return accountEvidence({ waf: { ...base, webAcls: { ...base.webAcls, ...webAcls(acl) } } });
}
const albVerdict = (acl: Parameters<typeof webAcls>[0]) => only(run(wafAlb, albWith(acl)), 'us-east-1');

describe('a web ACL that cannot block', () => {
  test('default action Block: pass, whatever the rules', () => {
    const v = albVerdict(webAcl(ALB_ACL, { defaultAction: 'Block', rules: [] }));
    assert.equal(v.status, 'pass');
    assert.equal(v.data.webAclDefaultAction, 'Block');
  });

  test('no rules and default action Allow: fail, saying why', () => {
    const v = albVerdict(webAcl(ALB_ACL, { rules: [] }));
    assert.equal(v.status, 'fail');
    assert.equal(v.cause, null);
    assert.match(
      v.detail,
      /web ACL web, which cannot block requests: it has no rules and its default action is Allow/,
    );
    assert.equal(v.data.webAclProblem, 'no-rules');
    assert.equal(v.data.webAclArn, ALB_ACL);
  });

  test('only Count (and Allow) rules, a rule group overridden to Count: fail (count-only)', () => {
    const v = albVerdict(
      webAcl(ALB_ACL, {
        rules: [
          aclRule({ name: 'c', action: 'Count' }),
          aclRule({ name: 'a', action: 'Allow' }),
          aclRule({ name: 'm', kind: 'managed', action: 'Count' }),
          aclRule({ name: 'g', kind: 'rule-group', action: 'Count' }),
        ],
      }),
    );
    assert.equal(v.status, 'fail');
    assert.equal(v.data.webAclProblem, 'count-only');
    assert.match(v.detail, /its 4 rules only count or allow requests/);
    assert.deepEqual(v.data.managedRuleGroups, ['AWS/AWSManagedRulesCommonRuleSet']);
  });

  test('a blocking rule, CAPTCHA, Challenge, a rule group with OverrideAction None: pass', () => {
    for (const rule of [
      aclRule({ action: 'Block' }),
      aclRule({ action: 'Captcha' }),
      aclRule({ action: 'Challenge' }),
      aclRule({ kind: 'managed', action: 'None' }),
      aclRule({ kind: 'rule-group', action: 'None' }),
      aclRule({ kind: 'managed', action: 'None', firewallManager: 'pre' }),
      // Overridden to Block: that rule of the group blocks.
      aclRule({ kind: 'managed', action: 'None', ruleActionOverrides: [{ name: 'x', action: 'Block' }] }),
    ]) {
      const v = albVerdict(webAcl(ALB_ACL, { rules: [aclRule({ action: 'Count' }), rule] }));
      assert.equal(v.status, 'pass', JSON.stringify(rule));
      assert.match(v.detail, /protected by WAF web ACL web/);
    }
  });

  test('a managed rule group is listed in the result data (information)', () => {
    const v = albVerdict(webAcl(ALB_ACL));
    assert.equal(v.status, 'pass');
    assert.deepEqual(v.data.managedRuleGroups, ['AWS/AWSManagedRulesCommonRuleSet']);
    assert.equal(v.data.webAclName, 'web');
  });

  test('a rule group with some rules overridden to Count or excluded: unknown, never pass', () => {
    for (const rule of [
      aclRule({
        kind: 'managed',
        action: 'None',
        ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', action: 'Count' }],
      }),
      aclRule({ kind: 'rule-group', action: 'None', excludedRules: ['x'] }),
      aclRule({ kind: 'managed', action: 'None', ruleActionOverrides: [{ name: 'y', action: 'Allow' }] }),
    ]) {
      const v = albVerdict(webAcl(ALB_ACL, { rules: [rule] }));
      assert.equal(v.status, 'unknown', JSON.stringify(rule));
      assert.equal(v.cause?.code, 'RuleGroupOverridesUndetermined');
      assert.equal(v.cause?.action, 'wafv2:GetWebACL');
      assert.match(v.detail, /does not say whether any still blocks/);
    }
  });

  test('a rule whose action the answer did not give, an odd default action: unknown', () => {
    assert.equal(albVerdict(webAcl(ALB_ACL, { rules: [aclRule({ action: '' })] })).status, 'unknown');
    assert.equal(
      albVerdict(webAcl(ALB_ACL, { rules: [aclRule({ kind: 'managed', action: '' })] })).status,
      'unknown',
    );
    const odd = albVerdict(webAcl(ALB_ACL, { defaultAction: 'Maybe' }));
    assert.equal(odd.status, 'unknown');
    assert.equal(odd.cause?.kind, 'unparseable');
  });

  test('GetWebACL denied: unknown with the cause and wafv2:GetWebACL', () => {
    const v = albVerdict([ALB_ACL, accessDenied('wafv2:GetWebACL')]);
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.kind, 'access-denied');
    assert.equal(v.cause?.action, 'wafv2:GetWebACL');
    assert.match(
      v.detail,
      /Could not determine whether the web ACL of Application Load Balancer web can block/,
    );
  });

  test('web ACLs not read (evidence of an older scan): unknown, not collected', () => {
    const v = only(
      run(wafAlb, accountEvidence({ waf: { ...wafEvidence(), webAcls: undefined } })),
      'us-east-1',
    );
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.kind, 'not-collected');
    assert.equal(v.cause?.action, 'wafv2:GetWebACL');
  });

  test('CloudFront with a WAF Classic web ACL id: unknown with its cause; a WAFv2 ARN is judged', () => {
    const dist = (webAclId: string): Partial<WafEvidence> => ({
      cloudFront: ok({
        distributions: [
          { id: 'E2QWRUHAPOMQZL', arn: CF, domainName: 'd.cloudfront.net', aliases: [], webAclId },
        ],
      }),
    });
    const classic = only(
      run(wafCloudFront, accountEvidence({ waf: wafEvidence(dist('473e64fd-f30b-4765-81a0-62ad96dd167a')) })),
    );
    assert.equal(classic.status, 'unknown');
    assert.equal(classic.cause?.code, 'WafClassicWebAcl');
    assert.match(classic.detail, /AWS WAF Classic/);
    const weak = wafEvidence(dist('arn:aws:wafv2:us-east-1:111122223333:global/webacl/cf/3'));
    weak.webAcls = webAcls(webAcl('arn:aws:wafv2:us-east-1:111122223333:global/webacl/cf/3', { rules: [] }));
    assert.equal(only(run(wafCloudFront, accountEvidence({ waf: weak }))).status, 'fail');
  });

  test('an ARN that is not a WAFv2 web ACL: unknown', () => {
    const v = only(
      run(
        wafAppSync,
        accountEvidence({
          waf: wafEvidence({
            appSync: {
              'us-east-1': ok({
                apis: [
                  {
                    apiId: 'g',
                    arn: 'arn:aws:appsync:us-east-1:1:apis/g',
                    name: 'g',
                    webAclArn: 'arn:aws:wafv2:us-east-1:1:regional/ipset/x/1',
                  },
                ],
              }),
              'eu-west-1': ok({ apis: [] }),
            },
          }),
        }),
      ),
      'us-east-1',
    );
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.kind, 'unparseable');
  });

  test('every resource check fails a resource whose web ACL cannot block', () => {
    const arns = [
      'arn:aws:wafv2:us-east-1:111122223333:regional/webacl/api/1',
      ALB_ACL,
      'arn:aws:wafv2:us-east-1:111122223333:global/webacl/cf/3',
      'arn:aws:wafv2:us-east-1:111122223333:regional/webacl/gql/4',
      'arn:aws:wafv2:us-east-1:111122223333:regional/webacl/cog/5',
    ];
    const a = accountEvidence({
      waf: { ...wafEvidence(), webAcls: webAcls(...arns.map((x) => webAcl(x, { rules: [] }))) },
    });
    for (const check of [wafApiGateway, wafAlb, wafCloudFront, wafAppSync, wafCognito]) {
      const fails = run(check, a).filter((v) => v.status === 'fail');
      assert.equal(fails.length, 1, check.meta.id);
      assert.equal(fails[0]!.data.webAclProblem, 'no-rules', check.meta.id);
    }
  });
});

describe('web ACL helpers', () => {
  test('parseWebAclArn: regional and CloudFront (global) web ACLs', () => {
    assert.deepEqual(parseWebAclArn(ALB_ACL), {
      arn: ALB_ACL,
      region: 'us-east-1',
      scope: 'REGIONAL',
      name: 'web',
      id: '2',
    });
    assert.equal(parseWebAclArn('arn:aws:wafv2:us-east-1:1:global/webacl/cf/3')?.scope, 'CLOUDFRONT');
    assert.equal(parseWebAclArn('abc'), null);
  });

  test('ruleCanBlock and judgeWebAcl', () => {
    assert.equal(ruleCanBlock(aclRule({ action: 'Count' })), 'no');
    assert.equal(ruleCanBlock(aclRule({ kind: 'managed', action: 'Count' })), 'no');
    assert.equal(ruleCanBlock(aclRule({ kind: 'managed', action: 'None' })), 'yes');
    assert.equal(judgeWebAcl(webAcl(ALB_ACL, { rules: [] })).kind, 'cannot-block');
  });

  test('GetWebACL answer → evidence: actions, managed and referenced groups, Firewall Manager groups', () => {
    const ref = parseWebAclArn(ALB_ACL)!;
    const r = interpretGetWebAcl(ref, {
      ok: true,
      value: {
        WebACL: {
          ARN: ALB_ACL,
          Id: '2',
          Name: 'web',
          DefaultAction: { Allow: {} },
          VisibilityConfig: undefined as never,
          Rules: [
            {
              Name: 'c',
              Priority: 1,
              Action: { Count: {} },
              Statement: {},
              VisibilityConfig: undefined as never,
            },
            {
              Name: 'm',
              Priority: 2,
              OverrideAction: { None: {} },
              Statement: {
                ManagedRuleGroupStatement: {
                  VendorName: 'AWS',
                  Name: 'AWSManagedRulesCommonRuleSet',
                  RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
                },
              },
              VisibilityConfig: undefined as never,
            },
          ],
          PreProcessFirewallManagerRuleGroups: [
            {
              Name: 'fms',
              Priority: 0,
              OverrideAction: { Count: {} },
              FirewallManagerStatement: {
                RuleGroupReferenceStatement: { ARN: 'arn:rg', ExcludedRules: [{ Name: 'e' }] },
              },
              VisibilityConfig: undefined as never,
            },
          ],
        },
      },
    });
    assert.ok(r.ok);
    assert.equal(r.value.defaultAction, 'Allow');
    assert.deepEqual(
      r.value.rules.map((x) => [x.name, x.kind, x.action, x.firewallManager]),
      [
        ['fms', 'rule-group', 'Count', 'pre'],
        ['c', 'rule', 'Count', null],
        ['m', 'managed', 'None', null],
      ],
    );
    assert.deepEqual(r.value.rules[0]!.excludedRules, ['e']);
    assert.deepEqual(r.value.rules[2]!.ruleActionOverrides, [
      { name: 'SizeRestrictions_BODY', action: 'Count' },
    ]);
    const hollow = interpretGetWebAcl(ref, {
      ok: true,
      value: { WebACL: { ARN: ALB_ACL, DefaultAction: {} } as never },
    });
    assert.equal(!hollow.ok && hollow.error.kind, 'unparseable');
  });

  test('webAclRefs: each distinct WAFv2 web ACL once; WAF Classic ids left out', () => {
    const e = wafEvidence();
    const refs = webAclRefs({
      ...e,
      appSync: {
        'us-east-1': ok({
          apis: [
            { apiId: 'a', arn: 'a', name: 'a', webAclArn: ALB_ACL },
            { apiId: 'b', arn: 'b', name: 'b', webAclArn: ALB_ACL },
          ],
        }),
      },
    });
    assert.equal(refs.filter((r) => r.arn === ALB_ACL).length, 1);
    assert.equal(refs.length, 4);
    const classic = webAclRefs({
      ...e,
      cloudFront: ok({
        distributions: [{ id: 'X', arn: CF, domainName: 'd', aliases: [], webAclId: 'abc-classic' }],
      }),
    });
    assert.ok(classic.every((r) => r.arn.includes(':wafv2:')));
    assert.equal(classic.length, 4);
  });
});

describe('what the finding says of a web ACL that cannot block', () => {
  test('names the resources, the web ACL and why', () => {
    const weak = result('waf.alb', 'fail', 'us-east-1', ALB, {
      webAclArn: ALB_ACL,
      webAclName: 'shop-acl',
      webAclProblem: 'no-rules',
    });
    const none = result(
      'waf.alb',
      'fail',
      'eu-west-1',
      'arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/eu/1',
      { webAclArn: null },
    );
    const s = spoken('waf', [weak, none]);
    assert.match(s.text, /^None of the internet-facing resources .* had a web ACL that can block requests:/);
    assert.match(s.text, /whose web ACL shop-acl has no rules and lets every request through by default/);
    assert.equal(s.claims.length, 2);
    const pass = result('waf.alb', 'pass', 'us-east-1', 'arn:x', { webAclArn: ALB_ACL });
    assert.match(
      spoken('waf', [weak, pass]).text,
      /^AWS WAF protected 1 internet-facing resource, but 1 other had no web ACL that can block requests:/,
    );
  });

  test('without such fails the lead is unchanged', () => {
    const none = result('waf.alb', 'fail', 'us-east-1', ALB, { webAclArn: null });
    assert.match(spoken('waf', [none]).text, /had a web ACL associated with it/);
  });
});
