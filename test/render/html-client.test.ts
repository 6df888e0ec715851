/**
 * The HTML report's browser script (src/render/html-client/) and the data block it shares with html.ts
 * (src/render/html-data.ts). What the compiler already guarantees (tsc checks html.ts, the client and this
 * file in `npm test`): reportData() returns a ReportData; rows are built from named fields; the client
 * reads them through RESULT / CAUSE, whose positions carry their fields' types (asserted below at the
 * type level). What it cannot see is tested here: that the values html.ts writes decode, through the
 * client's positions, to the results they came from; that the bundled script is current, ES2020 and
 * self-contained; and that the report inlines exactly the script its CSP hashes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import * as esbuild from 'esbuild';
import type { Cause } from '../../src/evidence/observed.js';
import type { Result } from '../../src/evidence/schema.js';
import { STATUS_RANK, STATUSES } from '../../src/evidence/status.js';
import { findingDocument, heading, text } from '../../src/finding/document.js';
import { STATUS_DISPLAY } from '../../src/render/common.js';
import { renderHtmlReport } from '../../src/render/html.js';
import { CLIENT_SCRIPT } from '../../src/render/html-client.generated.js';
import {
  CAUSE,
  CAUSE_FIELDS,
  type CauseTuple,
  RESULT,
  RESULT_FIELDS,
  type ReportData,
  type ResultFields,
  type ResultRow,
} from '../../src/render/html-data.js';
import { SERVICE_MODULES } from '../../src/services/registry.js';
import { HOSTILE_NAME, syntheticReport } from './synthetic.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** For each field: does the tuple's element at the field's position have the field's type? */
type PositionTypes<Fields, At extends { [K in keyof Fields]: number }, Row> = {
  [K in keyof Fields]: Equal<Row[At[K] & keyof Row], Fields[K]>;
};
// Compile-time checks: a `false` below would not accept `true`.
const resultPositionTypes: PositionTypes<ResultFields, typeof RESULT, ResultRow> = {
  account: true,
  region: true,
  service: true,
  status: true,
  check: true,
  resource: true,
  detail: true,
  cause: true,
  acceptance: true,
};
const causePositionTypes: PositionTypes<Cause, typeof CAUSE, CauseTuple> = {
  kind: true,
  code: true,
  action: true,
  message: true,
};

function dataBlock(html: string): ReportData {
  const m = /<script type="application\/json" id="wp-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'data block present');
  return JSON.parse(m[1]!) as ReportData;
}

