/**
 * End to end: `watchpost scan --org` against an organization emulated in moto (management + 4 members,
 * each seeded differently), through the test emulator and the organization front (bench/org-fixture.ts):
 * an organization trail seen from members, a member whose role cannot be assumed, a GuardDuty delegated
 * administrator, a Macie administrator (invitation accepted by the member), an Inspector delegated
 * administrator (designated by the management account), and account selection (--accounts,
 * --exclude-accounts, --accounts-from).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  createOrganization,
  MANAGEMENT,
  type OrgFront,
  type OrgMember,
  seedOrganizationTrail,
  startOrgFront,
} from '../../bench/org-fixture.js';
import { BundleSchema, type Result, ResultsSchema } from '../../src/evidence/schema.js';
import { GUARDDUTY_SERVICE_PRINCIPAL } from '../../src/services/guardduty/schema.js';
import { INSPECTOR_SERVICE_PRINCIPAL } from '../../src/services/inspector/schema.js';
import { MACIE_SERVICE_PRINCIPAL } from '../../src/services/macie/schema.js';
import { cliBuilt, runCli, tempDir } from '../support/cli.js';
import { type Emulator, startAwsEmulator } from '../support/proxy.js';
import { seedScenario } from '../support/seed.js';

const skip = cliBuilt() ? false : 'dist/cli/bin.js is missing: run `npm run build` first';
const REGIONS = ['us-east-1', 'eu-west-1'];

interface OrgRun {
  code: number;
  stdout: string;
  stderr: string;
  out: string;
  results: Result[];
}

async function orgScan(front: OrgFront, extra: string[]): Promise<OrgRun> {
  const out = tempDir('watchpost-org-');
  const run = await runCli(
    ['scan', '--org', '--regions', REGIONS.join(','), '--out', out, '--force', '--quiet', ...extra],
    { AWS_ENDPOINT_URL: front.endpoint },
  );
  let results: Result[] = [];
  try {
    results = ResultsSchema.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
  } catch (err) {
    throw new Error(
      `org scan gave no readable results.json (exit ${run.code}): ${String(err)}\n${run.stderr}`,
    );
  }
  return { ...run, out, results };
}

function one(results: readonly Result[], account: string, checkId: string, region: string): Result {
  const hits = results.filter((r) => r.accountId === account && r.checkId === checkId && r.region === region);
  assert.equal(hits.length, 1, `${account} ${checkId} ${region}: ${hits.length} results`);
  return hits[0]!;
}

describe('e2e: organization scan', { skip }, () => {
  let emu: Emulator;
  let front: OrgFront;
  let members: OrgMember[];
  let m0: string; // GuardDuty and Macie managed by the management account, Inspector on
  let m1: string; // nothing on, workloads present
  let denied: string; // role cannot be assumed
  let m3: string; // GuardDuty suspended; the organization's Inspector delegated administrator
  let full: OrgRun;

  before(async () => {
    emu = await startAwsEmulator();
    members = await createOrganization(emu, 4);
    [m0, m1, denied, m3] = members.map((m) => m.id) as [string, string, string, string];
    await seedOrganizationTrail(emu);
    await seedScenario(emu, {
      name: 'management',
      account: MANAGEMENT,
      regions: {
        'us-east-1': { guardduty: { status: 'ENABLED' }, macie: true, inspectorDelegatedAdmin: m3 },
        'eu-west-1': { macie: false, buckets: ['mgmt-exports-eu'], inspectorDelegatedAdmin: m3 },
      },
      proxy: { supportPlan: 'business', shield: 'ACTIVE' },
    });
    await seedScenario(emu, {
      name: 'member-managed',
      account: m0,
      regions: {
        'us-east-1': {
          guardduty: { status: 'ENABLED' },
          macie: true,
          macieAdministrator: MANAGEMENT,
          inspector: ['EC2'],
          instances: 1,
        },
        'eu-west-1': { guardduty: { status: 'ENABLED' }, macie: true, macieAdministrator: MANAGEMENT },
      },
      proxy: { supportPlan: 'business' },
    });
    await seedScenario(emu, {
      name: 'member-bare',
      account: m1,
      regions: { 'us-east-1': { macie: false }, 'eu-west-1': { macie: false, instances: 1 } },
      proxy: { supportPlan: 'basic' },
    });
    await seedScenario(emu, {
      name: 'member-suspended',
      account: m3,
      regions: {
        'us-east-1': { guardduty: { status: 'DISABLED' }, macie: false },
        'eu-west-1': { guardduty: { status: 'DISABLED' }, macie: false },
      },
    });
    front = await startOrgFront(emu, {
      denyAssumeRole: [denied],
      guardDutyAdministrators: { [m0]: MANAGEMENT },
    });
    full = await orgScan(front, []);
  });
  after(async () => {
    await front?.stop();
    await emu?.stop();
  });

  test('every active account is scanned, named, and results carry the account id', () => {
    assert.equal(full.code, 3, full.stderr);
    const ids = [MANAGEMENT, ...members.map((m) => m.id)].sort();
    assert.deepEqual([...new Set(full.results.map((r) => r.accountId))].sort(), ids);
    const bundle = BundleSchema.parse(JSON.parse(readFileSync(join(full.out, 'evidence.json'), 'utf8')));
    assert.equal(bundle.complete, true);
    assert.equal(bundle.organization?.managementAccountId, MANAGEMENT);
    assert.deepEqual(bundle.organization?.pendingAccounts, []);
    assert.deepEqual(bundle.accounts.map((a) => a.accountId).sort(), ids);
    const named = bundle.accounts.find((a) => a.accountId === m0);
    assert.equal(named?.accountName, members[0]!.name);
    // results.json is sorted by account whatever order accounts finished in
    const order = full.results.map((r) => r.accountId);
    assert.deepEqual(order, [...order].sort());
  });

  test('a member whose role cannot be assumed is unknown with the cause; the others are judged', () => {
    const rows = full.results.filter((r) => r.accountId === denied);
    assert.ok(rows.length > 0);
    for (const r of rows) {
      assert.equal(r.status, 'unknown', `${r.checkId}: ${r.detail}`);
      assert.equal(r.cause?.code, 'AccessDenied');
      assert.equal(r.cause?.action, 'sts:AssumeRole');
    }
    const bundle = BundleSchema.parse(JSON.parse(readFileSync(join(full.out, 'evidence.json'), 'utf8')));
    assert.equal(bundle.accounts.find((a) => a.accountId === denied)?.accessError?.code, 'AccessDenied');
    // nobody else is unknown because of it
    assert.equal(
      full.results.filter((r) => r.accountId !== denied && r.cause?.action === 'sts:AssumeRole').length,
      0,
    );
  });

  test("the management account's organization trail covers every member region, naming its owner", () => {
    for (const account of [MANAGEMENT, m0, m1, m3]) {
      for (const region of REGIONS) {
        const r = one(full.results, account, 'cloudtrail.enabled', region);
        assert.equal(r.status, 'pass', `${account} ${region}: ${r.detail}`);
        assert.match(r.detail, /org-trail/);
        if (account !== MANAGEMENT) {
          assert.match(r.detail, new RegExp(`organization trail owned by ${MANAGEMENT}`));
          assert.equal(r.data.organizationTrailOwner, MANAGEMENT);
        }
      }
    }
  });

  test('each account gets its own verdicts (services seeded differently)', () => {
    const gd = (a: string, region: string) => one(full.results, a, 'guardduty.enabled', region).status;
    assert.equal(gd(MANAGEMENT, 'us-east-1'), 'pass');
    assert.equal(gd(MANAGEMENT, 'eu-west-1'), 'fail');
    assert.equal(gd(m0, 'us-east-1'), 'pass');
    assert.equal(gd(m0, 'eu-west-1'), 'pass');
    assert.equal(gd(m1, 'us-east-1'), 'fail');
    assert.equal(gd(m3, 'eu-west-1'), 'fail');
    assert.match(one(full.results, m3, 'guardduty.enabled', 'eu-west-1').detail, /suspended/);
    const macie = (a: string, region: string) => one(full.results, a, 'macie.enabled', region).status;
    assert.equal(macie(m0, 'eu-west-1'), 'pass');
    assert.equal(macie(MANAGEMENT, 'eu-west-1'), 'fail');
    assert.equal(one(full.results, m1, 'trustedadvisor.security-checks', 'global').status, 'unknown');
    assert.equal(one(full.results, MANAGEMENT, 'shield.advanced', 'global').status, 'pass');
  });

  test('GuardDuty enabled by a delegated administrator: the pass says who manages it', () => {
    const r = one(full.results, m0, 'guardduty.enabled', 'us-east-1');
    assert.equal(r.status, 'pass');
    assert.equal(r.data.administratorAccount, MANAGEMENT);
    assert.match(r.detail, new RegExp(`administrator account ${MANAGEMENT}`));
    // a standalone detector names no administrator
    assert.equal(
      one(full.results, MANAGEMENT, 'guardduty.enabled', 'us-east-1').data.administratorAccount,
      undefined,
    );
  });

  test('Macie and Inspector run by administrators: the pass says who, the evidence records it', () => {
    const bundle = BundleSchema.parse(JSON.parse(readFileSync(join(full.out, 'evidence.json'), 'utf8')));
    const acct = (id: string) => bundle.accounts.find((a) => a.accountId === id)!;
    // Macie: the member's own GetAdministratorAccount names the administrator, in every region it is on
    for (const region of REGIONS) {
      const r = one(full.results, m0, 'macie.enabled', region);
      assert.equal(r.status, 'pass', r.detail);
      assert.equal(r.data.administratorAccount, MANAGEMENT);
      assert.match(r.detail, new RegExp(`managed by administrator account ${MANAGEMENT}`));
      // (automated discovery and jobs are read only where the region holds a bucket)
      // (--org-mode auto: administratorVia says the administrator was read from the management account's list)
      const { discovery, classificationJobs, administratorVia, ...m0Macie } = (
        acct(m0).macie![region] as {
          ok: true;
          value: Record<string, unknown>;
        }
      ).value;
      assert.deepEqual(m0Macie, {
        status: 'ENABLED',
        basis: 'GetMacieSession: ENABLED',
        administrator: { ok: true, value: { accountId: MANAGEMENT, relationshipStatus: 'Enabled' } },
      });
      if (discovery !== undefined) assert.deepEqual(discovery, { ok: true, value: { status: 'ENABLED' } });
      if (classificationJobs !== undefined)
        assert.deepEqual(classificationJobs, { ok: true, value: { jobs: [] } });
    }
    // a standalone Macie names no administrator; where Macie is off none is asked
    const own = one(full.results, MANAGEMENT, 'macie.enabled', 'us-east-1');
    assert.equal(own.status, 'pass');
    assert.equal(own.data.administratorAccount, undefined);
    const mgmt = (acct(MANAGEMENT).macie!['us-east-1'] as { ok: true; value: Record<string, unknown> }).value;
    assert.equal(mgmt.status, 'ENABLED');
    assert.deepEqual(mgmt.administrator, { ok: true, value: null });
    const off = acct(m1).macie?.['us-east-1'];
    assert.ok(off?.ok && off.value.status === 'NOT_ENABLED' && off.value.administrator === undefined);

    // Inspector: the organization's delegated administrator, read once from the management account
    const expected = {
      [INSPECTOR_SERVICE_PRINCIPAL]: { ok: true, value: { accountIds: [m3] } },
      [MACIE_SERVICE_PRINCIPAL]: { ok: true, value: { accountIds: [] } },
      [GUARDDUTY_SERVICE_PRINCIPAL]: { ok: true, value: { accountIds: [] } },
    };
    assert.deepEqual(bundle.organization?.delegatedAdministrators, expected);
    for (const a of bundle.accounts.filter((x) => x.accountId !== denied)) {
      assert.deepEqual(a.delegatedAdministrators, expected, a.accountId);
    }
    const insp = one(full.results, m0, 'inspector.enabled', 'us-east-1');
    assert.equal(insp.status, 'pass', insp.detail);
    assert.equal(insp.data.delegatedAdministrator, m3);
    assert.match(insp.detail, new RegExp(`Inspector delegated administrator is account ${m3}`));
    // the administrator itself is not told about itself; a member where Inspector is off still fails
    assert.equal(
      one(full.results, m3, 'inspector.enabled', 'us-east-1').data.delegatedAdministrator,
      undefined,
    );
    const bare = one(full.results, m1, 'inspector.enabled', 'eu-west-1');
    assert.equal(bare.status, 'fail');
    assert.doesNotMatch(bare.detail, /delegated administrator/);
  });

  test('--org-mode bulk and per-account: equal verdicts, fewer calls where bulk replaces reads, the evidence says which way', async () => {
    // m1 is listed in the administrator's failedAccounts (gap fill 27): it falls back to its own read.
    emu.setAccount(m3, { inspectorMembersFailed: { [m1]: 'INTERNAL_ERROR' } });
    let bulk: OrgRun;
    let per: OrgRun;
    let bulkInspector: OrgRun;
    let perInspector: OrgRun;
    try {
      [bulk, per, bulkInspector, perInspector] = await Promise.all([
        orgScan(front, ['--org-mode', 'bulk', '--workers', '2']),
        orgScan(front, ['--org-mode', 'per-account', '--workers', '0']),
        orgScan(front, ['--org-mode', 'bulk', '--workers', '0', '--services', 'inspector']),
        orgScan(front, ['--org-mode', 'per-account', '--workers', '0', '--services', 'inspector']),
      ]);
    } finally {
      emu.setAccount(m3, { inspectorMembersFailed: {} });
    }
    const verdicts = (run: OrgRun) =>
      run.results.map((r) => JSON.stringify([r.accountId, r.checkId, r.region, r.resource, r.status])).sort();
    assert.deepEqual(verdicts(bulk), verdicts(per));
    assert.ok(verdicts(bulk).some((v) => v.includes('inspector.enabled')));
    const evidence = (run: OrgRun) =>
      BundleSchema.parse(JSON.parse(readFileSync(join(run.out, 'evidence.json'), 'utf8')));
    const b = evidence(bulk);
    const p = evidence(per);
    const batch = 'inspector2:BatchGetAccountStatus';
    const [bi, pi] = [evidence(bulkInspector), evidence(perInspector)];
    assert.deepEqual(verdicts(bulkInspector), verdicts(perInspector));
    assert.ok(
      bi.calls.calls < pi.calls.calls,
      `inspector: ${bi.calls.calls} calls in bulk, ${pi.calls.calls} per account`,
    );
    // Per account: the 4 reachable accounts x 2 regions. Bulk: 1 call per region from the administrator
    // (all 5 accounts, itself included), plus m1's own read in each region (its fallback).
    assert.equal(p.calls.byOperation[batch], 8);
    assert.equal(b.calls.byOperation[batch], 2 + 2);
    // What bulk changes, call by call. In an organization of five the administrators' own reads (entering
    // m3, the administrators' region lists, ListDetectors and ListMembers per region) cost about what they
    // save; every further member saves one read per service and region. Inspector alone saves (above).
    const diff = Object.fromEntries(
      [...new Set([...Object.keys(b.calls.byOperation), ...Object.keys(p.calls.byOperation)])]
        .map((k) => [k, (b.calls.byOperation[k] ?? 0) - (p.calls.byOperation[k] ?? 0)] as const)
        .filter(([, d]) => d !== 0)
        .sort(([x], [y]) => x.localeCompare(y)),
    );
    assert.deepEqual(diff, {
      // the organization trail: read once more in the management account (after its DescribeTrails per
      // region), no longer by each of the three reachable members
      'cloudtrail:DescribeTrails': 2,
      'cloudtrail:GetEventSelectors': -2,
      'cloudtrail:GetTrailStatus': -2,
      'ec2:DescribeRegions': 2,
      'guardduty:GetAdministratorAccount': -1,
      'guardduty:ListDetectors': 2,
      'guardduty:ListMembers': 1,
      'inspector2:BatchGetAccountStatus': -4,
      'macie2:GetAdministratorAccount': -1,
      'macie2:ListMembers': 2,
      'sts:AssumeRole': 1,
    });
    assert.deepEqual(b.organization?.administratorReads, {
      inspector: { administrator: m3, regions: [...REGIONS].sort() },
      // no Macie or GuardDuty delegated administrator: the management account running the scan is asked
      macie: { administrator: MANAGEMENT, regions: [...REGIONS].sort() },
      guardduty: { administrator: MANAGEMENT, regions: [...REGIONS].sort() },
      cloudtrail: { administrator: MANAGEMENT, regions: [...REGIONS].sort() },
    });
    // CloudTrail: the members' view of the organization trail (status, selectors) read once in the
    // management account; its Insights selectors still in each member.
    const orgTrail = (bundle: typeof b, id: string) =>
      bundle.accounts.find((a) => a.accountId === id)?.cloudtrail?.trails.find((t) => t.isOrganizationTrail);
    for (const id of [m0, m1, m3]) {
      assert.deepEqual(orgTrail(b, id)?.via, { from: 'administrator', administrator: MANAGEMENT }, id);
      // the same trail state either way (moto's delivery times move between the two scans)
      const state = (t: ReturnType<typeof orgTrail>) => ({
        logging: t?.status.ok ? t.status.value.isLogging : null,
        eventSelectors: t?.eventSelectors,
        insights: t?.insights,
      });
      assert.deepEqual(state(orgTrail(b, id)), state(orgTrail(p, id)), id);
      assert.equal(orgTrail(b, id)?.status.ok, true, id);
    }
    assert.equal(orgTrail(b, MANAGEMENT)?.via, undefined, 'its own trail: read as always');
    // GuardDuty: the detector is read in every member; its administrator comes from the management
    // account's ListMembers where it lists the member Enabled (m0); the management account has no
    // detector in eu-west-1, so m0 reads its own there.
    const gd = (bundle: typeof b, id: string, r: string) => {
      const e = bundle.accounts.find((a) => a.accountId === id)?.guardduty?.[r];
      assert.ok(e?.ok, `${id} ${r}`);
      return e.value;
    };
    assert.deepEqual(gd(b, m0, 'us-east-1').administratorVia, {
      from: 'administrator',
      administrator: MANAGEMENT,
    });
    assert.match(gd(b, m0, 'eu-west-1').administratorVia?.fallback ?? '', /has no detector in eu-west-1/);
    for (const r of REGIONS)
      for (const id of [MANAGEMENT, m0, m1, m3]) {
        assert.deepEqual(gd(b, id, r).administrator, gd(p, id, r).administrator, `${id} ${r}`);
        assert.deepEqual(gd(b, id, r).detectors, gd(p, id, r).detectors, `${id} ${r}`);
        assert.equal(gd(p, id, r).administratorVia, undefined);
      }
    const gdAdmin = 'guardduty:GetAdministratorAccount';
    assert.ok((b.calls.byOperation[gdAdmin] ?? 0) < (p.calls.byOperation[gdAdmin] ?? 0));
    assert.equal(p.organization?.administratorReads, undefined);
    const region = (bundle: typeof b, id: string, r: string) => {
      const e = bundle.accounts.find((a) => a.accountId === id)?.inspector?.[r];
      assert.ok(e?.ok, `${id} ${r}`);
      return e.value;
    };
    for (const r of REGIONS) {
      for (const id of [MANAGEMENT, m0, m3])
        assert.deepEqual(region(b, id, r).via, { from: 'administrator', administrator: m3 }, `${id} ${r}`);
      const fell = region(b, m1, r).via;
      assert.equal(fell?.from, 'account');
      assert.match(fell?.fallback ?? '', /INTERNAL_ERROR/);
      for (const id of [MANAGEMENT, m0, m1, m3]) {
        assert.equal(region(p, id, r).via, undefined);
        assert.equal(region(b, id, r).status, region(p, id, r).status, `${id} ${r}`);
      }
    }
    // Macie: the session is read in every member; the administrator (GetAdministratorAccount) comes from
    // the management account's ListMembers where it lists the member with a relationship in force.
    const macie = (bundle: typeof b, id: string, r: string) => {
      const e = bundle.accounts.find((a) => a.accountId === id)?.macie?.[r];
      assert.ok(e?.ok, `${id} ${r}`);
      return e.value;
    };
    assert.deepEqual(macie(b, m0, 'us-east-1').administratorVia, {
      from: 'administrator',
      administrator: MANAGEMENT,
    });
    for (const r of REGIONS)
      for (const id of [MANAGEMENT, m0, m1, m3]) {
        assert.deepEqual(macie(b, id, r).administrator, macie(p, id, r).administrator, `${id} ${r}`);
        assert.equal(macie(b, id, r).status, macie(p, id, r).status, `${id} ${r}`);
        assert.equal(macie(p, id, r).administratorVia, undefined);
      }
    const getAdmin = 'macie2:GetAdministratorAccount';
    assert.ok((b.calls.byOperation[getAdmin] ?? 0) < (p.calls.byOperation[getAdmin] ?? 0));
    assert.equal(
      one(bulk.results, m0, 'macie.enabled', 'us-east-1').data.administratorReadFrom,
      'administrator',
    );
    const m0r = one(bulk.results, m0, 'inspector.enabled', 'us-east-1');
    assert.equal(m0r.status, 'pass');
    assert.equal(m0r.data.statusReadFrom, 'administrator');
    assert.match(m0r.detail, new RegExp(`read from the administrator account ${m3}`));
    assert.equal(one(bulk.results, m1, 'inspector.enabled', 'eu-west-1').data.statusReadFrom, 'account');
    assert.doesNotMatch(one(per.results, m0, 'inspector.enabled', 'us-east-1').detail, /read from/);
    assert.doesNotMatch(bulk.stderr, /org-mode bulk/);
  });

  test('--org-mode bulk without a reachable administrator says so on stderr and reads in each account', async () => {
    front.configure({ denyAssumeRole: [denied, m3] });
    let run: OrgRun;
    try {
      run = await orgScan(front, ['--org-mode', 'bulk', '--workers', '0', '--services', 'inspector']);
    } finally {
      front.configure({ denyAssumeRole: [denied] });
    }
    assert.match(
      run.stderr,
      new RegExp(
        `--org-mode bulk: inspector is read in each account .*administrator account ${m3} could not be entered \\(AccessDenied on sts:AssumeRole\\)`,
      ),
    );
    const b = BundleSchema.parse(JSON.parse(readFileSync(join(run.out, 'evidence.json'), 'utf8')));
    assert.equal(b.organization?.administratorReads?.inspector?.administrator, m3);
    assert.match(b.organization?.administratorReads?.inspector?.error ?? '', /could not be entered/);
    const e = b.accounts.find((a) => a.accountId === m0)?.inspector?.['us-east-1'];
    assert.ok(e?.ok && e.value.status === 'ENABLED' && e.value.via === undefined);
    assert.equal(one(run.results, m0, 'inspector.enabled', 'us-east-1').status, 'pass');
  });

  test('worker threads (--workers 2) and the main thread alone (--workers 0) give the same results', async () => {
    const key = (r: Result) =>
      JSON.stringify([r.accountId, r.region, r.checkId, r.resource, r.status, r.detail]);
    const [inline, threaded] = await Promise.all([
      orgScan(front, ['--workers', '0']),
      orgScan(front, ['--workers', '2']),
    ]);
    assert.equal(inline.code, 3, inline.stderr);
    assert.equal(threaded.code, 3, threaded.stderr);
    assert.deepEqual(threaded.results.map(key), inline.results.map(key));
    assert.deepEqual(full.results.map(key), inline.results.map(key));
    const calls = (out: string) =>
      BundleSchema.parse(JSON.parse(readFileSync(join(out, 'evidence.json'), 'utf8'))).calls.byOperation;
    assert.deepEqual(calls(threaded.out), calls(inline.out));
  });

  test('a worker that dies is replaced; an account that kills two workers is left for --resume', async () => {
    const out = tempDir('watchpost-org-crash-');
    const args = ['scan', '--org', '--regions', REGIONS.join(','), '--out', out, '--force', '--quiet'];
    const run = await runCli([...args, '--workers', '2'], {
      AWS_ENDPOINT_URL: front.endpoint,
      WATCHPOST_TEST_WORKER_CRASH: m1,
    });
    assert.equal(run.code, 3, run.stderr);
    assert.equal(
      run.stderr.match(/a scan worker stopped unexpectedly \(exit code 70\)/g)?.length,
      2,
      run.stderr,
    );
    assert.match(run.stderr, /in flight: they are scanned again, one at a time/);
    assert.match(run.stderr, new RegExp(`again while scanning account ${m1} alone: it is left for --resume`));
    const bundle = BundleSchema.parse(JSON.parse(readFileSync(join(out, 'evidence.json'), 'utf8')));
    assert.equal(bundle.complete, false);
    assert.deepEqual(
      bundle.organization?.pendingAccounts.map((a) => a.id),
      [m1],
    );
    const key = (r: Result) => JSON.stringify([r.accountId, r.region, r.checkId, r.status, r.detail]);
    const results = ResultsSchema.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
    assert.deepEqual(results.map(key), full.results.filter((r) => r.accountId !== m1).map(key));
    // The pending account is finished by --resume (no crash this time).
    const resumed = await runCli(['scan', '--resume', out, '--quiet'], { AWS_ENDPOINT_URL: front.endpoint });
    assert.equal(resumed.code, 3, resumed.stderr);
    const all = ResultsSchema.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
    assert.deepEqual(all.map(key), full.results.map(key));
  });

  test('when worker threads cannot start, the scan goes on in the main thread', async () => {
    const out = tempDir('watchpost-org-noworkers-');
    const run = await runCli(
      ['scan', '--org', '--regions', REGIONS.join(','), '--out', out, '--force', '--quiet', '--workers', '2'],
      { AWS_ENDPOINT_URL: front.endpoint, WATCHPOST_TEST_WORKER_CRASH: 'start' },
    );
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /scan worker threads could not start \(exit code 70\); scanning in one thread/);
    const key = (r: Result) => JSON.stringify([r.accountId, r.region, r.checkId, r.status, r.detail]);
    const results = ResultsSchema.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
    assert.deepEqual(results.map(key), full.results.map(key));
  });

  test('--accounts and --exclude-accounts select accounts', async () => {
    const some = await orgScan(front, ['--accounts', `${m0},${m1}`]);
    assert.deepEqual([...new Set(some.results.map((r) => r.accountId))].sort(), [m0, m1].sort());
    const rest = await orgScan(front, ['--exclude-accounts', `${denied} ${MANAGEMENT}`]);
    assert.deepEqual([...new Set(rest.results.map((r) => r.accountId))].sort(), [m0, m1, m3].sort());
    assert.equal(
      rest.results.filter((r) => r.status === 'unknown' && r.cause?.action === 'sts:AssumeRole').length,
      0,
    );
  });

  test('--accounts-from reads one id per line with comments; a bad line names file and line', async () => {
    const dir = tempDir('watchpost-accounts-');
    const file = join(dir, 'accounts.txt');
    writeFileSync(file, `# audit scope\n${m3}\n\n${MANAGEMENT}  # management\n`);
    const run = await orgScan(front, ['--accounts-from', file]);
    assert.deepEqual([...new Set(run.results.map((r) => r.accountId))].sort(), [MANAGEMENT, m3].sort());
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, `${m3}\nnot-an-account\n`);
    const res = await runCli(['scan', '--org', '--accounts-from', bad, '--out', join(dir, 'o'), '--quiet'], {
      AWS_ENDPOINT_URL: front.endpoint,
    });
    assert.equal(res.code, 2, res.stderr);
    assert.match(res.stderr, /bad\.txt:2:/);
    assert.doesNotMatch(res.stderr, /\n\s+at /);
  });
  test('shards: three machines scan a stable third each (K/N, the Kubernetes and Batch index variables) and merge gives the one scan’s results byte for byte', async () => {
    const dir = tempDir('watchpost-shards-');
    const shard = (name: string, args: string[], env: Record<string, string>) =>
      runCli(
        [
          'scan',
          '--org',
          '--regions',
          REGIONS.join(','),
          '--out',
          join(dir, name),
          '--force',
          '--shard-run',
          'nightly-1',
          ...args,
        ],
        { AWS_ENDPOINT_URL: front.endpoint, ...env },
      );
    const runs = await Promise.all([
      shard('s1', ['--shard', '1/3'], {}),
      shard('s2', ['--shard', 'auto/3'], { JOB_COMPLETION_INDEX: '1' }),
      shard('s3', ['--shard', 'auto/3'], { AWS_BATCH_JOB_ARRAY_INDEX: '2' }),
    ]);
    const accountsOf = (name: string) =>
      BundleSchema.parse(JSON.parse(readFileSync(join(dir, name, 'evidence.json'), 'utf8'))).accounts.map(
        (a) => a.accountId,
      );
    const parts = ['s1', 's2', 's3'].map(accountsOf);
    runs.forEach((r, i) => {
      assert.ok([0, 3].includes(r.code), r.stderr);
      assert.match(
        r.stdout,
        new RegExp(`This is shard ${i + 1}/3 of the organization \\(${parts[i]!.length} of`),
      );
    });
    // Each account in exactly one shard.
    assert.deepEqual(parts.flat().sort(), [MANAGEMENT, ...members.map((m) => m.id)].sort());

    const merged = join(dir, 'merged');
    const evidence = ['s3', 's1', 's2'].map((n) => join(dir, n, 'evidence.json'));
    const m = await runCli(['merge', ...evidence, '--out', merged, '--quiet'], {});
    assert.equal(m.code, 3, m.stderr);
    // moto stamps a trail's latest delivery with the time of the call: the one field that differs between
    // two scans of the same emulated organization. Everything else is compared byte for byte.
    const text = (dir: string) =>
      readFileSync(join(dir, 'results.json'), 'utf8').replace(
        /"latestDeliveryTime": "[^"]*"/g,
        '"latestDeliveryTime": "…"',
      );
    const [a, b] = [text(merged), text(full.out)];
    const line = a.split('\n').findIndex((l, i) => l !== b.split('\n')[i]);
    assert.ok(a === b, `results.json differ from line ${line + 1}: ${a.split('\n')[line]}`);
    const joined = BundleSchema.parse(JSON.parse(readFileSync(join(merged, 'evidence.json'), 'utf8')));
    assert.equal(joined.organization?.shard, undefined);
    assert.equal(joined.complete, true);

    // A missing shard, or one from another run, is refused: nothing is written.
    const missing = await runCli(
      ['merge', evidence[0]!, evidence[1]!, '--out', join(dir, 'm2'), '--quiet'],
      {},
    );
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /shard 2\/3 of this scan is missing/);
    assert.doesNotMatch(missing.stderr, /\n\s+at /);
    const other = await shard('s2b', ['--shard', '2/3', '--shard-run', 'nightly-2'], {});
    assert.ok([0, 3].includes(other.code), other.stderr);
    const mixed = await runCli(
      [
        'merge',
        evidence[0]!,
        evidence[1]!,
        join(dir, 's2b', 'evidence.json'),
        '--out',
        join(dir, 'm3'),
        '--quiet',
      ],
      {},
    );
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /from run "nightly-2".*not one scan/);
  });
});
