/**
 * The fault-injection matrix (issue 6): every operation the scan calls × AccessDenied, a representative
 * set of operations × the other fault kinds (SubscriptionRequired, persistent throttling, 500, 503,
 * timeout, connection reset, truncated body), and whole-region cells (a region that is not enabled, a
 * region denied by an SCP). Each cell is one run of the built CLI against `mixedRegions`.
 *
 * The hollow 200 column (issue 10): every operation the scan calls × each hollow answer (empty body, the
 * protocol's empty document, an HTML page, wrongly typed values). Operations of services that share no
 * evidence are hollowed together in one scan (one operation per family, see FAMILIES), so the column is
 * 4 kinds × 13 rounds; each changed result must name a hollowed operation of its own family.
 *
 * For every cell: the scan finishes (exit 0 or 3); nothing flips between pass and fail; every result that
 * differs from the fault-free baseline is `unknown` with a cause naming the faulted IAM action (region
 * cells: the faulted region); the terminal summary counts the unknowns; and the finding turns each newly
 * unknown result into a review item `{==…==}{>>…<<}` instead of a claim.
 *
 * Organization-level reads (organizations:ListDelegatedAdministrators) are not made by a single-account
 * scan: a separate test denies it in an organization scan and checks that no verdict changes.
 *
 * Speed: one emulator for the file. Cells run in lanes, each lane its own moto account seeded with
 * `mixedRegions` (fault rules are scoped to the lane's account, so lanes never see each other's faults).
 * FAULT_MATRIX_LANES (default 2) sets how many cells run at once.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createOrganization } from '../../bench/org-fixture.js';
import { BundleSchema, type Result, ResultsSchema } from '../../src/evidence/schema.js';
import { INSPECTOR_SERVICE_PRINCIPAL } from '../../src/services/inspector/schema.js';
import { type CliResult, cliBuilt, runCli, tempDir } from '../support/cli.js';
import { type Block, type Inline, readFinding } from '../support/finding-reader.js';
import { OPS, type Operation } from '../support/operations.js';
import {
  DEFAULT_ACCOUNT,
  type Emulator,
  type FaultKind,
  type FaultRule,
  startAwsEmulator,
} from '../support/proxy.js';
import {
  mixedRegions,
  type Scenario,
  seedInspectorDelegatedAdmin,
  seedScenario,
  TEST_CREDENTIALS,
  target,
} from '../support/seed.js';
import { changed, index, keyOf, REGIONS } from './helpers.js';

const skip = cliBuilt() ? false : 'dist/cli/bin.js is missing: run `npm run build` first';

const LANE_COUNT = Math.min(4, Math.max(1, Number(process.env.FAULT_MATRIX_LANES ?? 2) || 2));
const LANE_ACCOUNTS = [DEFAULT_ACCOUNT, '210987654321', '310987654321', '410987654321'];
/**
 * Per-attempt timeout for the timeout cells only (hidden knob read by the gateway; default 20 s). Not
 * shorter: moto on a busy machine can take seconds for an ordinary answer.
 */
const REQUEST_TIMEOUT_MS = 5000;

type Op = Operation<unknown, unknown>;
type OpKey = keyof typeof OPS;

/** SigV4 signing name of each client key, as the proxy names services. */
const SIGNING: Record<string, string> = { elbv2: 'elasticloadbalancing' };
const signingName = (op: Op) => SIGNING[op.client] ?? op.client;
const operationName = (op: Op) => op.command.replace(/Command$/, '');
const countKey = (op: Op) => `${signingName(op)}:${operationName(op)}`;

/** Calls whose failure takes another path, or that only organization scans make (tested separately below). */
const SEPARATE: OpKey[] = ['getCallerIdentity', 'describeRegions', 'listDelegatedAdministrators'];
/** One operation per protocol family: REST-JSON, JSON, REST-XML (global), query. */
const REPRESENTATIVE: OpKey[] = ['listDetectors', 'describeTrails', 'listBuckets', 'describeLoadBalancers'];

