import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { Result } from '../../src/evidence/schema.js';
import type { Status } from '../../src/evidence/status.js';
import { composeDetailed } from '../../src/finding/compose.js';
import { findingProse } from '../support/prose.js';
import { ACCOUNT, account, bundle, denied, REGIONS as HELPER_REGIONS, result } from './helpers.js';
import { SEED } from './scenarios.js';

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

describe('property: the seed template, as written, in a final finding', () => {
  const SEED_TEXT = readFileSync(SEED, 'utf8');
  const ENABLEMENT: Record<string, string> = {
    cloudtrail: 'cloudtrail.enabled',
    inspector: 'inspector.enabled',
    macie: 'macie.enabled',
    guardduty: 'guardduty.enabled',
  };
  const TITLES: Record<string, RegExp> = {
    inspector: /Amazon Inspector/,
    macie: /Amazon Macie/,
    guardduty: /Amazon GuardDuty/,
  };
  const SAYS_OFF = /\b(?:not|never)\b[^.]{0,40}\b(?:enabled|configured|in use)\b|did not appear to be in use/;
  const TA_CHECKS = ['IAM Access Key Rotation', 'Amazon S3 Bucket Permissions'];
  const API = `arn:aws:apigateway:${HELPER_REGIONS[0]}::/restapis/abc/stages/prod`;

  test('passes --final with the answers and cross-references, names every gap, says nothing false', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(status, { minLength: 3, maxLength: 3 }), { minLength: 4, maxLength: 4 }),
        fc.array(status, { minLength: 2, maxLength: 2 }),
        status,
        status,
        fc.boolean(),
        (regional, ta, api, shield, lambda) => {
          const regions = HELPER_REGIONS.slice(0, 3);
          const results: Result[] = [];
          Object.values(ENABLEMENT).forEach((id, i) => {
            regions.forEach((r, j) => {
              results.push(make(id, regional[i]![j]!, r, null));
            });
          });
          TA_CHECKS.forEach((c, i) => {
            results.push(make('trustedadvisor.security-checks', ta[i]!, 'global', c));
          });
          results.push(make('waf.api-gateway', api, regions[0]!, API));
          results.push(make('shield.advanced', shield, 'global', null));
          const acct = account({
            scannedRegions: regions,
            inventory: {
              ec2Instances: {},
              ecrRepositories: {},
              lambdaFunctions: lambda
                ? { [regions[0]!]: { ok: true, value: { names: ['fn'] } } }
                : { [regions[0]!]: { ok: true, value: { names: [] } } },
              s3Buckets: { ok: true, value: { buckets: [{ name: 'b', region: regions[0]! }] } },
            },
          });
          const input = {
            bundle: bundle([acct]),
            results,
            template: { text: SEED_TEXT, path: SEED },
            xrefs: { XREF: '3.1', AWS_Insufficient_Logging_and_Monitoring: '4.2' },
            answers: {
              'personal-data': 'yes',
              'shield-advanced': 'keep',
              unknown: 'limitation',
              wording: 'watchpost',
            } as const,
          };
          // --final succeeds: nothing is left for the consultant.
          const { output, claims } = composeDetailed({ ...input, final: true });
          const key = (x: { checkId: string; region: string; resource: string | null }) =>
            `${x.checkId}|${x.region}|${x.resource}`;
          for (const f of results.filter((r) => r.status === 'fail'))
            assert.ok(
              claims.some((c) => key(c) === key(f)),
              `fail ${key(f)} is named`,
            );
          for (const c of claims)
            assert.ok(
              results.some((r) => key(r) === key(c) && r.status === 'fail'),
              `claim ${key(c)} has a fail`,
            );
          const sentences = findingProse(output.markdown).split(/(?<=[.!?])\s+/);
          for (const [service, title] of Object.entries(TITLES)) {
            const en = results.filter((r) => r.checkId === ENABLEMENT[service]);
            const on = en.some((r) => r.status === 'pass');
            const off = en.filter((r) => r.status === 'fail').map((r) => r.region);
            for (const s of sentences) {
              if (!title.test(s) || !SAYS_OFF.test(s) || !on) continue;
              // Said to be off while on somewhere: only with the regions where it was off.
              assert.ok(
                off.some((r) => s.includes(r)),
                `"${s}" (${service} is on somewhere, off in ${off.join(', ') || 'none'})`,
              );
            }
          }
          // The seed's WAF sentence names API Gateways and Lambda functions: only when both are true.
          if (output.markdown.includes('such as the API Gateways serving the lambda functions')) {
            assert.equal(api, 'fail');
            assert.ok(lambda);
          }
          // Trusted Advisor's optional clause follows its check.
          if (output.markdown.includes('including IAM access key rotation')) assert.equal(ta[0], 'fail');
        },
      ),
      { numRuns: 150 },
    );
  });
});
