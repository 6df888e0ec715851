import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateDetectorCommand, DeleteDetectorCommand } from '@aws-sdk/client-guardduty';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { classifyError } from '../../src/aws/errors.js';
import { Gateway, partitionOfRegion } from '../../src/aws/gateway.js';
import { OPS, requiredIamActions } from '../../src/aws/operations.js';
import { redact, registerSecret } from '../../src/aws/redact.js';
import { type Moto, startMoto } from '../support/moto.js';

/** Verbs that change state: none may appear among the actions watchpost can call. */
const MUTATING =
  /:(Create|Delete|Put|Update|Modify|Enable|Disable|Start|Stop|Associate|Disassociate|Attach|Detach|Tag|Untag|Set|Run|Terminate|Accept|Decline|Invite|Register|Deregister|Reset|Restore|Cancel|Send|Upload|Import|Export|Accept|Reject|Add|Remove|Batch(?!Get))/;

describe('allow-list', () => {
  test('contains only read actions', () => {
    const actions = requiredIamActions();
    assert.ok(actions.length >= 20);
    for (const a of actions) {
      if (a === 'sts:AssumeRole') continue; // yields credentials; changes nothing in the account
      assert.doesNotMatch(a, MUTATING, a);
      assert.match(a, /^[a-z0-9-]+:(Get|List|Describe|BatchGet|GET)/, a);
    }
  });
  test('every operation names its IAM action and SDK command', () => {
    for (const [name, op] of Object.entries(OPS)) {
      assert.match(op.iamAction, /^[a-z0-9-]+:[A-Za-z]+$/, name);
      assert.match(op.command, /Command$/, name);
    }
  });
});

describe('gateway against moto', () => {
  let moto: Moto;
  const saved = { ...process.env };
  before(async () => {
    moto = await startMoto();
    process.env.AWS_ENDPOINT_URL = moto.endpoint;
    process.env.AWS_ACCESS_KEY_ID = 'AKIAWATCHPOSTTEST001';
    process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-value-not-real-0001';
    process.env.AWS_REGION = 'us-east-1';
  });
  after(async () => {
    process.env = saved;
    await moto.stop();
  });

  test('a read call succeeds and is counted', async () => {
    const gw = new Gateway({ maxAttempts: 1 });
    const s = gw.defaultSession();
    const res = await s.call(OPS.getCallerIdentity, 'us-east-1', {});
    assert.equal(res.ok, true);
    assert.equal(res.ok && res.value.Account, '123456789012');
    const stats = gw.callStats();
    assert.equal(stats.calls, 1);
    assert.equal(stats.byOperation['sts:GetCallerIdentity'], 1);
  });

  test('a mutating command sent through a gateway client is refused before it is sent', async () => {
    const gw = new Gateway({ maxAttempts: 1 });
    const s = gw.defaultSession();
    const gd = s.client('guardduty', 'us-east-1') as { send: (c: unknown) => Promise<unknown> };
    await assert.rejects(
      gd.send(new CreateDetectorCommand({ Enable: true })),
      /refuses guardduty:CreateDetectorCommand/,
    );
    await assert.rejects(gd.send(new DeleteDetectorCommand({ DetectorId: 'x' })), /refuses/);
    const s3 = s.client('s3', 'us-east-1') as { send: (c: unknown) => Promise<unknown> };
    await assert.rejects(s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' })), /refuses/);
    // Nothing reached moto: no detector exists.
    const list = await s.call(OPS.listDetectors, 'us-east-1', {});
    assert.equal(list.ok && list.value.DetectorIds?.length, 0);
  });

  test('operations outside the allow-list are refused by the gateway', async () => {
    const gw = new Gateway({ maxAttempts: 1 });
    const s = gw.defaultSession();
    const forged = { ...OPS.listDetectors, command: 'CreateDetectorCommand' };
    await assert.rejects(s.call(forged, 'us-east-1', {}), /not on the allow-list/);
  });

  test('an unreachable endpoint yields a classified error, not a throw or a hang', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:1';
    try {
      const gw = new Gateway({ maxAttempts: 1, connectTimeoutMs: 500 });
      const res = await gw.defaultSession().call(OPS.listDetectors, 'eu-west-1', {});
      assert.equal(res.ok, false);
      assert.equal(!res.ok && res.error.kind, 'network');
      assert.equal(!res.ok && res.error.action, 'guardduty:ListDetectors');
    } finally {
      process.env.AWS_ENDPOINT_URL = moto.endpoint;
    }
  });

  test('stop() turns later calls into not-collected without sending them', async () => {
    const gw = new Gateway({ maxAttempts: 1 });
    gw.stop();
    const res = await gw.defaultSession().call(OPS.listDetectors, 'us-east-1', {});
    assert.equal(!res.ok && res.error.kind, 'not-collected');
  });
});

describe('error classification', () => {
  const cases: [unknown, string][] = [
    [
      {
        name: 'AccessDeniedException',
        message: 'User: arn:x is not authorized to perform: a:b',
        $metadata: { httpStatusCode: 403 },
      },
      'access-denied',
    ],
    [{ name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } }, 'access-denied'],
    [{ name: 'SubscriptionRequiredException', $metadata: { httpStatusCode: 400 } }, 'subscription-required'],
    [{ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }, 'throttled'],
    [{ name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } }, 'throttled'],
    [{ name: 'SlowDown', $metadata: { httpStatusCode: 503 } }, 'throttled'],
    [{ name: 'TimeoutError', message: 'Connection timed out after 3000 ms' }, 'timeout'],
    [{ code: 'ECONNRESET', message: 'socket hang up' }, 'network'],
    [{ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } }, 'server-error'],
    [
      { name: 'SyntaxError', message: 'Unexpected token < in JSON', $metadata: { httpStatusCode: 200 } },
      'unparseable',
    ],
    [{ name: 'OptInRequired', $metadata: { httpStatusCode: 403 } }, 'region-disabled'],
    [{ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } }, 'not-found'],
    ['weird', 'other'],
  ];
  for (const [err, kind] of cases) {
    test(`${JSON.stringify(err).slice(0, 60)} → ${kind}`, () => {
      const e = classifyError(err, 'x:Y');
      assert.equal(e.kind, kind);
      assert.equal(e.action, 'x:Y');
    });
  }
});

describe('redaction', () => {
  test('removes registered secrets and key-like strings from messages', () => {
    registerSecret('SuperSecretSessionToken123456');
    const text =
      'failed with AKIAABCDEFGHIJKLMNOP and token SuperSecretSessionToken123456 at X-Amz-Security-Token=abc&X-Amz-Signature=def aws_secret_access_key = wJalrXUtnFEMI';
    const out = redact(text);
    assert.doesNotMatch(out, /AKIAABCDEFGHIJKLMNOP|SuperSecretSessionToken123456|abc&|=def|wJalrXUtnFEMI/);
    assert.match(out, /\[REDACTED/);
  });
  test('an error message carrying a credential is redacted at classification', () => {
    const e = classifyError({ name: 'X', message: 'bad key ASIAABCDEFGHIJKLMNOP' }, 'a:B');
    assert.doesNotMatch(e.message, /ASIAABCDEFGHIJKLMNOP/);
  });
});

test('region names map to their partition', () => {
  assert.equal(partitionOfRegion('eu-west-1'), 'aws');
  assert.equal(partitionOfRegion('cn-north-1'), 'aws-cn');
  assert.equal(partitionOfRegion('us-gov-west-1'), 'aws-us-gov');
  assert.equal(partitionOfRegion('us-iso-east-1'), 'aws-iso');
});
