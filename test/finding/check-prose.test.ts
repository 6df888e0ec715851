/**
 * Every registered check speaks in the finding (issue 11): given a synthetic `fail` result of each check
 * on its own, the default finding has a sentence for it that names its region or resource and claims it;
 * a synthetic `unknown` becomes a review item naming it; failing all at once, every fail is claimed.
 * Every status is handled by every renderer. A check without prose does not compile (CheckDefinition).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CheckDefinition } from '../../src/checks/types.js';
import type { Result } from '../../src/evidence/schema.js';
import { STATUS_WORDS, STATUSES, type Status } from '../../src/evidence/status.js';
import { analyse } from '../../src/finding/analysis.js';
import { composeDetailed } from '../../src/finding/compose.js';
import { type ContentBlock, contentBlocks, inlineLists, plainText } from '../../src/finding/document.js';
import { evidenceBlocks } from '../../src/finding/evidence.js';
import { reportData } from '../../src/render/html.js';
import { renderOcsf } from '../../src/render/ocsf.js';
import { renderSummary } from '../../src/render/terminal.js';
import { CHECKS, SERVICE_MODULES } from '../../src/services/registry.js';
import { findingProse, spoken } from '../support/prose.js';
import { account, bundle, denied, result } from './helpers.js';

const REGION = 'zz-exhaustive-1';
const ONE = bundle([account({ scannedRegions: [REGION] })]);

/** A result of `check` as its scope gives it: account-wide, one per region, or one per resource. */
function synthetic(check: CheckDefinition, status: Status): Result {
  const { id, scope } = check.meta;
  const region = scope === 'account' ? 'global' : REGION;
  const resource = scope === 'resource' ? `thing-${id}` : null;
  return status === 'unknown'
    ? denied(id, region, 'test:Read', resource)
    : result(id, status, region, resource);
}

function words(blocks: readonly ContentBlock[]): string {
  return blocks.flatMap((b) => inlineLists(b).map((l) => plainText(l))).join(' ');
}

const key = (x: { checkId: string; region: string; resource: string | null }) =>
  `${x.checkId}|${x.region}|${x.resource}`;

describe('every check speaks in the finding', () => {
  for (const check of CHECKS) {
    test(`${check.meta.id}: a fail has a sentence that names it and claims it`, () => {
      const fail = synthetic(check, 'fail');
      // The service's sentences, on their own.
      const { passages, text: said, claims: own } = spoken(check.meta.service, [fail], { bundle: ONE });
      assert.ok(said.trim().length > 0, `${check.meta.id} says nothing`);
      assert.deepEqual(own.map(key), [key(fail)]);
      if (fail.resource !== null) assert.ok(said.includes(fail.resource), `${said} names the resource`);
      else if (fail.region !== 'global') assert.ok(said.includes(fail.region), `${said} names the region`);
      // And in the default finding.
      const { output, claims } = composeDetailed({ bundle: ONE, results: [fail] });
      assert.ok(output.hasGaps);
      assert.ok(
        claims.some((c) => key(c) === key(fail)),
        'claimed in the finding',
      );
      // The finding's document (which finding.md, Word and HTML render) has each of those passages.
      const document = contentBlocks(output.document.blocks).flatMap((b) =>
        inlineLists(b).map((l) => plainText(l)),
      );
      for (const passage of passages) {
        assert.ok(
          document.some((d) => d.includes(passage)),
          `the finding has "${passage}"`,
        );
      }
      const named = fail.resource ?? (fail.region === 'global' ? null : fail.region);
      if (named !== null)
        assert.ok(findingProse(output.markdown).includes(named), `finding.md names ${named}`);
    });

    test(`${check.meta.id}: an unknown is a review item that names the check, never a claim`, () => {
      const unknown = synthetic(check, 'unknown');
      const { output, claims } = composeDetailed({
        bundle: ONE,
        // A fail elsewhere, so that the finding is written with its subsections.
        results: [unknown, ...(check === CHECKS[0] ? [] : [synthetic(CHECKS[0]!, 'fail')])],
      });
      assert.ok(!claims.some((c) => key(c) === key(unknown)));
      const items = output.reviewItems.filter((i) => i.kind === 'unknown');
      assert.ok(
        items.some((i) => i.text.includes(check.meta.id)),
        `${check.meta.id}: ${JSON.stringify(items)}`,
      );
    });
  }

  test('every check failing at once: every fail is claimed, and only fails', () => {
    const fails = CHECKS.map((c) => synthetic(c, 'fail'));
    const { claims } = composeDetailed({ bundle: ONE, results: fails });
    for (const f of fails)
      assert.ok(
        claims.some((c) => key(c) === key(f)),
        `${key(f)} claimed`,
      );
    assert.equal(new Set(claims.map(key)).size, claims.length, 'each fail claimed once');
  });

  test('each check failing in one region and passing in another: only the fail is claimed', () => {
    const other = 'zz-exhaustive-2';
    const two = bundle([account({ scannedRegions: [REGION, other] })]);
    for (const check of CHECKS) {
      const fail = synthetic(check, 'fail');
      const pass = { ...synthetic(check, 'pass'), region: fail.region === 'global' ? 'global' : other };
      if (fail.region === 'global' && fail.resource === null) continue; // one result per account
      if (pass.resource !== null) pass.resource = pass.resource.replace('res-', 'ok-');
      const { claims } = composeDetailed({ bundle: two, results: [fail, pass] });
      assert.deepEqual(
        claims.filter((c) => c.checkId === check.meta.id).map(key),
        [key(fail)],
        check.meta.id,
      );
    }
  });

  test("a service's prose orders only its own checks", () => {
    for (const m of SERVICE_MODULES) {
      for (const c of m.prose?.order ?? []) assert.ok(m.checks.includes(c), `${m.id}: ${c.meta.id}`);
    }
  });
});

