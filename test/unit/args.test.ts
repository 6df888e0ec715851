import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  parse,
  parsePositiveInt,
  parseRegions,
  parseServices,
  parseXrefs,
  UsageError,
} from '../../src/cli/args.js';

test('regions are validated and de-duplicated', () => {
  assert.deepEqual(parseRegions('eu-west-1, us-east-1,eu-west-1'), ['eu-west-1', 'us-east-1']);
  assert.equal(parseRegions(undefined), undefined);
  assert.throws(() => parseRegions('eu-west-1,<script>'), UsageError);
  assert.throws(() => parseRegions(','), /at least one region/);
});
test('services are checked against the known list', () => {
  assert.deepEqual(parseServices('GuardDuty,waf'), ['guardduty', 'waf']);
  assert.throws(() => parseServices('s3'), /unknown service "s3"/);
});
test('numbers are bounded', () => {
  assert.equal(parsePositiveInt('n', '4', 10), 4);
  for (const bad of ['0', '-1', '11', '2.5', 'x', ''])
    assert.throws(() => parsePositiveInt('n', bad, 10), UsageError);
});
test('xrefs are KEY=TEXT', () => {
  assert.deepEqual(parseXrefs(['XREF=4.2', 'XREF_AWS_Logging=section 5 = logging']), {
    XREF: '4.2',
    XREF_AWS_Logging: 'section 5 = logging',
  });
  assert.throws(() => parseXrefs(['nokey']), /KEY=TEXT/);
  assert.throws(() => parseXrefs(['bad key=x']), /may only use/);
});
test('unknown options and extra arguments are usage errors', () => {
  assert.throws(
    () => parse('scan', ['--nope'], {}, { min: 0, max: 0, names: '' }),
    /watchpost scan: Unknown option '--nope'/,
  );
  assert.throws(
    () => parse('assess', [], {}, { min: 1, max: 1, names: 'EVIDENCE.json' }),
    /missing EVIDENCE.json/,
  );
  assert.throws(
    () => parse('assess', ['a', 'b'], {}, { min: 1, max: 1, names: 'x' }),
    /unexpected argument "b"/,
  );
});