describe('html-data: the data shape html.ts writes and the client reads', () => {
  test('positions are each field once, in the order of the field lists; types agree (tsc)', () => {
    for (const [fields, at, typed] of [
      [RESULT_FIELDS, RESULT, resultPositionTypes],
      [CAUSE_FIELDS, CAUSE, causePositionTypes],
    ] as const) {
      assert.equal(new Set(fields).size, fields.length, `repeated field in ${fields.join(', ')}`);
      assert.deepEqual(
        Object.entries(at),
        fields.map((f, i) => [f, i]),
      );
      assert.deepEqual(Object.keys(typed).sort(), [...fields].sort());
    }
  });

  test('every result decodes, through the positions the client reads, to the result it came from', () => {
    const { bundle, results } = syntheticReport({ accounts: 3, regions: 4, hostile: true, seed: 11 });
    // Causes of every shape: distinct ones, a repeated one, an unreadable region list ('*').
    const base = results[0]!;
    const extra: Result[] = [
      {
        ...base,
        region: '*',
        status: 'unknown',
        resource: null,
        cause: { kind: 'throttled', code: 'Throttling', action: 'ec2:DescribeRegions', message: 'slow' },
      },
      {
        ...base,
        accountId: '999999999999', // not in the bundle's accounts: the data adds it
        status: 'unknown',
        cause: { kind: 'timeout', code: 'TimeoutError', action: 'guardduty:ListDetectors', message: 'late' },
      },
    ];
    results.push(...extra);
    const html = renderHtmlReport({
      bundle,
      results,
      finding: findingDocument({ blocks: [heading(1, text('Finding'))] }),
    });
    const data = dataBlock(html);

    assert.equal(data.results.length, results.length);
    results.forEach((r, i) => {
      const row = data.results[i]!;
      assert.equal(row.length, RESULT_FIELDS.length);
      const causeAt = row[RESULT.cause];
      const cause = causeAt === -1 ? null : data.causes[causeAt]!;
      assert.deepEqual(
        {
          accountId: data.accounts[row[RESULT.account]]?.id,
          region: data.regions[row[RESULT.region]],
          service: data.services[row[RESULT.service]],
          status: row[RESULT.status],
          checkId: data.checks[row[RESULT.check]]?.id,
          resource: row[RESULT.resource],
          detail: row[RESULT.detail],
          cause: cause && {
            kind: cause[CAUSE.kind],
            code: cause[CAUSE.code],
            action: cause[CAUSE.action],
            message: cause[CAUSE.message],
          },
        },
        {
          accountId: r.accountId,
          region: r.region,
          service: r.service,
          status: r.status,
          checkId: r.checkId,
          resource: r.resource,
          detail: r.detail,
          cause: r.cause,
        },
        `result ${i}`,
      );
    });
    assert.ok(data.results.some((row) => row[RESULT.resource]?.includes(HOSTILE_NAME)));
    for (const c of data.causes) assert.equal(c.length, CAUSE_FIELDS.length);
    // Causes are shared: as many entries as distinct causes.
    const distinct = new Set(results.flatMap((r) => (r.cause ? [JSON.stringify(r.cause)] : [])));
    assert.equal(data.causes.length, distinct.size);

    // The tables the rows index.
    for (const [i, a] of bundle.accounts.entries()) {
      assert.equal(data.accounts[i]!.id, a.accountId);
      assert.deepEqual(
        data.accounts[i]!.regions.map((g) => data.regions[g]),
        a.scannedRegions,
      );
    }
    assert.deepEqual(data.accounts.at(-1), { id: '999999999999', name: null, regions: [] });
    assert.deepEqual(
      data.serviceLabels,
      Object.fromEntries(SERVICE_MODULES.map((m) => [m.id, m.labels.short])),
    );
    assert.deepEqual(Object.keys(data.serviceLabels).sort(), [...data.services].sort());
    assert.deepEqual(Object.keys(data.display).sort(), [...STATUSES].sort());
    for (const s of STATUSES) {
      assert.deepEqual(data.display[s], {
        symbol: STATUS_DISPLAY[s].symbol,
        label: STATUS_DISPLAY[s].label,
        rank: STATUS_RANK[s],
      });
    }
  });

  test('the client reads rows only through the named positions', () => {
    // A position written by hand (row[3]) would escape the types' link between html.ts and the client.
    const dir = 'src/render/html-client';
    for (const name of readdirSync(dir)) {
      const text = readFileSync(join(dir, name), 'utf8');
      const literal = /\w\[\d+\]/.exec(text);
      assert.equal(literal, null, `${dir}/${name} indexes with a number: ${literal?.[0]}`);
    }
  });
});

describe('html-client: the bundled browser script', () => {
  test('src/render/html-client.generated.ts is the current bundle of src/render/html-client/', () => {
    const run = spawnSync(process.execPath, ['scripts/build-client.mjs', '--check'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  });

  test('is one self-contained ES2020 script: no imports, no network, no bundler helpers', async () => {
    assert.match(CLIENT_SCRIPT, /^"use strict";\n\(\(\) => \{\n[\s\S]*\n\}\)\(\);\n$/);
    assert.doesNotMatch(CLIENT_SCRIPT, /\bimport\b|\bexport\b|\brequire\(/);
    assert.doesNotMatch(
      CLIENT_SCRIPT,
      /\bfetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|https?:|\/\/\w/,
    );
    assert.doesNotMatch(CLIENT_SCRIPT, /\b__[A-Za-z]\w*/, 'an esbuild runtime helper');
    assert.doesNotMatch(CLIENT_SCRIPT, /<\/script|<!--/i);
    // Syntax newer than ES2020 would be rewritten when transformed for ES2020, and only then.
    const es2020 = await esbuild.transform(CLIENT_SCRIPT, { target: 'es2020', charset: 'utf8' });
    const esnext = await esbuild.transform(CLIENT_SCRIPT, { target: 'esnext', charset: 'utf8' });
    assert.equal(es2020.code, esnext.code);
    // The check above can fail: a logical assignment (ES2021) is rewritten for ES2020.
    const probe = 'let a = 0; a ||= 1;';
    const lowered = await esbuild.transform(probe, { target: 'es2020' });
    assert.notEqual(lowered.code, (await esbuild.transform(probe, { target: 'esnext' })).code);
  });

  test('the report inlines exactly this script, and its CSP hashes exactly that text', () => {
    const { bundle, results } = syntheticReport({ accounts: 1, regions: 2 });
    const html = renderHtmlReport({
      bundle,
      results,
      finding: findingDocument({ blocks: [heading(1, text('Finding'))] }),
    });
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    assert.deepEqual(scripts, [CLIENT_SCRIPT]);
    const hash = createHash('sha256').update(CLIENT_SCRIPT, 'utf8').digest('base64');
    assert.match(html, new RegExp(`script-src 'sha256-${hash.replace(/[+/]/g, '\\$&')}'`));
  });
});
