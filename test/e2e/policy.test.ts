/**
 * End to end, with IAM enforcement on in moto: a principal holding exactly the policy `watchpost policy --json`
 * prints scans the `mixedRegions` scenario, and the result is the same as without enforcement; with one action
 * removed, exactly the cells that need it become `unknown` naming it.
 *
 * How moto enforces (moto 5.2.1, core/authorization.py, iam/access_control.py): after
 * `POST /moto-api/reset-auth` with body `0`, every request must carry the access key of an IAM user that
 * moto knows, with a valid SigV4 signature, and the user's policies must allow `<signing name>:<Operation>`.
 *
 * Why this test does not use the emulator proxy: the proxy rewrites the Host header, so moto's signature check
 * fails (SignatureDoesNotMatch), and its gap fills send unsigned requests of their own. Instead a small relay
 * (below) forwards to moto with every header unchanged and only reshapes moto's denials: moto answers a
 * denial with an XML body even for JSON-protocol services, where AWS answers JSON `AccessDeniedException`.
 * Without the proxy's gap fills, the cells moto cannot serve (Trusted Advisor summaries, Shield, Macie's
 * timestamps, Inspector's omitted accounts) are `unknown` for reasons that have nothing to do with IAM, in
 * the enforced and in the unenforced run alike; the test compares the two runs cell by cell.
 *
 * What moto cannot prove: it names REST API actions by operation (`apigateway:GetRestApis`), where AWS
 * authorizes `apigateway:GET` on the path. The test principal therefore also gets moto's names for our two
 * API Gateway reads (a translation, not an extra permission), and for S3 GetBucketPolicyStatus, which moto
 * does not implement and authorizes as `s3:ListBucket`. `sts:GetCallerIdentity` is always allowed by
 * moto, as by AWS. The per-operation probe below reports, in the test output, which actions moto enforced.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Result, ResultsSchema } from '../../src/evidence/schema.js';
import { cliBuilt, runCli, tempDir } from '../support/cli.js';
import { type Emulator, startAwsEmulator } from '../support/proxy.js';
import { mixedRegions, seedScenario } from '../support/seed.js';
import { changed, keyOf, REGIONS } from './helpers.js';

const skip = cliBuilt() ? false : 'dist/cli/bin.js is missing: run `npm run build` first';

/** Services whose wire protocol is XML (query or REST-XML): their denials need no reshaping. */
const XML_SERVICES = new Set(['ec2', 'sts', 'iam', 'elasticloadbalancing', 's3', 'cloudfront']);
/** moto's names for the REST reads AWS authorizes as `apigateway:GET`. */
/**
 * The actions moto refuses in a scan by a principal without policies: the first read behind every cell (the
 * reads that follow them are never reached). moto enforces each of them; with the full policy none is denied.
 */
const ENFORCED_IN_SCAN = [
  'apigateway:GET',
  'appsync:ListGraphqlApis',
  'cloudfront:ListDistributions',
  'cloudtrail:DescribeTrails',
  'cognito-idp:ListUserPools',
  'ec2:DescribeVerifiedAccessInstances',
  'elasticloadbalancing:DescribeLoadBalancers',
  'guardduty:ListDetectors',
  'inspector2:BatchGetAccountStatus',
  'macie2:GetMacieSession',
  // cloudtrail.data-events asks the bucket inventory first (relevance first), so it names this read
  's3:ListAllMyBuckets',
  'shield:GetSubscriptionState',
];
const MOTO_API_GATEWAY_NAMES = ['apigateway:GetRestApis', 'apigateway:GetStages'];
/**
 * moto 5.2.1 does not implement S3 GetBucketPolicyStatus: it reads `GET /bucket?policyStatus` as a listing
 * of the bucket and authorizes it as `s3:ListBucket` (its ACTION_MAP default). Its name for our read.
 */
const MOTO_GET_BUCKET_POLICY_STATUS = 's3:ListBucket';

interface Relay {
  endpoint: string;
  close(): Promise<void>;
}

