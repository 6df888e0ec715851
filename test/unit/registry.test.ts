/**
 * The service registry (src/services/registry.ts): what every service module must declare, what derives
 * from it, and that a module's index.ts can be loaded without the AWS SDK.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { findCommand } from '../../src/cli/commands.js';
import { commandHelp } from '../../src/cli/help.js';
import {
  ANSWERS,
  CHECKS,
  checkMeta,
  delegatedAdministratorPrincipals,
  FINDING_QUESTIONS,
  isEnablementCheck,
  LABELS,
  SERVICE_MODULES,
  SERVICES,
  SOURCES,
  serviceForMarkerName,
  waives,
} from '../../src/services/registry.js';

describe('service modules', () => {
  test('the services and their order are those of evidence schema version 1', () => {
    assert.deepEqual(
      [...SERVICES],
      ['cloudtrail', 'trustedadvisor', 'inspector', 'macie', 'guardduty', 'waf', 'shield'],
    );
    assert.deepEqual(
      SOURCES.map((s) => s.id),
      ['inventory', 'usage'],
    );
  });

  test("every check belongs to the service that lists it, under the service's prefix, once", () => {
    const ids = new Set<string>();
    for (const m of SERVICE_MODULES) {
      assert.ok(m.checks.length > 0, `${m.id} has no check`);
      for (const c of m.checks) {
        assert.equal(c.meta.service, m.id, c.meta.id);
        assert.ok(c.meta.id.startsWith(`${m.id}.`), c.meta.id);
        assert.ok(!ids.has(c.meta.id), `${c.meta.id} twice`);
        ids.add(c.meta.id);
      }
    }
    assert.deepEqual(
      CHECKS.map((c) => c.meta.id),
      SERVICE_MODULES.flatMap((m) => m.checks.map((c) => c.meta.id)),
    );
  });

  test('every service has labels, and a template can name it', () => {
    const names = new Map<string, string>();
    for (const m of SERVICE_MODULES) {
      const l = m.labels;
      assert.ok(l.title && l.short && l.column, m.id);
      assert.ok(l.column.length <= 10, `${m.id}: terminal column "${l.column}" is wider than 10`);
      assert.equal(LABELS[m.id], l);
      assert.ok(l.markerNames.length > 0, m.id);
      for (const n of l.markerNames) {
        assert.equal(n, n.toLowerCase().replace(/\s+/g, ' ').trim(), `${m.id}: marker name "${n}"`);
        assert.ok(!names.has(n), `"${n}" names ${names.get(n)} and ${m.id}`);
        names.set(n, m.id);
        assert.equal(serviceForMarkerName(`  ${n.toUpperCase().replace(' ', '   ')} `), m.id);
      }
      // The short label is what the template error lists as the names to use.
      assert.equal(serviceForMarkerName(l.short), m.id, `${m.id}: its short label is not a marker name`);
    }
    assert.equal(serviceForMarkerName('nosuch'), undefined);
  });

  test('the enablement checks are declared on the checks', () => {
    assert.deepEqual(
      CHECKS.filter((c) => c.meta.enablement).map((c) => c.meta.id),
      [
        'cloudtrail.enabled',
        'inspector.enabled',
        'macie.enabled',
        'guardduty.enabled',
        'waf.api-gateway',
        'waf.alb',
        'waf.cloudfront',
        'waf.appsync',
        'waf.cognito',
        'waf.app-runner',
        'waf.amplify',
        'waf.verified-access',
        'shield.advanced',
      ],
    );
    assert.equal(isEnablementCheck('guardduty', 'guardduty.enabled'), true);
    assert.equal(isEnablementCheck('guardduty', 'guardduty.protection-plans'), false);
    assert.equal(isEnablementCheck('macie', 'guardduty.enabled'), false, 'another service’s check');
    assert.equal(isEnablementCheck('waf', 'waf.nosuch'), false, 'an unknown check');
  });

  test("a check's waiver names a question of its own service and one of its values", () => {
    for (const m of SERVICE_MODULES) {
      for (const c of m.checks) {
        const w = c.meta.waivedBy;
        if (!w) continue;
        const q = m.questions.find((x) => x.key === w.question);
        assert.ok(q, `${c.meta.id} is waived by ${w.question}, which ${m.id} does not ask`);
        assert.ok((q.values as readonly string[]).includes(w.value), `${c.meta.id}: ${w.value}`);
      }
    }
    assert.equal(waives(checkMeta('macie.enabled'), { 'personal-data': 'no' }), true);
    assert.equal(waives(checkMeta('macie.enabled'), { 'personal-data': 'yes' }), false);
    assert.equal(waives(checkMeta('shield.advanced'), { 'shield-advanced': 'drop' }), true);
    assert.equal(waives(checkMeta('guardduty.enabled'), { 'personal-data': 'no' }), false);
    assert.equal(waives(undefined, { 'personal-data': 'no' }), false);
  });

  test('the questions are the services’ own then the finding’s, each asked once', () => {
    const keys = [
      ...SERVICE_MODULES.flatMap((m) => m.questions.map((q) => q.key)),
      ...FINDING_QUESTIONS.map((q) => q.key),
    ];
    assert.equal(new Set(keys).size, keys.length);
    assert.deepEqual(ANSWERS, {
      'personal-data': ['yes', 'no'],
      'shield-advanced': ['keep', 'drop'],
      unknown: ['review', 'limitation', 'omit'],
      wording: ['review', 'watchpost'],
    });
    for (const m of SERVICE_MODULES) for (const q of m.questions) assert.ok(q.help.length > 20, q.key);
  });

  test('organization scans read the delegated administrators the selected services declare', () => {
    assert.deepEqual(delegatedAdministratorPrincipals(SERVICES), [
      'inspector2.amazonaws.com',
      'macie.amazonaws.com',
      'guardduty.amazonaws.com',
    ]);
    assert.deepEqual(delegatedAdministratorPrincipals(['guardduty']), ['guardduty.amazonaws.com']);
    assert.deepEqual(delegatedAdministratorPrincipals(['cloudtrail', 'waf']), []);
  });

  test('--help names every service and every question with its values, from the registry', () => {
    const scan = commandHelp(findCommand('scan')!).replace(/\s+/g, ' ');
    assert.ok(scan.includes(`only these services: ${SERVICES.join(', ')}`), scan);
    const answers = Object.entries(ANSWERS).map(([k, v]) => `${k}=${v.join('|')}`);
    assert.ok(scan.includes(`a decision only you can make: ${answers.join(', ')}`), scan);
  });
});

describe('loading', () => {
  /** The modules a file loads statically (not `import type`, not `import()`), followed through the tree. */
  function staticImports(entry: string): { files: Set<string>; packages: Set<string> } {
    const files = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (files.has(file)) return;
      files.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^import\s+(?!type\s)[^'"]*?from\s+'([^']+)'/gm)) {
        const spec = m[1]!;
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
        else packages.add(spec);
      }
    };
    visit(entry);
    return { files, packages };
  }

  test('the registry, the service modules and the checks load no AWS SDK', () => {
    const { files, packages } = staticImports(join(import.meta.dirname, '../../src/services/registry.ts'));
    assert.deepEqual(
      [...packages].filter((p) => p.startsWith('@aws-sdk/') || p.startsWith('@smithy/')),
      [],
    );
    for (const m of SERVICE_MODULES) {
      assert.ok(
        [...files].some((f) => f.endsWith(`/services/${m.id}/index.ts`)),
        `${m.id}/index.ts is loaded by the registry`,
      );
    }
    assert.ok(![...files].some((f) => /\/(collect|operations)\.ts$/.test(f) || f.includes('/aws/')));
  });

  test('each service loads its collector and its operations when asked', async () => {
    for (const m of [...SOURCES, ...SERVICE_MODULES]) {
      assert.equal(typeof (await m.collector()), 'function', m.id);
      assert.ok((await m.operations()).length > 0, m.id);
    }
  });
});
