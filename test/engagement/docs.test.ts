import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { checkAcceptFile, formatProblem } from '../../src/engagement/accept.js';
import { CHANGES } from '../../src/engagement/diff.js';
import { CHECKS } from '../../src/services/registry.js';

const KNOWN = CHECKS.map((c) => c.meta.id);

test('every YAML example in docs/accepting.md and the README is a valid accept file for the checks that exist', () => {
  for (const [file, least] of [
    ['docs/accepting.md', 5],
    ['README.md', 1],
  ] as const) {
    const doc = readFileSync(file, 'utf8');
    const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    assert.ok(blocks.length >= least, file);
    for (const block of blocks) {
      const { entries, problems } = checkAcceptFile(block, file, { knownCheckIds: KNOWN });
      assert.deepEqual(problems.map(formatProblem), []);
      assert.ok(entries.length > 0);
    }
  }
});

test('docs/retest.md defines every change kind', () => {
  const doc = readFileSync('docs/retest.md', 'utf8');
  for (const c of CHANGES) assert.match(doc, new RegExp(`\\| \`${c}\` \\|`), c);
});
