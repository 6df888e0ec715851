import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  parseCommand,
  parseFormats,
  parsePositiveInt,
  parseRegions,
  parseServices,
  parseXrefs,
  UsageError,
} from '../../src/cli/options.js';
import {
  DEFAULT_ROLE_NAME,
  type GivenOptions,
  recordParameters,
  resumeSelection,
  selectionFromOptions,
} from '../../src/cli/resume.js';
import { InputError } from '../../src/evidence/bundle.js';
import {
  PARAMETERS_FILE,
  readScanParameters as readParameters,
  type ScanParameters,
  ScanParametersSchema,
} from '../../src/evidence/scan-parameters.js';
import { SERVICES } from '../../src/services/registry.js';

test('formats: a list of known ones; an empty list is refused', () => {
  assert.deepEqual(parseFormats('md, HTML,,json'), ['md', 'html', 'json']);
  assert.equal(parseFormats(undefined), undefined);
  for (const empty of ['', ',', ' , ']) {
    assert.throws(
      () => parseFormats(empty),
      (e: Error) => e instanceof InputError && /--format: give at least one format/.test(e.message),
    );
  }
  assert.throws(() => parseFormats('md,pdf'), /unknown format "pdf"/);
});

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
  const none = { usage: '', names: '', min: 0, max: 0 };
  const one = { usage: 'EVIDENCE.json', names: 'EVIDENCE.json', min: 1, max: 1 };
  assert.throws(
    () => parseCommand({ name: 'scan', operands: none, options: {} }, ['--nope']),
    /^UsageError: watchpost scan: unknown option --nope$/,
  );
  assert.throws(
    () => parseCommand({ name: 'assess', operands: one, options: {} }, []),
    /watchpost assess: missing EVIDENCE.json/,
  );
  assert.throws(
    () => parseCommand({ name: 'assess', operands: one, options: {} }, ['a', 'b']),
    /watchpost assess: unexpected argument "b"/,
  );
});

// ------------------------------------------------------------------ --resume: the recorded scan parameters
const DIR = 'out/org';
const STARTED = '2026-01-01T12:00:00.000Z';
const A = '111111111111';
const B = '222222222222';
const C = '333333333333';

function recorded(over: Partial<ScanParameters> = {}): ScanParameters {
  return {
    ...recordParameters(
      {
        profile: 'audit',
        regions: ['us-east-1', 'eu-west-1'],
        services: ['guardduty', 'macie'],
        roleName: 'WatchpostAudit',
        include: [B, A],
        exclude: [C],
      },
      STARTED,
    ),
    ...over,
  };
}

test('the record holds the selection, normalised, and never the external id', () => {
  const r = recordParameters(
    { roleName: 'R', externalId: 'wp-ext-5ecret', services: [...SERVICES], include: [B, A, B], exclude: [] },
    STARTED,
  );
  assert.deepEqual(r, {
    format: 1,
    startedAt: STARTED,
    profile: null,
    regions: null,
    services: null, // every service is the same scan as no --services
    roleName: 'R',
    externalId: true,
    accounts: [A, B],
    excludeAccounts: null,
    shard: null,
  });
  assert.ok(!JSON.stringify(r).includes('5ecret'));
  assert.equal(ScanParametersSchema.safeParse(r).success, true);
  assert.deepEqual(selectionFromOptions({}), { roleName: DEFAULT_ROLE_NAME });
});

test('--resume alone takes every recorded parameter', () => {
  assert.deepEqual(resumeSelection(recorded(), {}, DIR), {
    profile: 'audit',
    regions: ['us-east-1', 'eu-west-1'],
    services: ['macie', 'guardduty'], // in the order of SERVICES
    roleName: 'WatchpostAudit',
    include: [A, B],
    exclude: [C],
  });
  const defaults = recordParameters({ roleName: DEFAULT_ROLE_NAME }, STARTED);
  assert.deepEqual(resumeSelection(defaults, {}, DIR), { roleName: DEFAULT_ROLE_NAME });
});

test('options that agree with the record are accepted (order and repetition do not matter)', () => {
  const sel = resumeSelection(
    recorded(),
    {
      regions: ['eu-west-1', 'us-east-1'],
      services: ['macie', 'guardduty', 'macie'],
      roleName: 'WatchpostAudit',
      accounts: { ids: [B, A, A], flags: ['--accounts', '--accounts-from'] },
      excludeAccounts: [C],
    },
    DIR,
  );
  assert.deepEqual(sel.regions, ['us-east-1', 'eu-west-1']);
  assert.deepEqual(sel.include, [A, B]);
  const all = recordParameters({ roleName: 'R' }, STARTED);
  assert.equal(resumeSelection(all, { services: [...SERVICES] }, DIR).services, undefined);
});

test('--profile may differ: it says how to reach the organization, not what is scanned', () => {
  assert.equal(resumeSelection(recorded(), { profile: 'other' }, DIR).profile, 'other');
  assert.equal(resumeSelection(recorded({ profile: null }), {}, DIR).profile, undefined);
});