/** Forwards to moto byte for byte (Host included, so signatures verify); reshapes XML denials of JSON services. */
async function startRelay(motoEndpoint: string): Promise<Relay> {
  const target = new URL(motoEndpoint);
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(
        String(req.headers.authorization ?? ''),
      )?.[1];
      const up = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (resp) => {
          const chunks: Buffer[] = [];
          resp.on('data', (d: Buffer) => chunks.push(d));
          resp.on('end', () => {
            let out = Buffer.concat(chunks);
            const headers = { ...resp.headers };
            const status = resp.statusCode ?? 502;
            const text = out.toString('utf8');
            if (status >= 400 && service && !XML_SERVICES.has(service) && text.trimStart().startsWith('<')) {
              const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? 'UnknownError';
              const type = code === 'AccessDenied' ? 'AccessDeniedException' : code;
              const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? '';
              out = Buffer.from(JSON.stringify({ __type: type, message }));
              headers['content-type'] = 'application/json';
              headers['x-amzn-errortype'] = type;
            }
            delete headers['transfer-encoding'];
            headers['content-length'] = String(out.length);
            res.writeHead(status, headers);
            res.end(out);
          });
        },
      );
      up.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      up.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** One IAM query call to moto (made while enforcement is still off). */
async function iam(motoEndpoint: string, params: Record<string, string>): Promise<string> {
  const res = await fetch(motoEndpoint, {
    method: 'POST',
    body: new URLSearchParams({ ...params, Version: '2010-05-08' }).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
    },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`iam ${params.Action}: ${res.status} ${text}`);
  return text;
}

interface Keys {
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
}

/** Creates an IAM user holding exactly `document` (or nothing) and returns its access key. */
async function userWith(motoEndpoint: string, name: string, document: object | null): Promise<Keys> {
  await iam(motoEndpoint, { Action: 'CreateUser', UserName: name });
  if (document) {
    await iam(motoEndpoint, {
      Action: 'PutUserPolicy',
      UserName: name,
      PolicyName: 'watchpost',
      PolicyDocument: JSON.stringify(document),
    });
  }
  const xml = await iam(motoEndpoint, { Action: 'CreateAccessKey', UserName: name });
  const id = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(xml)?.[1];
  const secret = /<SecretAccessKey>([^<]+)<\/SecretAccessKey>/.exec(xml)?.[1];
  assert.ok(id && secret, 'CreateAccessKey answered keys');
  return { AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret };
}

interface PolicyDoc {
  Version: string;
  Statement: { Sid?: string; Effect: string; Action: string[]; Resource: string }[];
}

/** The policy with moto's names for our API Gateway reads added (see the file comment), minus `drop`. */
function forMoto(policy: PolicyDoc, drop: string[] = []): PolicyDoc {
  const statements = policy.Statement.map((s) => ({
    ...s,
    Action: s.Action.filter((a) => !drop.includes(a)),
  }));
  return {
    Version: policy.Version,
    Statement: [
      ...statements,
      { Sid: 'MotoNamesForApiGatewayGet', Effect: 'Allow', Action: MOTO_API_GATEWAY_NAMES, Resource: '*' },
      ...(drop.includes('s3:GetBucketPolicyStatus')
        ? []
        : [
            {
              Sid: 'MotoNameForGetBucketPolicyStatus',
              Effect: 'Allow',
              Action: [MOTO_GET_BUCKET_POLICY_STATUS],
              Resource: '*',
            },
          ]),
    ],
  };
}

async function scanAs(
  endpoint: string,
  keys: Keys | null,
): Promise<{ code: number; stderr: string; results: Result[] }> {
  const out = tempDir();
  const run = await runCli(
    ['scan', '--regions', REGIONS.join(','), '--out', out, '--force', '--quiet', '--max-attempts', '1'],
    { AWS_ENDPOINT_URL: endpoint, ...(keys ?? {}) },
  );
  let results: Result[] = [];
  try {
    results = ResultsSchema.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
  } catch (err) {
    throw new Error(`scan gave no readable results.json (exit ${run.code}): ${String(err)}\n${run.stderr}`);
  }
  return { code: run.code, stderr: run.stderr, results };
}

