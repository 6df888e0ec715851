/** waf.logging (issue 13): each web ACL in use logs the requests it inspects (Security Hub WAF.11). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { wafLogging } from '../../src/services/waf/checks/logging.js';
import { interpretLogging } from '../../src/services/waf/collect.js';
import { result } from '../finding/helpers.js';
import {
  accessDenied,
  accountEvidence,
  emptyWafEvidence,
  err,
  ok,
  only,
  REGIONS,
  regional,
  run,
  wafEvidence,
  webAclLogging,
} from '../fixtures/evidence.js';
import { spoken } from '../support/prose.js';

const ALB_ACL = 'arn:aws:wafv2:us-east-1:111122223333:regional/webacl/web/2';
const CF_ACL = 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/cf/3';

describe('waf.logging', () => {
  test('pass per web ACL in use (CloudFront ones at global); not_applicable where none is in use', () => {
    const vs = run(wafLogging, accountEvidence());
    assert.equal(vs.filter((v) => v.region === 'us-east-1').length, 4);
    assert.ok(vs.filter((v) => v.region === 'us-east-1').every((v) => v.status === 'pass'));
    const cf = only(vs, 'global');
    assert.equal(cf.resource, CF_ACL);
    assert.equal(cf.status, 'pass');
    assert.equal(cf.data.scope, 'CLOUDFRONT');
    assert.equal(only(vs, 'eu-west-1').status, 'not_applicable');
  });

  test('no logging configuration (WAFNonexistentItemException): fail', () => {
    const waf = wafEvidence();
    waf.webAclLogging = {
      'us-east-1': {
        ...waf.webAclLogging?.['us-east-1'],
        ...webAclLogging([ALB_ACL, ok({ enabled: false, destinations: [] })])['us-east-1'],
      },
    };
    const v = only(run(wafLogging, accountEvidence({ waf })), 'us-east-1', ALB_ACL);
    assert.equal(v.status, 'fail');
    assert.match(v.detail, /Web ACL web has no logging configuration/);
    assert.equal(v.cause, null);
  });

  test('logging read denied or not read: unknown naming wafv2:GetLoggingConfiguration', () => {
    const denied = wafEvidence({
      webAclLogging: webAclLogging([ALB_ACL, accessDenied('wafv2:GetLoggingConfiguration')]),
    });
    const vs = run(wafLogging, accountEvidence({ waf: denied }));
    const v = only(vs, 'us-east-1', ALB_ACL);
    assert.equal(v.status, 'unknown');
    assert.equal(v.cause?.action, 'wafv2:GetLoggingConfiguration');
    // The others were not read at all (absent from the map): unknown, not collected.
    const other = only(vs, 'global', CF_ACL);
    assert.equal(other.status, 'unknown');
    assert.equal(other.cause?.kind, 'not-collected');
    const old = only(
      run(wafLogging, accountEvidence({ waf: wafEvidence({ webAclLogging: undefined }) })),
      'global',
    );
    assert.equal(old.cause?.action, 'wafv2:GetLoggingConfiguration');
  });

  test('a region whose listings could not all be read: unknown, never not_applicable', () => {
    const waf = emptyWafEvidence();
    waf.loadBalancers = {
      ...regional(ok({ loadBalancers: [] })),
      'eu-west-1': err('throttled', 'Throttling', 'elasticloadbalancing:DescribeLoadBalancers'),
    };
    const vs = run(wafLogging, accountEvidence({ waf }));
    assert.equal(only(vs, 'eu-west-1').status, 'unknown');
    assert.equal(only(vs, 'us-east-1').status, 'not_applicable');
    // CloudFront listed and without web ACLs: nothing at global.
    assert.equal(vs.filter((v) => v.region === 'global').length, 0);
    assert.equal(vs.length, REGIONS.length);
    const cfDenied = run(
      wafLogging,
      accountEvidence({ waf: { ...waf, cloudFront: accessDenied('cloudfront:ListDistributions') } }),
    );
    assert.equal(only(cfDenied, 'global').status, 'unknown');
  });

  test('missing WAF evidence: unknown per region and for CloudFront', () => {
    const vs = run(wafLogging, accountEvidence({ waf: undefined }));
    assert.ok(vs.every((v) => v.status === 'unknown'));
    assert.equal(vs.length, REGIONS.length + 1);
  });

  test('WAFNonexistentItemException is logging off; other errors stay errors', () => {
    const off = interpretLogging(
      err('not-found', 'WAFNonexistentItemException', 'wafv2:GetLoggingConfiguration'),
    );
    assert.deepEqual(off, { ok: true, value: { enabled: false, destinations: [] } });
    const denied = interpretLogging(accessDenied('wafv2:GetLoggingConfiguration'));
    assert.equal(denied.ok, false);
    const on = interpretLogging({
      ok: true,
      value: {
        LoggingConfiguration: {
          ResourceArn: ALB_ACL,
          LogDestinationConfigs: ['arn:aws:s3:::aws-waf-logs-x'],
        },
      },
    });
    assert.deepEqual(on, {
      ok: true,
      value: { enabled: true, destinations: ['arn:aws:s3:::aws-waf-logs-x'] },
    });
  });

  test('the finding: a paragraph of its own after the resources, naming the web ACLs', () => {
    const noLog = result('waf.logging', 'fail', 'us-east-1', ALB_ACL, { webAclName: 'web' });
    const s = spoken('waf', [noLog]);
    assert.equal(s.passages.length, 1);
    assert.match(s.passages[0]!, /^Web ACLs without logging, .*: /);
    assert.equal(s.claims.length, 1);
    const alb = result(
      'waf.alb',
      'fail',
      'us-east-1',
      'arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/x/1',
      { webAclArn: null },
    );
    const both = spoken('waf', [alb, noLog]);
    assert.match(both.passages[0]!, /had a web ACL associated with it/);
    assert.match(both.passages.at(-1)!, /^Web ACLs without logging/);
    assert.equal(both.claims.length, 2);
  });
});