interface Cell {
  name: string;
  faults: FaultRule[];
  attempts: number;
  /** Extra environment for the CLI. */
  env?: Record<string, string>;
  /** Operation cells: the IAM action every changed result must name. */
  action?: string;
  /** Cells of several faults: the IAM actions a changed result may name, each with the services it feeds. */
  actions?: Record<string, readonly string[]>;
  /** Region cells: the region every changed result must belong to (or name in its cause). */
  region?: string;
  /** Region cells: the cause kinds the fault may produce. */
  kinds?: string[];
}

interface Lane {
  account: string;
  env: Record<string, string>;
  baseline: CellRun;
}

interface CellRun extends CliResult {
  out: string;
  results: Result[];
  finding: string;
}

function opCell(key: OpKey, fault: FaultKind, extra: Partial<FaultRule> = {}, label: string = fault): Cell {
  const op = OPS[key] as Op;
  return {
    name: `${op.iamAction} (${operationName(op)}) × ${label}`,
    faults: [{ service: signingName(op), operation: operationName(op), fault, ...extra }],
    attempts: fault === 'throttle' ? 2 : 1,
    action: op.iamAction,
  };
}

/** The matrix for the operations the fault-free scan called. */
function buildMatrix(called: ReadonlySet<OpKey>): Cell[] {
  const cells: Cell[] = [];
  for (const key of Object.keys(OPS) as OpKey[]) {
    if (SEPARATE.includes(key) || !called.has(key)) continue;
    cells.push(opCell(key, 'access-denied'));
  }
  const kinds: [FaultKind, Partial<FaultRule>, string][] = [
    ['subscription-required', {}, 'subscription-required'],
    ['throttle', {}, 'throttle'],
    ['server-error', { status: 500 }, 'server-error 500'],
    ['server-error', { status: 503 }, 'server-error 503'],
    ['reset', {}, 'reset'],
    ['malformed', {}, 'malformed'],
  ];
  // each kind on three of the four representative operations (rotating), to keep the file fast
  kinds.forEach(([fault, extra, label], i) => {
    REPRESENTATIVE.forEach((key, j) => {
      if (j !== i % REPRESENTATIVE.length) cells.push(opCell(key, fault, extra, label));
    });
  });
  for (const key of ['listDetectors', 'describeLoadBalancers'] as OpKey[]) {
    cells.push({
      ...opCell(key, 'timeout', { holdMs: REQUEST_TIMEOUT_MS * 3 }),
      env: { WATCHPOST_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) },
    });
  }
  cells.push(...hollowColumn(called));
  cells.push({
    name: 'region ap-southeast-2 × region-disabled',
    faults: [{ region: 'ap-southeast-2', fault: 'region-disabled' }],
    attempts: 1,
    region: 'ap-southeast-2',
    kinds: ['region-disabled', 'access-denied'],
  });
  cells.push({
    name: 'region eu-west-1 × scp-deny (every call)',
    faults: [{ region: 'eu-west-1', fault: 'scp-deny' }],
    attempts: 1,
    region: 'eu-west-1',
    kinds: ['access-denied'],
  });
  return cells;
}

// ------------------------------------------------------------------------------------ hollow column

/**
 * Operations grouped by the evidence they feed: a hollow answer can only change the results of its own
 * family's services (inventory reads feed Inspector, Macie and GuardDuty; WAF reads also feed Shield's scope).
 */