describe('e2e: least-privilege policy under moto IAM enforcement', { skip }, () => {
  let emu: Emulator;
  let relay: Relay;
  let policy: PolicyDoc;
  let keys: { full: Keys; noListDetectors: Keys; nobody: Keys };
  let unenforced: Result[];
  let enforced: Awaited<ReturnType<typeof scanAs>>;
  let withoutListDetectors: Awaited<ReturnType<typeof scanAs>>;

  before(async () => {
    emu = await startAwsEmulator();
    await seedScenario(emu, mixedRegions);
    relay = await startRelay(emu.motoEndpoint);
    const printed = await runCli(['policy', '--json'], {});
    assert.equal(printed.code, 0, printed.stderr);
    policy = JSON.parse(printed.stdout) as PolicyDoc;
    keys = {
      full: await userWith(emu.motoEndpoint, 'watchpost-auditor', forMoto(policy)),
      noListDetectors: await userWith(
        emu.motoEndpoint,
        'watchpost-no-listdetectors',
        forMoto(policy, ['guardduty:ListDetectors']),
      ),
      nobody: await userWith(emu.motoEndpoint, 'watchpost-nobody', null),
    };
    unenforced = (await scanAs(relay.endpoint, null)).results;
    const res = await fetch(`${emu.motoEndpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
    assert.equal(res.status, 200, 'moto accepted reset-auth');
    enforced = await scanAs(relay.endpoint, keys.full);
    withoutListDetectors = await scanAs(relay.endpoint, keys.noListDetectors);
  });
  after(async () => {
    await relay?.close();
    await emu?.stop();
  });

  test('`policy --json` is exactly one Allow statement over the allow-list, on any resource', () => {
    assert.equal(policy.Statement.length, 1);
    assert.equal(policy.Statement[0]?.Effect, 'Allow');
    assert.equal(policy.Statement[0]?.Resource, '*');
    assert.ok(policy.Statement[0]?.Action.includes('guardduty:ListDetectors'));
  });

  test('enforcement is on: a principal without policies is denied', async () => {
    const run = await scanAs(relay.endpoint, keys.nobody);
    const denied = run.results.filter((r) => r.cause?.kind === 'access-denied');
    const actions = [...new Set(denied.map((r) => r.cause?.action ?? ''))].sort();
    console.log(`IAM-enforced scan without policies: denied actions ${actions.join(', ')}`);
    assert.deepEqual(actions, ENFORCED_IN_SCAN);
    // Nothing can be judged without reads, and every unknown says it was a denial.
    for (const r of run.results) {
      assert.equal(r.status, 'unknown', keyOf(r));
      // moto has no Trusted Advisor API (no relay fill here): that call fails for a reason of its own and
      // the cause is its failure, naming the Support API's denial that followed.
      if (r.checkId === 'trustedadvisor.security-checks') {
        assert.match(r.cause?.message ?? '', /AccessDeniedException on support:DescribeTrustedAdvisorChecks/);
        continue;
      }
      // moto has no App Runner and no Amplify (the proxy's fills are not used here): their listings fail
      // for that reason, enforced or not (the two runs are compared cell by cell below).
      if (r.checkId === 'waf.app-runner' || r.checkId === 'waf.amplify') {
        assert.equal(
          r.cause?.action,
          r.checkId === 'waf.amplify' ? 'amplify:ListApps' : 'apprunner:ListServices',
        );
        continue;
      }
      assert.equal(r.cause?.kind, 'access-denied', keyOf(r));
    }
  });

  test('with exactly the policy, no cell is denied and every cell matches the unenforced scan', () => {
    assert.ok(enforced.results.length > 0);
    const denied = enforced.results.filter((r) => r.cause?.kind === 'access-denied');
    assert.deepEqual(
      denied.map((r) => `${keyOf(r)} ${r.cause?.action}`),
      [],
      'no access-denied anywhere',
    );
    assert.deepEqual(changed(unenforced, enforced.results), []);
    // Cells that moto can judge: the ones proving the policy suffices (the rest are moto gaps, see above).
    const judged = enforced.results.filter((r) => r.status !== 'unknown');
    const services = [...new Set(judged.map((r) => r.service))].sort();
    console.log(`IAM-enforced scan: ${judged.length} judged cells, services ${services.join(', ')}`);
    for (const s of ['cloudtrail', 'guardduty', 'waf']) assert.ok(services.includes(s as never), s);
  });

  test('without guardduty:ListDetectors exactly the guardduty cells are unknown, naming that action', () => {
    const diff = changed(enforced.results, withoutListDetectors.results);
    const gd = enforced.results
      .filter((r) => r.service === 'guardduty')
      .map(keyOf)
      .sort();
    assert.ok(gd.length >= REGIONS.length, 'guardduty cells exist');
    assert.deepEqual(
      diff,
      gd.filter((k) => enforced.results.find((r) => keyOf(r) === k)?.status !== 'unknown'),
    );
    for (const r of withoutListDetectors.results) {
      if (r.service === 'guardduty') {
        assert.equal(r.status, 'unknown', keyOf(r));
        assert.equal(r.cause?.kind, 'access-denied', keyOf(r));
        assert.equal(r.cause?.action, 'guardduty:ListDetectors', keyOf(r));
        assert.match(r.cause?.message ?? '', /guardduty:ListDetectors/);
      } else {
        assert.notEqual(r.cause?.kind, 'access-denied', keyOf(r));
      }
    }
  });
});
