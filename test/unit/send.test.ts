import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { CloudFrontClient, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSubscriptionStateCommand, ShieldClient } from '@aws-sdk/client-shield';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { plannedMiddleware, type SdkClient, sendCommand } from '../../src/aws/send.js';

// The planned path (send.ts) must send what the SDK's own send() sends and read what it reads: this server
// records every request and answers each protocol with a canned body.
const EC2 =
  '<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><reservationSet><item><reservationId>r-1</reservationId><instancesSet><item><instanceId>i-1</instanceId></item></instancesSet></item></reservationSet></DescribeInstancesResponse>';
const STS =
  '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/x</Arn><UserId>AIDA</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>';
const S3 =
  '<ListAllMyBucketsResult><Buckets><Bucket><Name>b1</Name><CreationDate>2026-01-01T00:00:00Z</CreationDate></Bucket></Buckets><Owner><ID>o</ID></Owner></ListAllMyBucketsResult>';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Headers that differ between two sends of the same request (ids, time, the signature over them). */
function comparable(s: Seen): Seen {
  const { 'amz-sdk-invocation-id': _id, 'x-amz-date': _date, authorization, ...headers } = s.headers;
  const auth = String(authorization)
    .replace(/\/\d{8}\//, '/DATE/')
    .replace(/Signature=\w+/, 'Signature=…');
  return { ...s, headers: { ...headers, authorization: auth } };
}

describe('commands sent with their middleware planned once per client and command', () => {
  let server: Server;
  let endpoint = '';
  const seen: Seen[] = [];
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += String(c);
      });
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        const target = String(req.headers['x-amz-target'] ?? '');
        if (target.endsWith('DescribeTrails')) {
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
          res.end('{"trailList":[{"Name":"t","IsMultiRegionTrail":true}]}');
        } else if (req.url?.startsWith('/detector/')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            '{"status":"ENABLED","serviceRole":"r","createdAt":"x","features":[{"name":"S3_DATA_EVENTS","status":"ENABLED"}]}',
          );
        } else if (req.url?.startsWith('/detector')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"detectorIds":["d1","d2"],"nextToken":"n"}');
        } else if (body.includes('Action=DescribeInstances')) {
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.end(EC2);
        } else if (body.includes('Action=GetCallerIdentity')) {
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.end(STS);
        } else {
          res.writeHead(200, { 'content-type': 'application/xml' });
          res.end(S3);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const config = () => ({
    region: 'eu-west-1',
    endpoint,
    credentials: { accessKeyId: 'AKIDWATCHPOSTSEND', secretAccessKey: 'not-a-secret', sessionToken: 'tok' },
    maxAttempts: 1,
  });
  const cases = [
    {
      name: 'rest-json',
      make: () => new GuardDutyClient(config()),
      cmd: () => new ListDetectorsCommand({ MaxResults: 5 }),
    },
    {
      name: 'rest-json path',
      make: () => new GuardDutyClient(config()),
      cmd: () => new GetDetectorCommand({ DetectorId: 'd1' }),
    },
    {
      name: 'json',
      make: () => new CloudTrailClient(config()),
      cmd: () => new DescribeTrailsCommand({ includeShadowTrails: true }),
    },
    {
      name: 'ec2',
      make: () => new EC2Client(config()),
      cmd: () => new DescribeInstancesCommand({ MaxResults: 5 }),
    },
    { name: 'query', make: () => new STSClient(config()), cmd: () => new GetCallerIdentityCommand({}) },
    {
      name: 'rest-xml',
      make: () => new S3Client({ ...config(), forcePathStyle: true }),
      cmd: () => new ListBucketsCommand({}),
    },
  ];

  for (const c of cases) {
    test(`${c.name}: the same request and the same answer as the SDK's send`, async () => {
      const sdk = c.make() as unknown as SdkClient;
      const ours = c.make() as unknown as SdkClient;
      seen.length = 0;
      const expected = (await sdk.send(c.cmd())) as Record<string, unknown>;
      const sdkRequest = comparable(seen[0]!);
      // The first send takes the SDK's path and plans; the next ones run the plan.
      for (let i = 0; i < 3; i++) {
        seen.length = 0;
        const got = (await sendCommand(ours, c.cmd())) as Record<string, unknown>;
        assert.equal(seen.length, 1);
        assert.deepEqual(comparable(seen[0]!), sdkRequest, `request ${i + 1}`);
        const { $metadata: _a, ...value } = got;
        const { $metadata: _b, ...want } = expected;
        assert.deepEqual(value, want, `answer ${i + 1}`);
      }
      const cmd = c.cmd();
      const planned = plannedMiddleware(ours, cmd.constructor);
      assert.ok(planned && planned.length > 10, 'planned');
      // The SDK's own order of the same middleware (what its resolve() logs when asked to identify it).
      const logged: string[][] = [];
      const log = console.log;
      console.log = (x: string[]) => logged.push(x);
      try {
        sdk.middlewareStack.identifyOnResolve(true);
        await sdk.send(cmd);
      } finally {
        console.log = log;
        sdk.middlewareStack.identifyOnResolve(false);
      }
      const names = logged[0]!.map((line) => line.replace(/ \(a\.k\.a\. .*$| - .*$/, ''));
      assert.deepEqual(
        planned,
        names.map((n) => (n === 'anonymous' ? '?' : n)),
      );
    });
  }

  test("AWS's own endpoints (resolved once per client and command): the host and signing scope the SDK gives", async () => {
    // Global services answer from one region (CloudFront and Shield sign for us-east-1 from any region):
    // the endpoint rules set the signing region, which the planned endpoint must pass on as the SDK does.
    // The request is stopped once signed; nothing is sent.
    const cases = [
      {
        make: (r: string) => new CloudFrontClient({ region: r }),
        cmd: () => new ListDistributionsCommand({}),
      },
      {
        make: (r: string) => new ShieldClient({ region: r }),
        cmd: () => new GetSubscriptionStateCommand({}),
      },
      { make: (r: string) => new GuardDutyClient({ region: r }), cmd: () => new ListDetectorsCommand({}) },
      { make: (r: string) => new STSClient({ region: r }), cmd: () => new GetCallerIdentityCommand({}) },
    ];
    const saved = process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL;
    after(() => {
      if (saved !== undefined) process.env.AWS_ENDPOINT_URL = saved;
    });
    const signedWith = async (send: () => Promise<unknown>) => {
      const err = await send().then(
        () => null,
        (e: Error & { signed?: string }) => e,
      );
      assert.ok(err?.signed, `stopped after signing (${err?.message})`);
      return err.signed;
    };
    for (const c of cases) {
      for (const region of ['eu-west-1', 'ap-southeast-2']) {
        const make = () => {
          const client = c.make(region) as unknown as SdkClient & { config: { credentials: unknown } };
          Object.assign(client.config, {
            credentials: async () => ({ accessKeyId: 'AKIDWATCHPOSTEP', secretAccessKey: 'x' }),
          });
          client.middlewareStack.addRelativeTo(
            (() =>
              async (args: {
                request: { hostname: string; path: string; headers: Record<string, string> };
              }) => {
                const scope = /Credential=[^/]+\/\d+\/([^,]+),/.exec(
                  args.request.headers.authorization ?? '',
                )?.[1];
                throw Object.assign(new Error('stop'), {
                  signed: `${args.request.hostname}${args.request.path} ${scope}`,
                });
              }) as never,
            { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'stopWhenSigned' } as never,
          );
          return client;
        };
        const sdk = make();
        const ours = make();
        const want = await signedWith(() => sdk.send(c.cmd()));
        if (c.make === cases[0]!.make)
          assert.match(want, /^cloudfront\.amazonaws\.com\/.* us-east-1\/cloudfront\//);
        for (let i = 0; i < 3; i++) {
          assert.equal(await signedWith(() => sendCommand(ours, c.cmd())), want, `${region} ${i}`);
        }
      }
    }
  });

  test('in AWS Lambda the trace header goes with every planned send, as with the SDK; elsewhere none does', async () => {
    // Outside Lambda the plan leaves the SDK's recursion-detection middleware out (send.ts): it adds nothing there.
    const trace = 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1';
    const traceOf = (s: Seen) => s.headers['x-amzn-trace-id'];
    const saved = { name: process.env.AWS_LAMBDA_FUNCTION_NAME, trace: process.env._X_AMZN_TRACE_ID };
    try {
      process.env._X_AMZN_TRACE_ID = trace;
      delete process.env.AWS_LAMBDA_FUNCTION_NAME;
      const outside = new GuardDutyClient(config()) as unknown as SdkClient;
      for (let i = 0; i < 2; i++) {
        seen.length = 0;
        await sendCommand(outside, new ListDetectorsCommand({}));
        assert.equal(traceOf(seen[0]!), undefined, `outside Lambda, send ${i + 1}`);
      }
      assert.ok(plannedMiddleware(outside, ListDetectorsCommand), 'planned');
      process.env.AWS_LAMBDA_FUNCTION_NAME = 'watchpost-scan';
      const sdk = new GuardDutyClient(config()) as unknown as SdkClient;
      seen.length = 0;
      await sdk.send(new ListDetectorsCommand({}));
      assert.equal(traceOf(seen[0]!), trace, "the SDK's send in Lambda");
      const inside = new GuardDutyClient(config()) as unknown as SdkClient;
      for (let i = 0; i < 3; i++) {
        seen.length = 0;
        await sendCommand(inside, new ListDetectorsCommand({}));
        assert.equal(traceOf(seen[0]!), trace, `in Lambda, send ${i + 1}`);
      }
      assert.ok(plannedMiddleware(inside, ListDetectorsCommand), 'planned');
    } finally {
      for (const [key, value] of [
        ['AWS_LAMBDA_FUNCTION_NAME', saved.name],
        ['_X_AMZN_TRACE_ID', saved.trace],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  test('each send gets its own context: concurrent sends do not share per-request state', async () => {
    const ours = new GuardDutyClient(config()) as unknown as SdkClient;
    const contexts = new Set<object>();
    ours.middlewareStack.add(
      ((next: (a: unknown) => Promise<unknown>, context: object) => async (args: unknown) => {
        contexts.add(context);
        return next(args);
      }) as never,
      { step: 'initialize', name: 'probeContext' } as never,
    );
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => sendCommand(ours, new GetDetectorCommand({ DetectorId: `d${i}` }))),
    );
    assert.equal(contexts.size, 8);
  });
});