test('an option that contradicts the record is one line naming the option and the recorded value', () => {
  const cases: [GivenOptions, ScanParameters, RegExp][] = [
    [
      { regions: ['eu-west-1'] },
      recorded(),
      /^--regions eu-west-1 contradicts the scan being resumed in out\/org, which was started with --regions us-east-1,eu-west-1; leave --regions out/,
    ],
    [
      { regions: ['eu-west-1'] },
      recorded({ regions: null }),
      /started with every enabled region \(no --regions\)/,
    ],
    [{ services: ['waf'] }, recorded(), /^--services waf .*started with --services macie,guardduty;/],
    [{ services: ['waf'] }, recorded({ services: null }), /started with every service/],
    [
      { services: [...SERVICES] },
      recorded(),
      /^--services cloudtrail,.*started with --services macie,guardduty/,
    ],
    [{ roleName: 'Other' }, recorded(), /^--role-name Other .*started with --role-name WatchpostAudit;/],
    [
      { accounts: { ids: [A], flags: ['--accounts-from'] } },
      recorded(),
      /^--accounts-from 111111111111 .*started with --accounts 111111111111,222222222222; leave --accounts-from out/,
    ],
    [
      { accounts: { ids: [A], flags: ['--accounts'] } },
      recorded({ accounts: null }),
      /every active account \(no --accounts or --accounts-from\)/,
    ],
    [
      { excludeAccounts: [A] },
      recorded(),
      /^--exclude-accounts 111111111111 .*--exclude-accounts 333333333333;/,
    ],
    [{ excludeAccounts: [A] }, recorded({ excludeAccounts: null }), /started with no --exclude-accounts/],
    [{ externalId: 'x-5ecret' }, recorded(), /^--external-id contradicts .*started with no --external-id;/],
    [
      {},
      recorded({ externalId: true }),
      /^the scan being resumed in out\/org assumed its roles with --external-id, which watchpost does not store; give --external-id again$/,
    ],
  ];
  for (const [given, rec, message] of cases) {
    assert.throws(
      () => resumeSelection(rec, given, DIR),
      (e: Error) => {
        assert.ok(e instanceof InputError, e.name);
        assert.match(e.message, message);
        assert.ok(!e.message.includes('\n'), 'one line');
        assert.ok(!e.message.includes('5ecret'), 'the external id is never shown');
        return true;
      },
      JSON.stringify(given),
    );
  }
  // the external id, when it was used and is given again, is taken as given (it cannot be compared)
  assert.equal(resumeSelection(recorded({ externalId: true }), { externalId: 'e' }, DIR).externalId, 'e');
});

test('a long recorded list is shortened in the message', () => {
  const many = Array.from({ length: 40 }, (_, i) => String(100000000000 + i));
  assert.throws(
    () =>
      resumeSelection(recorded({ accounts: many }), { accounts: { ids: [A], flags: ['--accounts'] } }, DIR),
    /--accounts 100000000000,100000000001,100000000002,100000000003,100000000004,… \(40 in all\);/,
  );
});

test('the recorded parameters are read back validated and tied to their evidence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'watchpost-params-'));
  assert.equal(readParameters(dir, STARTED), null); // an older watchpost: nothing recorded
  const file = join(dir, PARAMETERS_FILE);
  writeFileSync(file, JSON.stringify(recorded()));
  assert.deepEqual(readParameters(dir, STARTED), recorded());
  assert.throws(
    () => readParameters(dir, '2026-02-02T00:00:00.000Z'),
    /belongs to a scan started at 2026-01-01T12:00:00.000Z, but evidence.json to one started at 2026-02-02/,
  );
  writeFileSync(file, JSON.stringify({ ...recorded(), regions: ['us-east-1', 'evil.example/x'] }));
  assert.throws(
    () => readParameters(dir, STARTED),
    /not valid recorded scan parameters at regions.1: not a region name/,
  );
  writeFileSync(file, JSON.stringify({ ...recorded(), format: 2 }));
  assert.throws(() => readParameters(dir, STARTED), /at format/);
  writeFileSync(file, '{"format": 1,');
  assert.throws(
    () => readParameters(dir, STARTED),
    /cannot read the recorded scan parameters \(not valid JSON\)/,
  );
});

test('--resume keeps the recorded shard; another --shard contradicts it', () => {
  const shard = { index: 2, count: 4, run: 'nightly' };
  const r = { ...recorded(), shard };
  assert.deepEqual(resumeSelection(r, {}, DIR).shard, shard);
  assert.deepEqual(resumeSelection(r, { shard: { index: 2, count: 4, run: null } }, DIR).shard, shard);
  assert.throws(
    () => resumeSelection(r, { shard: { index: 3, count: 4, run: null } }, DIR),
    /--shard 3\/4 contradicts the scan being resumed .* started with --shard 2\/4 --shard-run nightly/,
  );
  assert.throws(
    () => resumeSelection(recorded(), { shard: { index: 1, count: 2, run: null } }, DIR),
    /started with no --shard/,
  );
  // A file written before --shard existed has no shard field: the whole selection.
  const old = recorded() as Partial<ScanParameters>;
  delete old.shard;
  assert.equal(ScanParametersSchema.safeParse(old).success, true);
  assert.equal(resumeSelection(old as ScanParameters, {}, DIR).shard, undefined);
});
