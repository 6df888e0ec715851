/**
 * `--org-mode bulk|auto` (issue 16): what the Inspector delegated administrator answers about members
 * (BatchGetAccountStatus in batches of 100) → each member's evidence, and every way it can fail to stand
 * for the member's own read (failedAccounts, a missing account, a refused or unreadable call): the member
 * then reads its own status; nothing becomes "not enabled".
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccountState } from '@aws-sdk/client-inspector2';
import { AwsSession, type Gateway } from '../../src/aws/gateway.js';
import type { Operation } from '../../src/aws/operation.js';
import type { AwsError, Observed } from '../../src/evidence/observed.js';
import {
  readFromAdministrators,
  readGuardDutyFromAdministrator,
  readInspectorFromAdministrator,
  readMacieFromAdministrator,
  readOrganizationTrails,
  soleAdministrator,
} from '../../src/pipeline/org-bulk.js';
import { collectCloudTrail } from '../../src/services/cloudtrail/collect.js';
import {
  collectGuardDutyRegion,
  guardDutyAdministratorFromBulk,
} from '../../src/services/guardduty/collect.js';
import { inspectorEnabled } from '../../src/services/inspector/checks/enabled.js';
import {
  administratorAnswerFor,
  collectInspectorRegion,
  statusFromAdministrator,
} from '../../src/services/inspector/collect.js';
import { InspectorEvidenceSchema } from '../../src/services/inspector/schema.js';
import { administratorFromBulk, collectMacieRegion } from '../../src/services/macie/collect.js';
import type { AccountBulk } from '../../src/services/types.js';

type Handler = (region: string, input: Record<string, unknown>) => Observed<unknown>;
const ADMIN = '333333333333';
const A = '111111111111';
const B = '222222222222';

const denied = (action: string): AwsError => ({
  kind: 'access-denied',
  code: 'AccessDeniedException',
  message: 'denied',
  action,
  httpStatus: 403,
});

function fakeSession(handlers: Record<string, Handler>) {
  const calls: { command: string; region: string; input: Record<string, unknown> }[] = [];
  const gateway = {
    async execute(
      _s: unknown,
      op: Operation<unknown, unknown>,
      region: string,
      input: Record<string, unknown>,
    ) {
      calls.push({ command: op.command, region, input });
      const h = handlers[op.command];
      return h ? h(region, input) : { ok: false, error: denied(op.iamAction) };
    },
  } as unknown as Gateway;
  return {
    session: new AwsSession(gateway, async () => ({ accessKeyId: 'x', secretAccessKey: 'y' })),
    calls,
  };
}

const state = (accountId: string, status: string): AccountState =>
  ({
    accountId,
    state: { status },
    resourceState: {
      ec2: { status },
      ecr: { status },
      lambda: { status: 'DISABLED' },
      lambdaCode: { status: 'DISABLED' },
      codeRepository: { status: 'DISABLED' },
    },
  }) as unknown as AccountState;

describe('Inspector status from the delegated administrator', () => {
  test('an account the answer lists: its status and scan types, as its own read would give them', () => {
    const a = administratorAnswerFor({ accounts: [state(A, 'ENABLED'), state(B, 'DISABLED')] }, B);
    assert.deepEqual(a, {
      ok: true,
      value: {
        status: 'DISABLED',
        scanTypes: {
          ec2: 'DISABLED',
          ecr: 'DISABLED',
          lambda: 'DISABLED',
          lambdaCode: 'DISABLED',
          codeRepository: 'DISABLED',
        },
      },
    });
  });

  test('failedAccounts, a missing account, an entry without a status: no answer, with the reason', () => {
    const failed = administratorAnswerFor(
      {
        accounts: [],
        failedAccounts: [{ accountId: A, errorCode: 'ACCESS_DENIED', errorMessage: 'not a member' }],
      },
      A,
    );
    assert.equal(failed.ok, false);
    assert.match(!failed.ok ? failed.reason : '', /^ACCESS_DENIED: not a member/);
    const missing = administratorAnswerFor({ accounts: [state(A, 'ENABLED')] }, B);
    assert.equal(missing.ok, false);
    assert.match(!missing.ok ? missing.reason : '', new RegExp(`did not mention account ${B}`));
    const hollow = administratorAnswerFor(
      { accounts: [{ accountId: A, state: {} } as unknown as AccountState] },
      A,
    );
    assert.equal(hollow.ok, false);
  });

  test('batches of 100 per region; a refused call leaves every account of its batch to its own read', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => String(100000000000 + i));
    const { session, calls } = fakeSession({
      BatchGetAccountStatusCommand: (region, input) => {
        const asked = input.accountIds as string[];
        if (region === 'eu-west-1' && asked.length < 100) return { ok: false, error: denied('x') };
        return {
          ok: true,
          value: {
            accounts: asked.filter((id) => id !== ids[7]).map((id) => state(id, 'ENABLED')),
            failedAccounts: [{ accountId: ids[7], errorCode: 'INTERNAL_ERROR' }],
          },
        };
      },
    });
    const answers = await readInspectorFromAdministrator(session, ['us-east-1', 'eu-west-1'], ids);
    assert.equal(calls.length, 4);
    assert.ok(calls.every((c) => (c.input.accountIds as string[]).length <= 100));
    assert.equal(answers.size, 150);
    assert.equal(answers.get(ids[0]!)?.['us-east-1']?.ok, true);
    assert.equal(answers.get(ids[0]!)?.['eu-west-1']?.ok, true);
    const seventh = answers.get(ids[7]!)!['us-east-1']!;
    assert.ok(!seventh.ok && /INTERNAL_ERROR/.test(seventh.reason));
    const refused = answers.get(ids[120]!)!['eu-west-1']!;
    assert.ok(!refused.ok && refused.reason === 'AccessDeniedException on x');
    assert.equal(answers.get(ids[120]!)!['us-east-1']!.ok, true);
  });

  test("the member uses the administrator's answer where it has one, else reads its own (via says why)", async () => {
    const bulk: AccountBulk['inspector'] = {
      administrator: ADMIN,
      regions: {
        'us-east-1': {
          ok: true,
          value: {
            status: 'DISABLED',
            scanTypes: { ec2: 'DISABLED', ecr: 'DISABLED', lambda: null, lambdaCode: null },
          },
        },
        'eu-west-1': { ok: false, reason: 'ACCESS_DENIED: not a member' },
      },
    };
    const { session, calls } = fakeSession({
      BatchGetAccountStatusCommand: () => ({ ok: true, value: { accounts: [state(A, 'ENABLED')] } }),
      ListCoverageCommand: () => ({ ok: true, value: { coveredResources: [] } }),
      GetConfigurationCommand: () => ({ ok: true, value: {} }),
    });
    const us = await collectInspectorRegion(session, A, 'us-east-1', bulk);
    assert.ok(us.ok);
    assert.equal(us.value.status, 'DISABLED');
    assert.deepEqual(us.value.via, { from: 'administrator', administrator: ADMIN });
    assert.equal(calls.length, 0, 'no own BatchGetAccountStatus where the administrator answered');

    const eu = await collectInspectorRegion(session, A, 'eu-west-1', bulk);
    assert.ok(eu.ok);
    assert.equal(eu.value.status, 'ENABLED');
    assert.deepEqual(eu.value.via, {
      from: 'account',
      administrator: ADMIN,
      fallback: 'ACCESS_DENIED: not a member',
    });
    // a region the administrator was not asked in
    const ap = statusFromAdministrator(bulk, 'ap-south-1');
    assert.equal(ap.status, null);
    assert.match(ap.via?.fallback ?? '', /did not cover ap-south-1/);
    // no administrator read: no via at all (single-account scans, --org-mode per-account)
    const none = await collectInspectorRegion(session, A, 'us-east-1');
    assert.ok(none.ok && none.value.via === undefined);
    assert.ok(InspectorEvidenceSchema.safeParse({ 'us-east-1': us, 'eu-west-1': eu }).success);
  });

  test('fallback refused too: unknown with the cause, never "not enabled"', async () => {
    const bulk: AccountBulk['inspector'] = {
      administrator: ADMIN,
      regions: {
        'us-east-1': { ok: false, reason: 'ThrottlingException on inspector2:BatchGetAccountStatus' },
      },
    };
    const { session } = fakeSession({});
    const own = await collectInspectorRegion(session, A, 'us-east-1', bulk);
    assert.equal(own.ok, false);
    const [v] = inspectorEnabled.evaluate({
      accountId: A,
      partition: 'aws',
      callerArn: '',
      regionListing: { ok: true, value: { enabled: ['us-east-1'], skipped: [] } },
      scannedRegions: ['us-east-1'],
      unavailableRegions: [],
      accessError: null,
      inspector: { 'us-east-1': own },
    } as Parameters<typeof inspectorEnabled.evaluate>[0]);
    assert.equal(v?.status, 'unknown');
    assert.equal(v?.cause?.action, 'inspector2:BatchGetAccountStatus');
  });

  test('the detail says where the status was read', () => {
    const account = (via: unknown) =>
      ({
        accountId: A,
        partition: 'aws',
        callerArn: '',
        regionListing: { ok: true, value: { enabled: ['us-east-1'], skipped: [] } },
        scannedRegions: ['us-east-1'],
        unavailableRegions: [],
        accessError: null,
        inspector: {
          'us-east-1': {
            ok: true,
            value: {
              status: 'ENABLED',
              scanTypes: { ec2: 'ENABLED', ecr: 'ENABLED', lambda: null, lambdaCode: null },
              ...(via ? { via } : {}),
            },
          },
        },
      }) as Parameters<typeof inspectorEnabled.evaluate>[0];
    const [fromAdmin] = inspectorEnabled.evaluate(account({ from: 'administrator', administrator: ADMIN }));
    assert.equal(fromAdmin?.status, 'pass');
    assert.match(fromAdmin?.detail ?? '', new RegExp(`read from the administrator account ${ADMIN}`));
    assert.equal(fromAdmin?.data.statusReadFrom, 'administrator');
    assert.equal(fromAdmin?.data.statusAdministrator, ADMIN);
    const [own] = inspectorEnabled.evaluate(
      account({ from: 'account', administrator: ADMIN, fallback: 'x' }),
    );
    assert.equal(own?.data.statusReadFrom, 'account');
    assert.doesNotMatch(own?.detail ?? '', /administrator/);
    const [plain] = inspectorEnabled.evaluate(account(null));
    assert.equal(plain?.data.statusReadFrom, undefined);
  });
});

describe('the administrator to read from', () => {
  const active = new Set([A, B, ADMIN]);
  const P = 'inspector2.amazonaws.com';
  const read = (ids: string[]) => ({ [P]: { ok: true as const, value: { accountIds: ids } } });
  test('exactly one, active, not excluded', () => {
    assert.deepEqual(soleAdministrator(read([ADMIN]), P, active, new Set()), { id: ADMIN });
    for (const [d, excluded, why] of [
      [undefined, [], /were not read/],
      [
        { [P]: { ok: false as const, error: denied('organizations:ListDelegatedAdministrators') } },
        [],
        /could not be read \(AccessDeniedException/,
      ],
      [read([]), [], /no delegated administrator/],
      [read([A, B]), [], /names 2 delegated administrators/],
      [read(['444444444444']), [], /not an active account/],
      [read(['not-an-id']), [], /not an account id/],
      [read([ADMIN]), [ADMIN], /excluded/],
    ] as const) {
      const r = soleAdministrator(d, P, active, new Set(excluded));
      assert.ok('error' in r);
      assert.match(r.error, why);
    }
  });
});

describe('Macie administrator from the administrator list', () => {
  test('ListMembers: only a relationship in force (Enabled, Paused) with this administrator stands', async () => {
    const { session, calls } = fakeSession({
      ListMembersCommand: (region, input) => {
        if (region === 'eu-west-1') return { ok: false, error: denied('macie2:ListMembers') };
        return input.nextToken
          ? {
              ok: true,
              value: {
                members: [{ accountId: B, administratorAccountId: ADMIN, relationshipStatus: 'Paused' }],
              },
            }
          : {
              ok: true,
              value: {
                members: [
                  { accountId: A, administratorAccountId: ADMIN, relationshipStatus: 'Enabled' },
                  {
                    accountId: '444444444444',
                    administratorAccountId: ADMIN,
                    relationshipStatus: 'Resigned',
                  },
                  {
                    accountId: '555555555555',
                    administratorAccountId: '999999999999',
                    relationshipStatus: 'Enabled',
                  },
                ],
                nextToken: 'page2',
              },
            };
      },
    });
    const ids = [A, B, ADMIN, '444444444444', '555555555555', '666666666666'];
    const answers = await readMacieFromAdministrator(session, ADMIN, ['us-east-1', 'eu-west-1'], ids);
    assert.equal(calls.length, 3, 'two pages in us-east-1, one refused call in eu-west-1');
    assert.equal(calls[0]?.input.onlyAssociated, 'false');
    const us = (id: string) => answers.get(id)!['us-east-1']!;
    assert.deepEqual(us(A), { ok: true, value: { accountId: ADMIN, relationshipStatus: 'Enabled' } });
    assert.deepEqual(us(B), { ok: true, value: { accountId: ADMIN, relationshipStatus: 'Paused' } });
    for (const [id, why] of [
      [ADMIN, /administrator account itself/],
      ['444444444444', /relationship Resigned/],
      ['555555555555', /another administrator/],
      ['666666666666', /does not list the account/],
    ] as const) {
      const a = us(id);
      assert.ok(!a.ok && why.test(a.reason), id);
    }
    const eu = answers.get(A)!['eu-west-1']!;
    assert.ok(!eu.ok && eu.reason === 'AccessDeniedException on macie2:ListMembers');
  });

  test("the member still reads its session; the administrator's list replaces only GetAdministratorAccount", async () => {
    const bulk: AccountBulk['macie'] = {
      administrator: ADMIN,
      regions: {
        'us-east-1': { ok: true, value: { accountId: ADMIN, relationshipStatus: 'Enabled' } },
        'eu-west-1': { ok: false, reason: 'ListMembers lists the account with relationship Removed' },
      },
    };
    const { session, calls } = fakeSession({
      GetMacieSessionCommand: () => ({ ok: true, value: { status: 'ENABLED' } }),
      GetAdministratorAccountCommand: () => ({ ok: true, value: {} }),
    });
    const us = await collectMacieRegion(session, 'us-east-1', false, bulk);
    assert.ok(us.ok);
    assert.equal(us.value.status, 'ENABLED');
    assert.deepEqual(us.value.administrator, {
      ok: true,
      value: { accountId: ADMIN, relationshipStatus: 'Enabled' },
    });
    assert.deepEqual(us.value.administratorVia, { from: 'administrator', administrator: ADMIN });
    assert.deepEqual(
      calls.map((c) => c.command),
      ['GetMacieSessionCommand'],
    );
    const eu = await collectMacieRegion(session, 'eu-west-1', false, bulk);
    assert.ok(eu.ok);
    assert.deepEqual(eu.value.administrator, { ok: true, value: null });
    assert.equal(eu.value.administratorVia?.from, 'account');
    assert.match(eu.value.administratorVia?.fallback ?? '', /Removed/);
    // Macie off in the member: the administrator's list is not consulted, nothing is added
    const off = fakeSession({
      GetMacieSessionCommand: () => ({
        ok: false,
        error: { ...denied('macie2:GetMacieSession'), message: 'Macie is not enabled.' },
      }),
    });
    const none = await collectMacieRegion(off.session, 'us-east-1', false, bulk);
    assert.ok(none.ok && none.value.status === 'NOT_ENABLED' && none.value.administratorVia === undefined);
    assert.equal(administratorFromBulk(undefined, 'us-east-1').via, null);
  });
});

describe('GuardDuty administrator from the administrator list', () => {
  test("ListMembers of the administrator's detector: only Enabled with this administrator stands", async () => {
    const { session, calls } = fakeSession({
      ListDetectorsCommand: (region) =>
        region === 'ap-south-1'
          ? { ok: true, value: { DetectorIds: [] } }
          : { ok: true, value: { DetectorIds: ['det-b', 'det-a'] } },
      ListMembersCommand: (region, input) => {
        if (region === 'eu-west-1') return { ok: false, error: denied('guardduty:ListMembers') };
        assert.equal(input.DetectorId, 'det-a');
        assert.equal(input.OnlyAssociated, 'true');
        return {
          ok: true,
          value: {
            Members: [
              { AccountId: A, AdministratorId: ADMIN, MasterId: ADMIN, RelationshipStatus: 'Enabled' },
              { AccountId: B, MasterId: ADMIN, RelationshipStatus: 'Disabled' },
              { AccountId: '555555555555', AdministratorId: '999999999999', RelationshipStatus: 'Enabled' },
            ],
          },
        };
      },
    });
    const answers = await readGuardDutyFromAdministrator(
      session,
      ADMIN,
      ['us-east-1', 'eu-west-1', 'ap-south-1'],
      [A, B, ADMIN, '555555555555', '666666666666'],
    );
    assert.equal(calls.filter((c) => c.command === 'ListMembersCommand').length, 2);
    const us = (id: string) => answers.get(id)!['us-east-1']!;
    assert.deepEqual(us(A), { ok: true, value: { accountId: ADMIN, relationshipStatus: 'Enabled' } });
    for (const [id, why] of [
      [B, /relationship Disabled/],
      [ADMIN, /administrator account itself/],
      ['555555555555', /another administrator/],
      ['666666666666', /does not list/],
    ] as const) {
      const a = us(id);
      assert.ok(!a.ok && why.test(a.reason), id);
    }
    const eu = answers.get(A)!['eu-west-1']!;
    assert.ok(!eu.ok && /AccessDeniedException on guardduty:ListMembers/.test(eu.reason));
    const ap = answers.get(A)!['ap-south-1']!;
    assert.ok(!ap.ok && /has no detector in ap-south-1/.test(ap.reason));
  });

  test('the member still reads its detector; the list replaces only GetAdministratorAccount', async () => {
    const bulk: AccountBulk['guardduty'] = {
      administrator: ADMIN,
      regions: {
        'us-east-1': { ok: true, value: { accountId: ADMIN, relationshipStatus: 'Enabled' } },
        'eu-west-1': { ok: false, reason: 'AccessDeniedException on guardduty:ListMembers' },
      },
    };
    const { session, calls } = fakeSession({
      ListDetectorsCommand: () => ({ ok: true, value: { DetectorIds: ['d1'] } }),
      GetDetectorCommand: () => ({ ok: true, value: { Status: 'DISABLED' } }),
      GetAdministratorAccountCommand: () => ({ ok: true, value: {} }),
      ListMalwareProtectionPlansCommand: () => ({ ok: true, value: { MalwareProtectionPlans: [] } }),
    });
    const us = await collectGuardDutyRegion(session, 'us-east-1', A, bulk);
    assert.ok(us.ok);
    assert.equal(us.value.detectors[0]?.detail.ok && us.value.detectors[0].detail.value.status, 'DISABLED');
    assert.deepEqual(us.value.administrator, {
      ok: true,
      value: { accountId: ADMIN, relationshipStatus: 'Enabled' },
    });
    assert.deepEqual(us.value.administratorVia, { from: 'administrator', administrator: ADMIN });
    assert.ok(!calls.some((c) => c.command === 'GetAdministratorAccountCommand'));
    assert.ok(calls.some((c) => c.command === 'GetDetectorCommand'));
    const eu = await collectGuardDutyRegion(session, 'eu-west-1', A, bulk);
    assert.ok(eu.ok);
    assert.deepEqual(eu.value.administrator, { ok: true, value: null });
    assert.equal(eu.value.administratorVia?.from, 'account');
    assert.ok(calls.some((c) => c.command === 'GetAdministratorAccountCommand' && c.region === 'eu-west-1'));
    assert.equal(guardDutyAdministratorFromBulk(undefined, 'us-east-1').via, null);
  });
});

describe('reading from the administrators', () => {
  const ctx = {
    caller: { accountId: ADMIN, arn: `arn:aws:iam::${ADMIN}:user/a`, partition: 'aws' },
    roleName: 'R',
    sessionName: 's',
    regions: ['us-east-1'],
  };
  const delegated = {
    'inspector2.amazonaws.com': { ok: true as const, value: { accountIds: [ADMIN] } },
    'guardduty.amazonaws.com': { ok: true as const, value: { accountIds: [] } },
    'macie.amazonaws.com': { ok: true as const, value: { accountIds: [] } },
  };
  test('the caller as administrator: no role assumed; each account gets only its slice', async () => {
    const { session, calls } = fakeSession({
      DescribeRegionsCommand: () => ({
        ok: true,
        value: { Regions: [{ RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' }] },
      }),
      BatchGetAccountStatusCommand: (_r, input) => ({
        ok: true,
        value: { accounts: (input.accountIds as string[]).map((id) => state(id, 'ENABLED')) },
      }),
    });
    const r = await readFromAdministrators({
      gateway: {} as Gateway,
      base: session,
      ctx,
      services: ['inspector'],
      delegatedAdministrators: delegated,
      activeAccounts: new Set([A, B, ADMIN]),
      excluded: new Set(),
      accountIds: [A, B],
      managementAccountId: ADMIN,
    });
    assert.ok(!calls.some((c) => c.command === 'AssumeRoleCommand'));
    assert.deepEqual(r.reads, { inspector: { administrator: ADMIN, regions: ['us-east-1'] } });
    assert.deepEqual(Object.keys(r.slices.get(A) ?? {}), ['inspector']);
    assert.equal(r.slices.get(A)?.inspector?.regions['us-east-1']?.ok, true);
    assert.equal(r.slices.has(ADMIN), false, 'only the accounts asked about');
  });
  test('a defect while reading: the service is read in each account, the scan goes on', async () => {
    const gateway = {
      async execute() {
        throw new TypeError('x is not a function');
      },
    } as unknown as Gateway;
    const session = new AwsSession(gateway, async () => ({ accessKeyId: 'x', secretAccessKey: 'y' }));
    const r = await readFromAdministrators({
      gateway,
      base: session,
      ctx,
      services: [],
      delegatedAdministrators: delegated,
      activeAccounts: new Set([A, ADMIN]),
      excluded: new Set(),
      accountIds: [A],
      managementAccountId: ADMIN,
    });
    assert.equal(r.slices.size, 0);
    for (const s of ['inspector', 'guardduty', 'macie']) {
      assert.match(r.reads[s]?.error ?? '', /could not use the answers of administrator account/, s);
      assert.doesNotMatch(r.reads[s]?.error ?? '', /not a function/);
    }
  });
});

describe('organization trails read once in the management account', () => {
  const MGMT = ADMIN;
  const ARN = `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail`;
  const trailList = [
    {
      Name: 'org-trail',
      TrailARN: ARN,
      HomeRegion: 'us-east-1',
      IsMultiRegionTrail: true,
      IsOrganizationTrail: true,
      S3BucketName: 'b',
    },
  ];
  test("the owner's read: status and selectors per trail ARN; a failed read is a reason, not a state", async () => {
    const { session, calls } = fakeSession({
      DescribeTrailsCommand: () => ({ ok: true, value: { trailList } }),
      GetTrailStatusCommand: () => ({ ok: true, value: { IsLogging: true } }),
      GetEventSelectorsCommand: () => ({ ok: true, value: { EventSelectors: [] } }),
    });
    const trails = await readOrganizationTrails(session, ['us-east-1', 'eu-west-1']);
    assert.equal(calls.filter((c) => c.command === 'GetTrailStatusCommand').length, 1, 'once per trail');
    assert.ok(
      calls.every((c) => c.command !== 'DescribeTrailsCommand' || c.input.includeShadowTrails === false),
    );
    assert.equal(trails[ARN]?.ok, true);
    const refused = fakeSession({
      DescribeTrailsCommand: () => ({ ok: true, value: { trailList } }),
      GetTrailStatusCommand: () => ({ ok: true, value: { IsLogging: true } }),
    });
    const t = (await readOrganizationTrails(refused.session, ['us-east-1']))[ARN];
    assert.ok(t && !t.ok && /on cloudtrail:GetEventSelectors/.test(t.reason));
  });

  test("a member takes the owner's status and selectors, still reads Insights; without them reads its own", async () => {
    const shadow = [{ ...trailList[0] }];
    const handlers: Record<string, Handler> = {
      DescribeTrailsCommand: () => ({ ok: true, value: { trailList: shadow } }),
      GetTrailStatusCommand: () => ({ ok: true, value: { IsLogging: false } }),
      GetEventSelectorsCommand: () => ({ ok: true, value: { EventSelectors: [] } }),
      GetInsightSelectorsCommand: () => ({ ok: true, value: { InsightSelectors: [] } }),
      ListEventDataStoresCommand: () => ({ ok: true, value: { EventDataStores: [] } }),
    };
    const owner = {
      status: {
        ok: true as const,
        value: {
          isLogging: true,
          latestDeliveryTime: null,
          latestDeliveryError: null,
          latestCloudWatchLogsDeliveryTime: null,
        },
      },
      eventSelectors: { ok: true as const, value: { basic: [], advanced: null } },
    };
    const { session, calls } = fakeSession(handlers);
    const got = await collectCloudTrail(session, ['us-east-1'], 'aws', A, {
      administrator: MGMT,
      trails: { [ARN]: { ok: true, value: owner } },
    });
    const trail = got.trails[0]!;
    assert.deepEqual(trail.status, owner.status);
    assert.deepEqual(trail.via, { from: 'administrator', administrator: MGMT });
    assert.ok(
      !calls.some((c) => c.command === 'GetTrailStatusCommand' || c.command === 'GetEventSelectorsCommand'),
    );
    assert.ok(calls.some((c) => c.command === 'GetInsightSelectorsCommand'));

    const fallback = fakeSession(handlers);
    const own = await collectCloudTrail(fallback.session, ['us-east-1'], 'aws', A, {
      administrator: MGMT,
      trails: { [ARN]: { ok: false, reason: 'AccessDeniedException on cloudtrail:GetEventSelectors' } },
    });
    assert.equal(
      own.trails[0]?.status.ok && own.trails[0].status.value.isLogging,
      false,
      "the member's own answer",
    );
    assert.equal(own.trails[0]?.via?.from, 'account');
    assert.match(own.trails[0]?.via?.fallback ?? '', /GetEventSelectors/);
    // the management account's own trail, and any scan without an administrator read: no via
    const mine = await collectCloudTrail(fakeSession(handlers).session, ['us-east-1'], 'aws', MGMT, {
      administrator: MGMT,
      trails: { [ARN]: { ok: true, value: owner } },
    });
    assert.equal(mine.trails[0]?.via, undefined);
    assert.equal(mine.trails[0]?.status.ok && mine.trails[0].status.value.isLogging, false);
  });
});