const FAMILIES: { services: readonly string[]; ops: OpKey[] }[] = [
  {
    services: ['cloudtrail'],
    ops: [
      'describeTrails',
      'getTrailStatus',
      'getEventSelectors',
      'getInsightSelectors',
      'listEventDataStores',
      'getEventDataStore',
      'getBucketPolicyStatus',
    ],
  },
  {
    services: ['trustedadvisor'],
    ops: ['listRecommendations', 'describeTrustedAdvisorChecks', 'describeTrustedAdvisorCheckSummaries'],
  },
  {
    // GuardDuty's protection plans read the inventory too (a plan is judged where its workloads exist);
    // CloudTrail's data events are judged where buckets or functions exist, and cloudtrail.bucket reads
    // the trail's bucket with the inventory's GetBucketLocation
    services: ['inspector', 'macie', 'guardduty', 'cloudtrail'],
    ops: [
      'batchGetAccountStatus',
      'getMacieSession',
      'describeInstances',
      'describeRepositories',
      'listFunctions',
      'listBuckets',
      'getBucketLocation',
      'getMacieAdministrator',
      'listDetectors',
      'getDetector',
      'getGuardDutyAdministrator',
      'listCoverage',
      'getInspectorConfiguration',
      'getAutomatedDiscovery',
      'listClassificationJobs',
    ],
  },
  {
    services: ['waf', 'shield'],
    ops: [
      'describeLoadBalancers',
      'getWebAclForResource',
      'listDistributions',
      'getRestApis',
      'getStages',
      'listGraphqlApis',
      'listUserPools',
    ],
  },
  { services: ['shield'], ops: ['getSubscriptionState'] },
];

const HOLLOW: FaultKind[] = ['hollow-empty', 'hollow-document', 'hollow-html', 'hollow-types'];

/**
 * Hollow answers that AWS documents as a real answer, left out of the column: WAF's null WebACL ("no web
 * ACL"), Macie's `{}` (no administrator), GuardDuty's administrator (evidence only), S3's empty
 * LocationConstraint (us-east-1). See the rules in src/services/<service>/operations.ts.
 */
const DOCUMENTED: ReadonlySet<string> = new Set([
  'hollow-document:getWebAclForResource',
  'hollow-document:getMacieAdministrator',
  'hollow-document:getGuardDutyAdministrator',
  'hollow-document:getInspectorConfiguration',
  'hollow-document:getBucketLocation',
]);

/** Every called operation × every hollow kind, one operation of each family per cell. */
function hollowColumn(called: ReadonlySet<OpKey>): Cell[] {
  const cells: Cell[] = [];
  for (const fault of HOLLOW) {
    const families = FAMILIES.map((f) => ({
      ...f,
      ops: f.ops.filter((k) => called.has(k) && !DOCUMENTED.has(`${fault}:${k}`)),
    }));
    const rounds = Math.max(...families.map((f) => f.ops.length));
    for (let round = 0; round < rounds; round++) {
      const picked = families.flatMap((f) =>
        f.ops[round] ? [{ key: f.ops[round]!, services: f.services }] : [],
      );
      if (picked.length === 0) continue;
      const ops = picked.map((p) => OPS[p.key] as Op);
      cells.push({
        name: `${fault} × ${ops.map((o) => `${signingName(o)}:${operationName(o)}`).join(', ')}`,
        faults: ops.map((o) => ({ service: signingName(o), operation: operationName(o), fault })),
        attempts: 1,
        actions: Object.fromEntries(picked.map((p) => [(OPS[p.key] as Op).iamAction, p.services])),
      });
    }
  }
  return cells;
}

// ------------------------------------------------------------------------------------------ running

/**
 * `mixedRegions` in another account: bucket names are global, so they get the account as suffix. Every
 * lane adds a bucket in us-east-1, where Macie is on with automated discovery off and no job
 * (macie.analysis fails there), so that its two reads each change a result when they fail.
 */
function laneScenario(account: string): Scenario {
  const suffix = account === DEFAULT_ACCOUNT ? '' : `-${account}`;
  const regions: Scenario['regions'] = {};
  for (const [name, spec] of Object.entries(mixedRegions.regions)) {
    const buckets = [...(spec.buckets ?? []), ...(name === 'us-east-1' ? ['fm-macie-data'] : [])];
    regions[name] = buckets.length > 0 ? { ...spec, buckets: buckets.map((b) => `${b}${suffix}`) } : spec;
  }
  return {
    ...mixedRegions,
    ...(account === DEFAULT_ACCOUNT ? {} : { account }),
    regions,
    proxy: { ...mixedRegions.proxy, macie: { 'us-east-1': { automatedDiscovery: 'DISABLED' } } },
  };
}

