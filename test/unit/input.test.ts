/** Bounded reads of input files: only regular files, never more than the limit, every failure one InputError. */
import assert from 'node:assert/strict';
import { closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { INPUT, InputError, readInputFile, readInputText, readInputUtf8 } from '../../src/evidence/input.js';
import { makeFifo } from '../support/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'watchpost-input-'));
const small = { what: 'test file', maxBytes: 16 };

describe('readInputFile', () => {
  test('reads a regular file up to and including the limit', () => {
    const p = join(tmp(), 'f.txt');
    writeFileSync(p, 'x'.repeat(16));
    assert.equal(readInputText(p, small), 'x'.repeat(16));
    writeFileSync(p, '');
    assert.equal(readInputFile(p, small).length, 0);
  });

  test('one byte over the limit is refused with the path and the limit', () => {
    const p = join(tmp(), 'f.txt');
    writeFileSync(p, 'x'.repeat(17));
    assert.throws(
      () => readInputFile(p, small),
      (e: Error) =>
        e instanceof InputError && e.message === `${p}: test file is too large (17 bytes; at most 16 bytes)`,
    );
  });

  test('a sparse file over the evidence limit is refused before it is read', () => {
    const p = join(tmp(), 'huge.json');
    const fd = openSync(p, 'w');
    ftruncateSync(fd, INPUT.evidence.maxBytes + 1);
    closeSync(fd);
    const started = process.hrtime.bigint();
    assert.throws(() => readInputFile(p, INPUT.evidence), /huge\.json: evidence bundle is too large/);
    assert.ok(process.hrtime.bigint() - started < 1_000_000_000n, 'refused without reading');
  });

  test('a file whose reported size is wrong is still cut at the limit (/proc reports 0 bytes)', {
    skip: existsSync('/proc/self/status') ? false : 'no /proc',
  }, () => {
    assert.throws(
      () => readInputFile('/proc/self/status', small),
      /status: test file is too large \(more than 16 bytes/,
    );
    assert.match(readInputText('/proc/self/status', INPUT.template), /^Name:/);
  });

  test('/dev/zero, a folder and a missing file are refused by what they are', () => {
    assert.throws(
      () => readInputFile('/dev/zero', INPUT.template),
      (e: Error) =>
        e instanceof InputError &&
        e.message === '/dev/zero: not a file (a character device): cannot read template',
    );
    const dir = tmp();
    assert.throws(
      () => readInputFile(dir, INPUT.template),
      (e: Error) =>
        e instanceof InputError && e.message === `${dir}: not a file (a folder): cannot read template`,
    );
    assert.throws(
      () => readInputFile(join(dir, 'nope'), INPUT.accounts),
      /nope: cannot read accounts file \(ENOENT\)/,
    );
  });

  test('a FIFO is refused at once, without waiting for a writer', { timeout: 5000 }, (t) => {
    const p = makeFifo();
    if (!p) return t.skip('mkfifo is not available');
    assert.throws(
      () => readInputFile(p, INPUT.accounts),
      /pipe: not a file \(a named pipe\): cannot read accounts file/,
    );
  });

  test('readInputUtf8 refuses bytes that are not UTF-8 and NUL characters, keeps a BOM', () => {
    const dir = tmp();
    const bad = [
      Buffer.from([0x61, 0xff, 0x62]),
      // a truncated 4-byte sequence: one U+FFFD of three bytes, the same length as the input
      Buffer.from([0x61, 0xf0, 0x9f, 0x98, 0x62]),
      Buffer.from('a\u0000b'),
    ];
    bad.forEach((bytes, i) => {
      const p = join(dir, `bad${i}.md`);
      writeFileSync(p, bytes);
      assert.throws(
        () => readInputUtf8(p, INPUT.template),
        new RegExp(`bad${i}\\.md: template is not UTF-8 text`),
      );
    });
    const p = join(dir, 'bom.md');
    writeFileSync(p, '\ufeff# Title ✓\n');
    assert.equal(readInputUtf8(p, INPUT.template), '\ufeff# Title ✓\n');
  });
});
