import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { Result } from '../../src/evidence/schema.js';
import type { Status } from '../../src/evidence/status.js';
import { composeDetailed } from '../../src/finding/compose.js';
import { findingProse } from '../support/prose.js';
import { ACCOUNT, account, bundle, denied, result } from './helpers.js';

const REGIONS = ['zz-alpha-1', 'zz-bravo-2', 'zz-charlie-3', 'zz-delta-4', 'zz-echo-5'];
const REGIONAL = ['cloudtrail.enabled', 'inspector.enabled', 'macie.enabled', 'guardduty.enabled'];
const RESOURCES = ['res-kilo', 'res-lima', 'res-mike'];
const status = fc.constantFrom<Status>('pass', 'fail', 'not_applicable', 'unknown');

function make(checkId: string, s: Status, region: string, resource: string | null): Result {
  return s === 'unknown'
    ? denied(checkId, region, 'svc:Read', resource)
    : result(checkId, s, region, resource);
}

describe('property: the finding names as lacking only what a fail result proves', () => {
  test('claims are backed by fail results, and unknown-only regions are never named in prose', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(status, { minLength: REGIONS.length, maxLength: REGIONS.length }), {
          minLength: REGIONAL.length,
          maxLength: REGIONAL.length,
        }),
        fc.array(status, { minLength: RESOURCES.length, maxLength: RESOURCES.length }),
        status,
        (regional, waf, shield) => {
          const results: Result[] = [];
          REGIONAL.forEach((id, i) => {
            REGIONS.forEach((r, j) => {
              results.push(make(id, regional[i]![j]!, r, null));
            });
          });
          RESOURCES.forEach((res, i) => {
            results.push(
              make(
                'waf.alb',
                waf[i]!,
                REGIONS[i]!,
                `arn:aws:elasticloadbalancing:${REGIONS[i]}:${ACCOUNT}:loadbalancer/app/${res}/1`,
              ),
            );
          });
          results.push(make('shield.advanced', shield, 'global', null));
          const { output, claims } = composeDetailed({
            bundle: bundle([account({ scannedRegions: REGIONS })]),
            results,
          });
          const key = (x: { checkId: string; region: string; resource: string | null }) =>
            `${x.checkId}|${x.region}|${x.resource}`;
          const byKey = new Map<string, Set<Status>>();
          for (const r of results) byKey.set(key(r), (byKey.get(key(r)) ?? new Set()).add(r.status));
          for (const c of claims) {
            const st = byKey.get(key(c));
            assert.ok(st?.has('fail'), `claim ${key(c)} has a fail result`);
            assert.ok(!st?.has('pass') && !st?.has('unknown'), `claim ${key(c)} has no pass/unknown result`);
          }
          // Every failing result is named (claimed) when there is a finding.
          const fails = results.filter((r) => r.status === 'fail');
          assert.equal(output.hasGaps, fails.length > 0);
          for (const f of fails)
            assert.ok(
              claims.some((c) => key(c) === key(f)),
              `fail ${key(f)} is reported`,
            );
          // A region whose results are all unknown / not applicable is never named in prose.
          const text = findingProse(output.markdown);
          for (const region of REGIONS) {
            const st = results.filter((r) => r.region === region).map((r) => r.status);
            if (st.every((s) => s === 'unknown' || s === 'not_applicable')) {
              assert.ok(!text.includes(region), `${region} (unknown/n.a. only) must not appear in prose`);
            }
          }
          for (const res of RESOURCES) {
            const r = results.find((x) => x.resource?.includes(`/${res}/`))!;
            if (r.status !== 'fail')
              assert.ok(!text.includes(res), `${res} (${r.status}) must not be named in prose`);
          }
          // Every unknown result surfaces as a review item.
          if (results.some((r) => r.status === 'unknown')) {
            assert.ok(output.reviewItems.some((i) => i.kind === 'unknown'));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
