import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HttpRequest } from '@smithy/core/transport';
import { SignatureV4 } from '@smithy/signature-v4';
import { attachCredentials, NodeSha256, Signers, signingKey } from '../../src/aws/signer.js';

test('the signing key is the one AWS documents (kSigning of the SigV4 example)', () => {
  const key = signingKey(
    { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
    'us-east-1',
    '20120215',
    'iam',
  );
  assert.equal(
    Buffer.from(key).toString('hex'),
    'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d',
  );
});

const request = (host: string, method: string, body?: string) =>
  new HttpRequest({
    method,
    protocol: 'https:',
    hostname: host,
    path: '/detector',
    query: { maxResults: '50', nextToken: 'a/b c' },
    headers: { host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'X.Y' },
    ...(body !== undefined ? { body } : {}),
  });

test('requests are signed byte for byte as the SDK signs them, for each account, region and service', async () => {
  const accounts = [
    { accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'secret-a' },
    { accessKeyId: 'ASIABBBBBBBBBBBBBBBB', secretAccessKey: 'secret-b', sessionToken: 'token-b' },
  ];
  let current = accounts[0]!;
  const signers = new Signers(async () => current);
  const date = new Date('2026-12-01T10:00:00Z');
  for (const creds of [...accounts, ...accounts]) {
    current = creds;
    for (const [region, service] of [
      ['us-east-1', 'guardduty'],
      ['eu-west-1', 'ec2'],
      ['ap-southeast-2', 'cognito-idp'],
    ] as const) {
      const sdk = new SignatureV4({ credentials: creds, region, service, sha256: NodeSha256 });
      for (const [method, body] of [
        ['GET', undefined],
        ['POST', '{"a":1}'],
      ] as const) {
        // With the region and service given, as the SDK gives them, and without (the signer's own).
        const opts =
          method === 'GET'
            ? { signingDate: date, signingRegion: region, signingService: service }
            : { signingDate: date };
        const a = await signers
          .for(service, region)
          .sign(request(`${service}.${region}.amazonaws.com`, method, body), opts);
        const b = await sdk.sign(request(`${service}.${region}.amazonaws.com`, method, body), opts);
        assert.deepEqual(a.headers, b.headers, `${creds.accessKeyId} ${region} ${service} ${method}`);
        assert.deepEqual(Object.keys(a.headers), Object.keys(b.headers), 'header order');
        assert.match(
          String(a.headers.authorization),
          new RegExp(`Credential=${creds.accessKeyId}/20261201/${region}/${service}/aws4_request`),
        );
      }
    }
  }
});

test('the same headers, in the same order, for the request shapes the SDK sends, with attached credentials', async () => {
  const creds = { accessKeyId: 'ASIACCCCCCCCCCCCCCCC', secretAccessKey: 'secret-c', sessionToken: 'token-c' };
  const signers = new Signers(async () => {
    throw new Error('refused: no credentials attached');
  });
  // Within one second and across midnight (the dates are kept for a second), each path signed twice.
  const dates = ['2026-12-02T23:59:59.001Z', '2026-12-02T23:59:59.999Z', '2026-12-03T00:00:00.000Z'];
  const date = new Date(dates[0]!);
  const shapes: [string, () => HttpRequest][] = [
    [
      'bytes body',
      () =>
        new HttpRequest({
          ...base(),
          body: new TextEncoder().encode('Action=DescribeRegions&Version=2016-11-15'),
        }),
    ],
    [
      'view into a larger buffer',
      () => new HttpRequest({ ...base(), body: Buffer.from('xx{"a":"é"}yy').subarray(2, 12) }),
    ],
    ['empty string body', () => new HttpRequest({ ...base(), body: '' })],
    [
      'own payload hash',
      () =>
        new HttpRequest({
          ...base(),
          headers: { ...base().headers, 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' },
        }),
    ],
    [
      'folded and spaced header values, a path to normalise',
      () =>
        new HttpRequest({
          ...base(),
          path: '/a/./b/../c d/%2F/',
          headers: { ...base().headers, 'x-amz-meta': ' a \n  b\t c ' },
        }),
    ],
    ['a stream body (unsigned)', () => new HttpRequest({ ...base(), body: { pipe: () => undefined } })],
  ];
  for (const [name, make] of [...shapes, ...shapes]) {
    for (const when of dates) {
      const sdk = new SignatureV4({
        credentials: creds,
        region: 'eu-west-1',
        service: 'ec2',
        sha256: NodeSha256,
      });
      const toSign = make();
      attachCredentials(toSign, creds);
      const opts = { signingDate: new Date(when), unsignableHeaders: new Set(['x-amz-meta']) };
      const a = (await signers.for('ec2', 'eu-west-1').sign(toSign, opts)) as HttpRequest;
      const b = await sdk.sign(make(), opts);
      assert.deepEqual(a.headers, b.headers, name);
      assert.deepEqual(Object.keys(a.headers), Object.keys(b.headers), `${name}: header order`);
      assert.equal(a.path, b.path, name);
    }
  }
  // Without attached credentials the signer's own provider answers (the gateway makes it refuse).
  await assert.rejects(
    signers.for('ec2', 'eu-west-1').sign(new HttpRequest(base()), { signingDate: date }),
    /refused/,
  );
});

function base() {
  return {
    method: 'POST',
    protocol: 'https:',
    hostname: 'ec2.eu-west-1.amazonaws.com',
    path: '/',
    headers: { host: 'ec2.eu-west-1.amazonaws.com', 'content-type': 'application/x-www-form-urlencoded' },
  };
}