describe('every status is handled by every renderer', () => {
  const all = CHECKS.flatMap((c) => STATUSES.map((s) => synthetic(c, s)));
  const a = analyse(ONE, all);

  test('finding evidence tables', () => {
    const tables = words(evidenceBlocks(a, [...new Set(CHECKS.map((c) => c.meta.service))], 'all'));
    assert.ok(!tables.includes('undefined'), tables);
    // In the words people read; a result that does not apply is never a row of its own.
    for (const s of STATUSES.filter((st) => st !== 'not_applicable'))
      assert.ok(tables.includes(STATUS_WORDS[s]), `${s} shown`);
    assert.doesNotMatch(tables, /not_applicable|unknown|\bglobal\b/);
  });

  test('terminal summary', () => {
    const word: Record<Status, string> = {
      pass: 'ok',
      fail: 'FAIL',
      unknown: '??',
      not_applicable: 'n/a',
      accepted: 'accepted',
    };
    for (const s of STATUSES) {
      const out = renderSummary(
        ONE,
        all.filter((r) => r.status === s),
        { colour: false },
      );
      assert.ok(!out.includes('undefined'), out);
      const row = out.split('\n').find((l) => l.startsWith(REGION));
      assert.ok(row?.split(/\s+/).includes(word[s]), `${s}: ${row}`);
    }
  });

  test('OCSF: a finding for each fail, accepted and unknown, none for pass and not_applicable', () => {
    const findings = renderOcsf({ bundle: ONE, results: all, checks: CHECKS.map((c) => c.meta) }) as {
      status_code: string;
      status: string;
    }[];
    assert.equal(findings.length, CHECKS.length * 3);
    assert.deepEqual(new Set(findings.map((f) => f.status_code)), new Set(['FAIL', 'MANUAL']));
    assert.equal(findings.filter((f) => f.status === 'Suppressed').length, CHECKS.length);
  });

  test('HTML report data', () => {
    const data = reportData(ONE, all, [...CHECKS.map((c) => c.meta)]);
    for (const s of STATUSES) assert.ok(data.display[s], `${s} has a display`);
    assert.ok(!JSON.stringify(data).includes('undefined'));
  });
});
