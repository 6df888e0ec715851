import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CheckMeta } from '../../src/checks/types.js';
import type { Result } from '../../src/evidence/schema.js';
import { OCSF_VERSION, renderOcsf } from '../../src/render/ocsf.js';
import { HOSTILE_NAME, syntheticReport } from './synthetic.js';

/**
 * The attributes OCSF 1.3.0 marks required for Detection Finding (class 2004) and the objects it uses,
 * plus the enums we rely on. Written from the schema (events/findings/finding.json + base_event,
 * objects finding_info, metadata, product, cloud); a small JSON-schema-like check, not a full validator.
 */
type Spec = {
  type: 'string' | 'number' | 'object' | 'array';
  required?: boolean;
  enum?: unknown[];
  props?: Record<string, Spec>;
  items?: Spec;
};
const str = (required = false, e?: unknown[]): Spec => ({
  type: 'string',
  required,
  ...(e ? { enum: e } : {}),
});
const int = (required = false, e?: unknown[]): Spec => ({
  type: 'number',
  required,
  ...(e ? { enum: e } : {}),
});
const DETECTION_FINDING_1_3_0: Spec = {
  type: 'object',
  props: {
    activity_id: int(true, [0, 1, 2, 3, 99]),
    category_uid: int(true, [2]),
    class_uid: int(true, [2004]),
    type_uid: int(true, [200400, 200401, 200402, 200403, 200499]),
    severity_id: int(true, [0, 1, 2, 3, 4, 5, 6, 99]),
    time: int(true),
    status_id: int(false, [0, 1, 2, 3, 4, 99]),
    status_code: str(false),
    status_detail: str(false),
    message: str(false),
    finding_info: {
      type: 'object',
      required: true,
      props: { uid: str(true), title: str(true), desc: str(false), types: { type: 'array', items: str() } },
    },
    metadata: {
      type: 'object',
      required: true,
      props: {
        version: str(true),
        product: {
          type: 'object',
          required: true,
          props: { name: str(false), vendor_name: str(false), version: str(false) },
        },
        profiles: { type: 'array', items: str() },
      },
    },
    // Required by the cloud profile, which we declare in metadata.profiles.
    cloud: {
      type: 'object',
      required: true,
      props: {
        provider: str(true),
        region: str(false),
        account: { type: 'object', props: { uid: str(true) } },
      },
    },
    resources: {
      type: 'array',
      items: {
        type: 'object',
        props: { uid: str(false), name: str(false), type: str(false), region: str(false) },
      },
    },
  },
};

function validate(value: unknown, spec: Spec, path = '$'): string[] {
  const errors: string[] = [];
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  if (actual !== spec.type) return [`${path}: expected ${spec.type}, got ${actual}`];
  if (spec.type === 'number' && !Number.isInteger(value)) errors.push(`${path}: not an integer`);
  if (spec.enum && !spec.enum.includes(value)) errors.push(`${path}: ${String(value)} not in enum`);
  if (spec.type === 'string' && (value as string).length === 0) errors.push(`${path}: empty`);
  if (spec.props) {
    const obj = value as Record<string, unknown>;
    for (const [k, s] of Object.entries(spec.props)) {
      if (obj[k] === undefined) {
        if (s.required) errors.push(`${path}.${k}: required`);
      } else errors.push(...validate(obj[k], s, `${path}.${k}`));
    }
  }
  if (spec.items) {
    const items = value as unknown[];
    for (let i = 0; i < items.length; i++) errors.push(...validate(items[i], spec.items, `${path}[${i}]`));
  }
  return errors;
}

/** The fields these tests read. */
interface OcsfOut {
  status_code: string;
  severity_id: number;
  message: string;
  status_detail: string;
  finding_info: { uid: string; title: string };
  cloud: { region?: string; account: { uid: string } };
  resources: { uid: string }[];
  remediation?: { desc: string };
  unmapped: { cause?: { action: string } };
}
const typed = (x: object[]) => x as unknown as OcsfOut[];

const META: CheckMeta[] = [
  {
    id: 'guardduty.enabled',
    service: 'guardduty',
    title: 'GuardDuty is enabled',
    severity: 'high',
    securityHub: 'GuardDuty.1',
    cis: null,
    remediation: 'Enable GuardDuty in every region.',
    enablement: true,
    scope: 'region',
  },
];

describe('renderOcsf', () => {
  const { bundle, results } = syntheticReport({ accounts: 3, regions: 4, hostile: true, seed: 5 });

  test(`emits valid OCSF ${OCSF_VERSION} Detection Findings, one per fail or unknown`, () => {
    const out = renderOcsf({ bundle, results, checks: META }) as Record<string, unknown>[];
    const wanted = results.filter((r) => r.status === 'fail' || r.status === 'unknown');
    assert.ok(wanted.length > 10);
    assert.equal(out.length, wanted.length);
    for (const f of out) assert.deepEqual(validate(f, DETECTION_FINDING_1_3_0), []);
    // Unique ids, JSON-serialisable.
    const uids = new Set(out.map((f) => (f.finding_info as { uid: string }).uid));
    assert.equal(uids.size, out.length);
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(out)));
  });

  test('maps status, severity, cause and location faithfully', () => {
    const fail = results.find((r) => r.status === 'fail' && r.service === 'guardduty')!;
    const unknown = results.find((r) => r.status === 'unknown')!;
    const pass = results.find((r) => r.status === 'pass')!;
    const na = results.find((r) => r.status === 'not_applicable')!;
    const out = typed(renderOcsf({ bundle, results: [fail, unknown, pass, na], checks: META }));
    assert.equal(out.length, 2);
    const [f, u] = out as [OcsfOut, OcsfOut];
    assert.equal(f.status_code, 'FAIL');
    assert.equal(f.severity_id, 4);
    assert.equal(f.finding_info.title, 'GuardDuty is enabled');
    assert.equal(f.cloud.account.uid, fail.accountId);
    assert.equal(f.cloud.region, fail.region);
    assert.equal(f.remediation?.desc, 'Enable GuardDuty in every region.');
    // Unknown is never FAIL; it carries the AWS error code and IAM action.
    assert.equal(u.status_code, 'MANUAL');
    assert.equal(u.severity_id, 1);
    assert.ok(u.status_detail.includes(unknown.cause!.code));
    assert.ok(u.status_detail.includes(unknown.cause!.action));
    assert.equal(u.unmapped.cause?.action, unknown.cause!.action);
  });

  test('account-level results have no region and point at the account; hostile text stays data', () => {
    const r: Result = {
      checkId: 'shield.advanced',
      service: 'shield',
      accountId: bundle.accounts[0]!.accountId,
      region: 'global',
      resource: null,
      status: 'fail',
      detail: `Shield Advanced is not subscribed ${HOSTILE_NAME}`,
      cause: null,
      data: {},
    };
    const [f] = typed(renderOcsf({ bundle, results: [r] }));
    assert.equal(f!.cloud.region, undefined);
    assert.equal(f!.resources[0]!.uid, r.accountId);
    assert.equal(f!.severity_id, 0); // no metadata: severity unknown rather than invented
    assert.equal(f!.message, r.detail);
    assert.deepEqual(validate(f, DETECTION_FINDING_1_3_0), []);
  });
});