async function scanCell(
  lane: Pick<Lane, 'env'>,
  attempts: number,
  regions: string[] | null = REGIONS,
  env: Record<string, string> = {},
): Promise<CellRun> {
  const out = tempDir('watchpost-fm-');
  const run = await runCli(
    [
      'scan',
      ...(regions ? ['--regions', regions.join(',')] : []),
      '--out',
      out,
      '--force',
      '--format',
      'json,md',
      '--max-attempts',
      String(attempts),
    ],
    { ...lane.env, ...env },
    { timeoutMs: 180_000 },
  );
  return { ...run, out, ...readOutputs(out) };
}

/** results.json and finding.md of a run; empty when missing (judged by the caller: exit code, outputs). */
function readOutputs(out: string): { results: Result[]; finding: string } {
  let results: Result[] = [];
  let finding = '';
  try {
    results = ResultsSchema.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
    finding = readFileSync(join(out, 'finding.md'), 'utf8');
  } catch {
    // what could be read is returned
  }
  return { results, finding };
}

/** Credentials acting as `account` (moto maps assumed-role keys to the role's account; so does the proxy). */
async function laneEnv(emu: Emulator, account: string): Promise<Record<string, string>> {
  const env = { AWS_ENDPOINT_URL: emu.endpoint };
  if (account === DEFAULT_ACCOUNT) return env;
  const sts = new STSClient({
    region: 'us-east-1',
    endpoint: emu.endpoint,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/WatchpostAudit`,
      RoleSessionName: 'watchpost',
      DurationSeconds: 43200,
    }),
  );
  const c = out.Credentials;
  assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken, 'moto gave lane credentials');
  return {
    ...env,
    AWS_ACCESS_KEY_ID: c.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: c.SecretAccessKey,
    AWS_SESSION_TOKEN: c.SessionToken,
  };
}

// ------------------------------------------------------------------------------------------ judging

/** "Results: 18 fail, 2 not assessed, …" from the terminal summary. */
function summaryCounts(stdout: string): { fail: number; unknown: number } | null {
  const m = /Results: (\d+) fail, (\d+) not assessed/.exec(stdout);
  return m ? { fail: Number(m[1]), unknown: Number(m[2]) } : null;
}

const SECTION_OF: Record<string, string> = {
  cloudtrail: 'CloudTrail',
  trustedadvisor: 'Trusted Advisor',
  inspector: 'Inspector',
  macie: 'Macie',
  guardduty: 'GuardDuty',
  waf: 'WAF & Shield',
  shield: 'WAF & Shield',
};

/** Text of the finding's prose (paragraphs and lists, outside review marks), per level-5 section. */
function proseBySection(blocks: Block[]): Map<string, string> {
  const out = new Map<string, string>();
  let section = '';
  const claimText = (inl: Inline[]) =>
    inl.map((r) => (r.kind === 'text' && r.reviews.length === 0 ? r.text : ' ')).join('');
  for (const b of blocks) {
    if (b.type === 'heading') {
      section = b.level === 5 ? b.text : '';
      continue;
    }
    if (!section) continue;
    const text =
      b.type === 'paragraph'
        ? claimText(b.inlines)
        : b.type === 'list'
          ? b.items.map(claimText).join('\n')
          : '';
    out.set(section, `${out.get(section) ?? ''}\n${text}`);
  }
  return out;
}

/** A name the finding would use for a per-resource result. */
function resourceName(r: Result): string | null {
  for (const k of ['name', 'trail', 'api']) {
    const v = r.data[k];
    if (typeof v === 'string' && v) return v;
  }
  return null;
}

/** Every problem with one cell's run, as readable lines (empty: the cell passed). */
function judge(cell: Cell, baseline: CellRun, run: CellRun): string[] {
  const problems: string[] = [];
  if (run.code !== 0 && run.code !== 3) {
    problems.push(`exit ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    return problems;
  }
  if (/\n\s+at .+:\d+:\d+/.test(run.stderr)) problems.push('stack trace on stderr');
  if (run.results.length === 0) problems.push('no results.json');
  if (!run.finding) problems.push('no finding.md');
  if (problems.length) return problems;

  const before = index(baseline.results);
  const now = index(run.results);
  const diff = changed(baseline.results, run.results);
  const newlyUnknown: Result[] = [];
  const causeProblem = (k: string, b: Result): string | null => {
    if (!b.cause) return `${k}: unknown without a cause`;
    if (cell.action && b.cause.action !== cell.action)
      return `${k}: cause names ${b.cause.action}, expected ${cell.action}`;
    if (cell.actions) {
      const services = cell.actions[b.cause.action];
      if (!services)
        return `${k}: cause names ${b.cause.action}, expected one of ${Object.keys(cell.actions).join(', ')}`;
      if (!services.includes(b.service)) return `${k}: ${b.service} changed by ${b.cause.action}`;
    }
    if (
      /is not a function|Cannot read prop|TypeError|SyntaxError|Unexpected token|Deserialization/.test(
        b.cause.message,
      )
    )
      return `${k}: a JavaScript message as cause: ${b.cause.message}`;
    if (cell.region) {
      if (!cell.kinds?.includes(b.cause.kind)) return `${k}: cause kind ${b.cause.kind}`;
      if (b.region !== cell.region && b.region !== 'global' && !b.cause.message.includes(cell.region))
        return `${k}: changed outside the faulted region ${cell.region}`;
    }
    return null;
  };
  for (const k of diff) {
    const a = before.get(k);
    const b = now.get(k);
    if (!b) {
      // A per-resource result can only vanish when a listing failed: an unknown of the same service
      // for its region (or the whole account) must stand for it, naming the fault.
      const stand = run.results.find(
        (o) =>
          o.service === a?.service &&
          o.status === 'unknown' &&
          (o.region === a.region || o.region === 'global' || o.region === '*') &&
          !causeProblem(keyOf(o), o),
      );
      if (!stand) problems.push(`${k}: missing (was ${a?.status}) and no unknown stands for it`);
      continue;
    }
    // Relevance first: where the inventory proves nothing is in scope, a failed status read is
    // not_applicable, and the result says which read failed (macie.enabled in a region without buckets).
    const faulted = cell.action ? [cell.action] : Object.keys(cell.actions ?? {});
    if (b.status === 'not_applicable' && faulted.some((action) => b.detail.includes(action))) continue;
    if (b.status !== 'unknown') {
      problems.push(`${k}: ${a?.status ?? 'absent'} → ${b.status} (${b.detail})`);
      continue;
    }
    newlyUnknown.push(b);
    const p = causeProblem(k, b);
    if (p) problems.push(p);
  }
  // a fail must rest on evidence: no fail carries an error cause
  for (const r of run.results) {
    if (r.status === 'fail' && r.cause) problems.push(`${keyOf(r)}: fail with a cause (${r.cause.code})`);
  }

  const summary = summaryCounts(run.stdout);
  const unknowns = run.results.filter((r) => r.status === 'unknown').length;
  const fails = run.results.filter((r) => r.status === 'fail').length;
  if (!summary) problems.push('no "Results:" summary on stdout');
  else {
    if (summary.unknown !== unknowns)
      problems.push(`summary says ${summary.unknown} unknown, results ${unknowns}`);
    if (summary.fail !== fails) problems.push(`summary says ${summary.fail} fail, results ${fails}`);
  }

  // the finding: a review item for each newly unknown result, and no claim about it in the prose
  const doc = readFinding(run.finding);
  const reviews = doc.reviewItems.map((i) => `${i.text} ${i.why ?? ''}`);
  const prose = proseBySection(doc.blocks);
  for (const r of newlyUnknown) {
    // account-level checks need not say "global"
    const where = r.region === '*' ? 'every region' : r.region === 'global' ? '' : r.region;
    const item = reviews.find((t) => t.includes(r.checkId) && t.includes(where));
    if (!item) problems.push(`${keyOf(r)}: no review item names ${r.checkId} and ${where}`);
    else if (r.cause && !item.includes(r.cause.action) && !item.includes(r.cause.code))
      problems.push(`${keyOf(r)}: review item names neither ${r.cause.action} nor ${r.cause.code}`);
    const text = prose.get(SECTION_OF[r.service] ?? '') ?? '';
    const name = r.resource ? resourceName(r) : null;
    if (name) {
      // the name may stay in the prose for another check that still fails on the same resource
      const failsElsewhere = run.results.some((o) => o.resource === r.resource && o.status === 'fail');
      if (!failsElsewhere && text.includes(name)) problems.push(`${keyOf(r)}: the prose still names ${name}`);
    } else if (r.region !== 'global' && r.region !== '*') {
      // the region may appear in a claim only if another result of the service there is known
      const known = run.results.some(
        (o) => o.service === r.service && o.region === r.region && o.status !== 'unknown',
      );
      if (!known && new RegExp(`\\b${r.region}\\b`).test(text))
        problems.push(`${keyOf(r)}: the ${r.service} prose still mentions ${r.region}`);
    }
  }
  return problems;
}

// ------------------------------------------------------------------------------------------ the tests

describe('e2e: fault matrix', { skip }, () => {
  let emu: Emulator;
  const lanes: Lane[] = [];
  const laneFaults = new Map<string, FaultRule[]>();
  let matrix: Cell[] = [];

  const setLaneFaults = (account: string, faults: FaultRule[]) => {
    laneFaults.set(
      account,
      faults.map((f) => ({ ...f, account })),
    );
    emu.configure({ faults: [...laneFaults.values()].flat() });
  };

  before(async () => {
    emu = await startAwsEmulator();
    const accounts = LANE_ACCOUNTS.slice(0, LANE_COUNT);
    for (const account of accounts) await seedScenario(emu, laneScenario(account));
    const envs = await Promise.all(accounts.map((a) => laneEnv(emu, a)));
    emu.resetCounts();
    const baselines = await Promise.all(envs.map((env) => scanCell({ env }, 1)));
    accounts.forEach((account, i) => {
      const baseline = baselines[i]!;
      assert.equal(baseline.code, 3, `baseline of ${account}: ${baseline.stderr}`);
      assert.ok(baseline.results.length > 40, 'the baseline judged every check');
      assert.ok(
        !baseline.results.some((r) => r.status === 'unknown'),
        `the baseline has no unknowns: ${baseline.results
          .filter((r) => r.status === 'unknown')
          .map((r) => `${keyOf(r)} ${JSON.stringify(r.cause)}`)
          .join(', ')}`,
      );
      lanes.push({ account, env: envs[i]!, baseline });
    });
    const counts = emu.counts();
    const called = new Set(
      (Object.keys(OPS) as OpKey[]).filter((k) => (counts[countKey(OPS[k] as Op)] ?? 0) > 0),
    );
    matrix = buildMatrix(called);
  });
  after(async () => {
    await emu?.stop();
  });

  test('every cell: finishes, no pass/fail flips, unknowns carry the cause, counted and reviewed', async () => {
    assert.ok(matrix.length >= 70, `matrix has ${matrix.length} cells`);
    assert.ok(matrix.filter((c) => c.actions).length >= 28, 'the hollow column');
    const outcomes: { cell: Cell; problems: string[]; changed: number; ms: number }[] = [];
    let next = 0;
    const started = Date.now();
    await Promise.all(
      lanes.map(async (lane) => {
        while (next < matrix.length) {
          const cell = matrix[next++]!;
          setLaneFaults(lane.account, cell.faults);
          const t0 = Date.now();
          let run: CellRun;
          try {
            run = await scanCell(lane, cell.attempts, REGIONS, cell.env);
          } finally {
            setLaneFaults(lane.account, []);
          }
          const problems = judge(cell, lane.baseline, run);
          const n = changed(lane.baseline.results, run.results).length;
          outcomes.push({ cell, problems, changed: n, ms: Date.now() - t0 });
        }
      }),
    );
    const failed = outcomes.filter((o) => o.problems.length > 0);
    const silent = outcomes.filter((o) => o.problems.length === 0 && o.changed === 0);
    console.log(
      `fault matrix: ${outcomes.length} cells, ${outcomes.length - failed.length} passed` +
        ` (${failed.length} failed; ${silent.length} changed no result; ${LANE_COUNT} lane(s),` +
        ` ${Math.round((Date.now() - started) / 1000)} s)`,
    );
    for (const o of silent) console.log(`  no result changed: ${o.cell.name}`);
    assert.deepEqual(
      failed.map((o) => `${o.cell.name}:\n    ${o.problems.slice(0, 8).join('\n    ')}`),
      [],
    );
    // AccessDenied on a call the scan needs must show somewhere: only these calls are optional extras
    // (who manages GuardDuty or Macie, Inspector's EC2 scan mode, GuardDuty's Malware Protection for S3
    // plans: evidence for the details, never a verdict; the Trusted Advisor API: when it is refused, the
    // same checks are read through the Support API, recorded in the evidence; CloudTrail Lake's list: where
    // a trail logs every region, as in mixedRegions, a failed store read must change no verdict —
    // test/e2e/cloudtrail-depth.test.ts shows it does where no trail logs)
    const optional = new Set<string>([
      'cloudtrail:ListEventDataStores',
      'guardduty:GetAdministratorAccount',
      'guardduty:ListMalwareProtectionPlans',
      'guardduty:GetMalwareProtectionPlan',
      'macie2:GetAdministratorAccount',
      'inspector2:GetConfiguration',
      'trustedadvisor:ListRecommendations',
      // The cost estimate's reads: a refusal leaves its lines "not estimated" in costs.json (with the
      // error and the action), never a result (test/e2e/costs.test.ts).
      'cloudwatch:GetMetricData',
      'guardduty:GetUsageStatistics',
      'inspector2:ListUsageTotals',
      'macie2:GetUsageTotals',
    ]);
    assert.deepEqual(
      silent
        .filter((o) => o.cell.name.endsWith('× access-denied') && !optional.has(o.cell.action ?? ''))
        .map((o) => o.cell.name),
      [],
      'a denied call that changes no result',
    );
  });

  test('sts:GetCallerIdentity failing: exit 1 with one line, no stack trace', async () => {
    const lane = lanes[0]!;
    for (const fault of ['access-denied', 'server-error'] as FaultKind[]) {
      setLaneFaults(lane.account, [{ service: 'sts', operation: 'GetCallerIdentity', fault }]);
      let run: CliResult;
      try {
        run = await runCli(
          [
            'scan',
            '--regions',
            REGIONS.join(','),
            '--out',
            tempDir('watchpost-fm-'),
            '--quiet',
            '--max-attempts',
            '1',
          ],
          lane.env,
        );
      } finally {
        setLaneFaults(lane.account, []);
      }
      assert.equal(run.code, 1, `${fault}: ${run.stderr}`);
      const lines = run.stderr.trim().split('\n');
      assert.equal(lines.length, 1, `${fault}: one line: ${run.stderr}`);
      assert.match(lines[0]!, /sts:GetCallerIdentity/);
      assert.doesNotMatch(run.stderr, /\n\s+at /);
    }
  });

  test('ec2:DescribeRegions failing: "*" unknowns naming it; with --regions the scan is unchanged', async () => {
    const lane = lanes[0]!;
    setLaneFaults(lane.account, [{ service: 'ec2', operation: 'DescribeRegions', fault: 'access-denied' }]);
    let all: CellRun;
    let listed: CellRun;
    try {
      [all, listed] = await Promise.all([scanCell(lane, 1, null), scanCell(lane, 1)]);
    } finally {
      setLaneFaults(lane.account, []);
    }
    // no region list: the regional checks are unknown for "*", naming the action; nothing false
    assert.ok(all.code === 0 || all.code === 3, all.stderr);
    const star = all.results.filter((r) => r.region === '*');
    assert.ok(star.length >= 5, `regional checks reported for "*": ${star.length}`);
    for (const r of star) {
      assert.equal(r.status, 'unknown', keyOf(r));
      assert.equal(r.cause?.action, 'ec2:DescribeRegions', keyOf(r));
    }
    const before = index(lanes[0]!.baseline.results);
    for (const r of all.results) {
      const b = before.get(keyOf(r));
      if (b && b.status !== r.status)
        assert.equal(r.status, 'unknown', `${keyOf(r)} ${b.status} → ${r.status}`);
      if (r.status === 'fail') assert.equal(r.cause, null, keyOf(r));
    }
    const counts = summaryCounts(all.stdout);
    assert.equal(counts?.unknown, all.results.filter((r) => r.status === 'unknown').length);
    const doc = readFinding(all.finding);
    assert.ok(
      doc.reviewItems.some(
        (i) => i.text.includes('every region') && (i.why ?? '').includes('ec2:DescribeRegions'),
      ),
      'the finding asks for a review of every region',
    );
    // regions given on the command line: the failed listing changes nothing
    assert.ok(listed.code === 3, listed.stderr);
    assert.deepEqual(changed(lanes[0]!.baseline.results, listed.results), []);
  });
  // Last: it turns lane 0's account into an organization's management account.
  test('organizations:ListDelegatedAdministrators failing: an organization scan keeps every verdict', async () => {
    const lane = lanes[0]!;
    assert.equal(lane.account, DEFAULT_ACCOUNT);
    const [member] = await createOrganization(emu, 1, 'fm-member');
    assert.ok(member);
    await seedScenario(emu, {
      name: 'fm-member',
      account: member.id,
      regions: Object.fromEntries(REGIONS.map((r) => [r, {}])),
    });
    // the management account designates the member Amazon Inspector's delegated administrator
    await seedInspectorDelegatedAdmin(target(emu, DEFAULT_ACCOUNT), 'us-east-1', member.id);
    const orgScan = async (): Promise<CellRun> => {
      const out = tempDir('watchpost-fm-org-');
      const run = await runCli(
        [
          'scan',
          '--org',
          '--regions',
          REGIONS.join(','),
          '--services',
          'inspector,macie',
          '--out',
          out,
          '--force',
          '--format',
          'json,md',
          '--max-attempts',
          '1',
        ],
        lane.env,
        { timeoutMs: 180_000 },
      );
      return { ...run, out, ...readOutputs(out) };
    };
    const baseline = await orgScan();
    const rule: FaultRule = {
      service: 'organizations',
      operation: 'ListDelegatedAdministrators',
      fault: 'access-denied',
    };
    setLaneFaults(lane.account, [rule]);
    let faulted: CellRun;
    try {
      faulted = await orgScan();
    } finally {
      setLaneFaults(lane.account, []);
    }
    assert.equal(baseline.code, 3, baseline.stderr);
    // the baseline names the administrator where Inspector is on in the management account
    const named = baseline.results.find(
      (r) => r.accountId === DEFAULT_ACCOUNT && r.checkId === 'inspector.enabled' && r.region === 'us-east-1',
    );
    assert.equal(named?.status, 'pass', named?.detail);
    assert.equal(named?.data.delegatedAdministrator, member.id);
    const cell: Cell = {
      name: 'organizations:ListDelegatedAdministrators (organization scan) × access-denied',
      faults: [rule],
      attempts: 1,
      action: 'organizations:ListDelegatedAdministrators',
    };
    assert.deepEqual(judge(cell, baseline, faulted), []);
    assert.deepEqual(changed(baseline.results, faulted.results), [], 'no verdict changes');
    assert.ok(!faulted.results.some((r) => r.data.delegatedAdministrator !== undefined));
    const bundle = BundleSchema.parse(JSON.parse(readFileSync(join(faulted.out, 'evidence.json'), 'utf8')));
    const read = bundle.organization?.delegatedAdministrators?.[INSPECTOR_SERVICE_PRINCIPAL];
    assert.equal(read?.ok, false);
    assert.equal(read && !read.ok && read.error.action, 'organizations:ListDelegatedAdministrators');
    console.log(
      'organizations:ListDelegatedAdministrators × access-denied (organization scan): no result changed',
    );
  });
});
