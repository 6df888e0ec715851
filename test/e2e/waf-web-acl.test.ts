/**
 * End to end (issue 13): the built CLI judges each web ACL itself, read once per distinct web ACL through
 * moto's wafv2 GetWebACL (regional, and CLOUDFRONT scope in us-east-1). A web ACL with no rules or only
 * counting rules, default action Allow, fails its resource; one with a managed rule group passes; a denied
 * GetWebACL leaves the resource unknown with wafv2:GetWebACL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Result } from '../../src/evidence/schema.js';
import { cliBuilt } from '../support/cli.js';
import { type Emulator, startAwsEmulator } from '../support/proxy.js';
import { type Scenario, seedAppSync, seedScenario, seedWebAcl, target } from '../support/seed.js';
import { scanWith } from './helpers.js';

const skip = cliBuilt() ? false : 'dist/cli/bin.js is missing: run `npm run build` first';

const scenario: Scenario = {
  name: 'wafWebAcls',
  regions: {
    'us-east-1': {
      albs: [
        { name: 'strong-web', scheme: 'internet-facing', webAcl: { name: 'strong-acl', kind: 'blocks' } },
        {
          name: 'empty-web',
          scheme: 'internet-facing',
          webAcl: { name: 'empty-acl', kind: 'no-rules', logging: false },
        },
        { name: 'count-web', scheme: 'internet-facing', webAcl: { name: 'count-acl', kind: 'count-only' } },
      ],
    },
    'eu-west-1': {},
    'ap-southeast-2': {},
  },
  distributions: [{ comment: 'weak-cdn', webAcl: { name: 'cdn-count-acl', kind: 'count-only' } }],
  proxy: { supportPlan: 'business', shield: 'INACTIVE' },
};

const waf = (rs: readonly Result[], check: string, fragment: string) => {
  const hits = rs.filter((r) => r.checkId === check && (r.resource ?? '').includes(fragment));
  assert.equal(hits.length, 1, `${check} ${fragment}: ${hits.length} results`);
  return hits[0]!;
};

describe('e2e: web ACLs judged by their rules', { skip }, () => {
  let emu: Emulator;

  before(async () => {
    emu = await startAwsEmulator();
    await seedScenario(emu, scenario);
    // Two AppSync APIs sharing one web ACL that only counts: read once, both fail.
    const t = target(emu);
    const shared = await seedWebAcl(t, 'us-east-1', 'shared-count-acl', 'REGIONAL', 'count-only');
    await seedAppSync(t, 'us-east-1', { name: 'gql-one', webAcl: shared.arn });
    await seedAppSync(t, 'us-east-1', { name: 'gql-two', webAcl: shared.arn });
    emu.resetCounts();
  });
  after(async () => {
    await emu?.stop();
  });

  test('pass for a web ACL that can block, fail (with why) for one that cannot; each web ACL read once', async () => {
    const run = await scanWith(emu);
    const rs = run.results;
    const strong = waf(rs, 'waf.alb', 'app/strong-web/');
    assert.equal(strong.status, 'pass');
    assert.deepEqual(strong.data.managedRuleGroups, ['AWS/AWSManagedRulesCommonRuleSet']);
    const empty = waf(rs, 'waf.alb', 'app/empty-web/');
    assert.equal(empty.status, 'fail');
    assert.equal(empty.data.webAclProblem, 'no-rules');
    assert.match(empty.detail, /web ACL empty-acl, which cannot block requests: it has no rules/);
    const count = waf(rs, 'waf.alb', 'app/count-web/');
    assert.equal(count.status, 'fail');
    assert.equal(count.data.webAclProblem, 'count-only');
    const cdn = rs.find((r) => r.checkId === 'waf.cloudfront' && r.resource !== null);
    assert.equal(cdn?.status, 'fail');
    assert.equal(cdn?.data.webAclName, 'cdn-count-acl');
    const gql = rs.filter((r) => r.checkId === 'waf.appsync' && r.region === 'us-east-1');
    assert.deepEqual(
      gql.map((r) => [r.status, r.data.webAclName]),
      [
        ['fail', 'shared-count-acl'],
        ['fail', 'shared-count-acl'],
      ],
    );
    // strong, empty, count, cdn-count, shared-count: five distinct web ACLs, five reads.
    assert.equal(emu.counts()['wafv2:GetWebACL'], 5);
    // waf.logging: one result per web ACL, its logging read once; empty-acl has none (proof: fail).
    assert.equal(emu.counts()['wafv2:GetLoggingConfiguration'], 5);
    const logs = rs.filter((r) => r.checkId === 'waf.logging' && r.resource !== null);
    assert.equal(logs.length, 5);
    assert.equal(waf(rs, 'waf.logging', '/webacl/empty-acl/').status, 'fail');
    assert.equal(waf(rs, 'waf.logging', '/webacl/strong-acl/').status, 'pass');
    assert.equal(waf(rs, 'waf.logging', '/webacl/cdn-count-acl/').region, 'global');
  });

  test('GetWebACL denied: the resources with a web ACL are unknown (wafv2:GetWebACL), never pass', async () => {
    emu.configure({ faults: [{ service: 'wafv2', operation: 'GetWebACL', fault: 'access-denied' }] });
    try {
      const run = await scanWith(emu);
      for (const fragment of ['app/strong-web/', 'app/empty-web/']) {
        const r = waf(run.results, 'waf.alb', fragment);
        assert.equal(r.status, 'unknown', fragment);
        assert.equal(r.cause?.action, 'wafv2:GetWebACL');
        assert.equal(r.cause?.kind, 'access-denied');
      }
    } finally {
      emu.configure({ faults: [] });
    }
  });
});
