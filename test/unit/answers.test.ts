/**
 * Hollow answers (issue 10): every operation's 200 answer is checked against the protocol and against the
 * operation's answer rule (src/aws/answers.ts, src/services/<service>/operations.ts) before it becomes evidence. Through the
 * real gateway and SDK against a local server: empty bodies, HTML pages, the protocol's empty document and
 * wrongly typed fields are `unparseable` errors naming the operation in plain words; only the answers AWS
 * documents as "none" pass. Also: pagination never returns a partial list as complete.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import * as z from 'zod';
import { answerProblem, bodyProblem } from '../../src/aws/answers.js';
import { AwsSession, type Gateway, Gateway as RealGateway } from '../../src/aws/gateway.js';
import type { Observed } from '../../src/evidence/observed.js';
import { CAPTIVE_PORTAL } from '../support/hollow.js';
import { OPS, type Operation } from '../support/operations.js';

type Op = Operation<unknown, unknown>;
type OpKey = keyof typeof OPS;

/** Words of a JavaScript or SDK error message: never part of a cause. */
export const JS_WORDS =
  /is not a function|Cannot read prop|undefined|TypeError|SyntaxError|Unexpected token|Deserialization|\$response|\bat .+:\d+:\d+/;

/** Inputs the SDK needs to build each request (required members). */
const INPUTS: Partial<Record<OpKey, unknown>> = {
  assumeRole: { RoleArn: 'arn:aws:iam::123456789012:role/x', RoleSessionName: 'x' },
  getTrailStatus: { Name: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/t' },
  getEventSelectors: { TrailName: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/t' },
  describeTrustedAdvisorChecks: { language: 'en' },
  describeTrustedAdvisorCheckSummaries: { checkIds: ['a'] },
  batchGetAccountStatus: { accountIds: ['123456789012'] },
  getBucketLocation: { Bucket: 'b' },
  getBucketPolicyStatus: { Bucket: 'b' },
  getEventDataStore: { EventDataStore: 'arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/e' },
  getDetector: { DetectorId: 'd' },
  getGuardDutyAdministrator: { DetectorId: 'd' },
  listGuardDutyMembers: { DetectorId: 'd' },
  getGuardDutyUsage: { DetectorId: 'd', UsageStatisticType: 'SUM_BY_ACCOUNT', UsageCriteria: {} },
  getMacieUsage: { timeRange: 'PAST_30_DAYS' },
  describeOrganizationConfiguration: { DetectorId: 'd' },
  getMalwareProtectionPlan: { MalwareProtectionPlanId: 'p' },
  getStages: { restApiId: 'a' },
  getWebAclForResource: {
    ResourceArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1',
  },
  listUserPools: { MaxResults: 60 },
  describeAppRunnerService: {
    ServiceArn: 'arn:aws:apprunner:us-east-1:123456789012:service/s/0123456789abcdef0123456789abcdef',
  },
  listDelegatedAdministrators: { ServicePrincipal: 'inspector2.amazonaws.com' },
};

/** The protocol's empty document for an operation: `{}`, or its XML root with nothing in it. */
function emptyDocument(op: Op): string {
  switch (op.protocol) {
    case 'json':
    case 'rest-json':
      return '{}';
    case 'query':
      return `<?xml version="1.0"?><${op.root} xmlns="https://example.invalid/"><${op.name}Result/><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${op.root}>`;
    case 'ec2':
      return `<?xml version="1.0"?><${op.root} xmlns="https://example.invalid/"><requestId>r</requestId></${op.root}>`;
    default:
      return `<?xml version="1.0"?><${op.root} xmlns="https://example.invalid/"/>`;
  }
}

/** A value of the wrong type for a field of a rule (a list for text, text for a list, …). */
function wrongFor(schema: z.ZodType): unknown {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  if (s instanceof z.ZodArray) return 'x';
  if (s instanceof z.ZodObject) return 42;
  if (s instanceof z.ZodString) return 42;
  if (s instanceof z.ZodBoolean) return 'x';
  if (s instanceof z.ZodNumber) return 'x';
  if (s instanceof z.ZodDate) return [1];
  return { x: 1 };
}

/** Every field of a JSON operation's rule, each of the wrong type. */
function mistyped(op: Op): string {
  const out: Record<string, unknown> = {};
  for (const [k, schema] of Object.entries(op.answer.fields)) out[k] = wrongFor(schema as z.ZodType);
  // The SDK maps some wire names to other member names (GuardDuty detectorIds → DetectorIds, API Gateway
  // item → items): send both spellings.
  for (const [k, v] of Object.entries({ ...out })) {
    out[k.charAt(0).toLowerCase() + k.slice(1)] = v;
    if (k === 'items') out.item = v;
  }
  return JSON.stringify(out);
}

/** Answers of a kind AWS documents as "none" (accepted, never an error). */
const DOCUMENTED_NONE = new Set<string>([
  'document:getWebAclForResource', // WAF: a null WebACL when none is associated
  'document:getMacieAdministrator', // Macie: `{}` for an account without an administrator
  'document:getGuardDutyAdministrator', // evidence only: read when present
  'document:getInspectorConfiguration', // evidence only: every member optional (scan mode "not reported")
  'document:getBucketLocation', // S3: an empty LocationConstraint is us-east-1
]);

describe('hollow answers through the gateway and the SDK', () => {
  let server: Server;
  let body = '';
  let type = 'application/json';
  let status = 200;
  const saved = { ...process.env };
  let gateway: RealGateway;

  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)) });
        res.end(body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.AWS_ACCESS_KEY_ID = 'AKIAWATCHPOSTTEST001';
    process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-value-not-real-0001';
    gateway = new RealGateway({ maxAttempts: 1 });
  });
  after(async () => {
    process.env = saved;
    await new Promise<void>((r) => server.close(() => r()));
  });

  const call = async (key: OpKey, answer: string, contentType: string): Promise<Observed<unknown>> => {
    body = answer;
    type = contentType;
    const op = OPS[key] as Op;
    return gateway.defaultSession().call(op, 'us-east-1', (INPUTS[key] ?? {}) as never);
  };

  const kinds: [string, (op: Op) => string | null, string][] = [
    ['empty', () => '', 'application/json'],
    ['html', () => CAPTIVE_PORTAL, 'text/html'],
    ['document', emptyDocument, 'text/xml'],
    [
      'types',
      (op) => (op.protocol === 'json' || op.protocol === 'rest-json' ? mistyped(op) : null),
      'application/json',
    ],
  ];
  for (const [kind, make, contentType] of kinds) {
    test(`every operation × ${kind}: unknown naming the operation, in plain words`, async () => {
      const wrong: string[] = [];
      for (const key of Object.keys(OPS) as OpKey[]) {
        const op = OPS[key] as Op;
        const answer = make(op);
        if (answer === null) continue;
        const res = await call(key, answer, contentType);
        if (DOCUMENTED_NONE.has(`${kind}:${key}`)) {
          if (!res.ok) wrong.push(`${key}: documented "none" refused: ${res.error.message}`);
          continue;
        }
        if (res.ok) {
          wrong.push(`${key}: accepted ${JSON.stringify(res.value).slice(0, 120)}`);
          continue;
        }
        const e = res.error;
        if (e.kind !== 'unparseable') wrong.push(`${key}: kind ${e.kind} (${e.code})`);
        if (e.action !== op.iamAction) wrong.push(`${key}: action ${e.action}`);
        if (!e.message.startsWith(`${op.name} answered `)) wrong.push(`${key}: message "${e.message}"`);
        if (JS_WORDS.test(e.message)) wrong.push(`${key}: JavaScript words in "${e.message}"`);
      }
      assert.deepEqual(wrong, []);
    });
  }

  test('a 200 the SDK cannot read (XML cut short) is unparseable with a plain message', async () => {
    const res = await call(
      'describeLoadBalancers',
      '<?xml version="1.0"?><DescribeLoadBalancersResponse><DescribeLoadBalancersResult><LoadBalancers><member><LoadBa',
      'text/xml',
    );
    assert.equal(res.ok, false);
    if (!res.ok) {
      assert.equal(res.error.kind, 'unparseable');
      assert.equal(res.error.action, 'elasticloadbalancing:DescribeLoadBalancers');
      assert.match(res.error.message, /^DescribeLoadBalancers answered /);
      assert.doesNotMatch(res.error.message, JS_WORDS);
    }
  });

  test('a list element holding text is refused (the SDK would read it as an empty list)', async () => {
    const res = await call(
      'describeLoadBalancers',
      '<DescribeLoadBalancersResponse><DescribeLoadBalancersResult><LoadBalancers>none</LoadBalancers></DescribeLoadBalancersResult></DescribeLoadBalancersResponse>',
      'text/xml',
    );
    assert.equal(
      !res.ok && res.error.message,
      'DescribeLoadBalancers answered HTTP 200 with text where the list <LoadBalancers> belongs',
    );
  });

  test('a text element holding an element is refused (the SDK would read it as absent: us-east-1)', async () => {
    const res = await call(
      'getBucketLocation',
      '<LocationConstraint xmlns="x"><x/></LocationConstraint>',
      'application/xml',
    );
    assert.equal(
      !res.ok && res.error.message,
      'GetBucketLocation answered HTTP 200 with an element where the text of <LocationConstraint> belongs',
    );
  });

  test('an error status whose body is not an AWS error keeps its kind, with a plain message', async () => {
    status = 500;
    try {
      for (const key of ['listDetectors', 'describeTrails', 'describeLoadBalancers'] as OpKey[]) {
        const res = await call(key, 'proxy error: upstream went away', 'text/plain');
        assert.equal(res.ok, false);
        if (res.ok) continue;
        assert.equal(res.error.kind, 'server-error', key);
        assert.equal(res.error.action, (OPS[key] as Op).iamAction);
        assert.doesNotMatch(res.error.message, JS_WORDS, key);
        assert.doesNotMatch(res.error.code, /SyntaxError/, key);
      }
    } finally {
      status = 200;
    }
  });

  test('good answers pass unchanged, empty lists included', async () => {
    const elb = await call(
      'describeLoadBalancers',
      '<DescribeLoadBalancersResponse xmlns="x"><DescribeLoadBalancersResult><LoadBalancers/></DescribeLoadBalancersResult></DescribeLoadBalancersResponse>',
      'text/xml',
    );
    assert.deepEqual(elb.ok && (elb.value as { LoadBalancers: unknown[] }).LoadBalancers, []);
    const gd = await call('listDetectors', '{"detectorIds":[]}', 'application/json');
    assert.deepEqual(gd.ok && (gd.value as { DetectorIds: unknown[] }).DetectorIds, []);
    const cf = await call(
      'listDistributions',
      '<DistributionList xmlns="x"><Marker></Marker><MaxItems>100</MaxItems><IsTruncated>false</IsTruncated><Quantity>0</Quantity></DistributionList>',
      'text/xml',
    );
    assert.equal(cf.ok, true, JSON.stringify(cf));
    const waf = await call('getWebAclForResource', '{"WebACL":null}', 'application/x-amz-json-1.1');
    assert.equal(waf.ok, true);
    const us = await call('getBucketLocation', '<LocationConstraint xmlns="x"/>', 'application/xml');
    assert.equal(us.ok, true);
  });
});

describe('answer rules', () => {
  test('messages say what is missing or of the wrong type, with its place', () => {
    assert.equal(answerProblem(OPS.listDetectors.answer, {}), 'without DetectorIds');
    assert.equal(
      answerProblem(OPS.listDetectors.answer, { DetectorIds: 5 }),
      'with DetectorIds as a number where a list belongs',
    );
    assert.equal(
      answerProblem(OPS.batchGetAccountStatus.answer, { accounts: { a: 1 } }),
      'with accounts as an object where a list belongs',
    );
    assert.equal(
      answerProblem(OPS.describeTrails.answer, { trailList: [{ TrailARN: 'a', IsMultiRegionTrail: 'yes' }] }),
      'with trailList[0].IsMultiRegionTrail as text where true/false belongs',
    );
    assert.equal(answerProblem(OPS.listDetectors.answer, null), 'with null where an object belongs');
  });

  test('documented absences are accepted; present, they must have their type', () => {
    assert.equal(answerProblem(OPS.getWebAclForResource.answer, {}), null);
    assert.equal(answerProblem(OPS.getWebAclForResource.answer, { WebACL: null }), null);
    assert.equal(
      answerProblem(OPS.getWebAclForResource.answer, { WebACL: 'x' }),
      'with WebACL as text where an object belongs',
    );
    assert.equal(answerProblem(OPS.getWebAclForResource.answer, { WebACL: {} }), 'without WebACL.ARN');
  });

  test('CloudFront: Quantity tells "none" from a hollow list', () => {
    const list = (d: Record<string, unknown>) => ({ DistributionList: { IsTruncated: false, ...d } });
    assert.equal(answerProblem(OPS.listDistributions.answer, list({ Quantity: 0 })), null);
    assert.equal(
      answerProblem(OPS.listDistributions.answer, list({ Quantity: 2 })),
      'with Quantity 2 but no Items',
    );
    assert.equal(
      answerProblem(
        OPS.listDistributions.answer,
        list({ Quantity: 1, Items: [{ Id: 'E1', ARN: 'a', DomainName: 'd' }] }),
      ),
      'without DistributionList.Items[0].WebACLId',
    );
    assert.equal(
      answerProblem(
        OPS.listDistributions.answer,
        list({
          Quantity: 1,
          IsTruncated: true,
          Items: [{ Id: 'E1', ARN: 'a', DomainName: 'd', WebACLId: '' }],
        }),
      ),
      'with IsTruncated but no NextMarker',
    );
  });

  test('CloudTrail event selectors: the list in use must be there', () => {
    const arn = { TrailARN: 'arn:aws:cloudtrail:us-east-1:1:trail/t' };
    const rule = OPS.getEventSelectors.answer;
    assert.equal(answerProblem(rule, arn), 'without EventSelectors or AdvancedEventSelectors');
    assert.equal(
      answerProblem(rule, { ...arn, AdvancedEventSelectors: [] }),
      'with only an empty AdvancedEventSelectors',
    );
    assert.equal(answerProblem(rule, { ...arn, EventSelectors: [{ ReadWriteType: 'All' }] }), null);
    assert.equal(answerProblem(rule, { ...arn, EventSelectors: [], AdvancedEventSelectors: [] }), null);
  });

  test('raw bodies: BOM, declaration, comments and namespace prefixes are fine; other roots are not', () => {
    const b = (s: string) => Buffer.from(s);
    assert.equal(bodyProblem('rest-xml', 'R', b('\uFEFF<?xml version="1.0"?><!-- c --><R/>')), null);
    assert.equal(bodyProblem('query', 'R', b('<a:R xmlns:a="x"/>')), null);
    assert.equal(bodyProblem('query', 'R', b('<Error/>')), 'with an XML document <Error> where <R> belongs');
    assert.equal(bodyProblem('json', null, b('[1]')), 'with a body that is not a JSON object');
    assert.equal(
      bodyProblem('json', null, b('{"a": [')),
      'with a JSON body that is cut short or not well-formed',
    );
    assert.equal(bodyProblem('rest-xml', 'R', b('  <html><body/></html>')), 'with an HTML page');
    assert.equal(bodyProblem('ec2', 'R', b('   ')), 'with an empty body');
  });
});

describe('pagination', () => {
  /** A session whose gateway answers every call with `answer(n)` (n: the call's number). */
  const sessionAnswering = (answer: (n: number) => unknown): AwsSession => {
    let n = 0;
    const gateway = {
      async execute() {
        return { ok: true, value: answer(n++) };
      },
    } as unknown as Gateway;
    return new AwsSession(gateway, async () => ({ accessKeyId: 'x', secretAccessKey: 'y' }));
  };
  const page = {
    inputToken: 'NextToken',
    outputToken: (o: { NextToken?: string | undefined }) => o.NextToken,
    items: (o: { DetectorIds: string[] | undefined }) => o.DetectorIds,
  };

  test('a list longer than the page bound is an error, not a truncated list', async () => {
    const s = sessionAnswering((n) => ({ DetectorIds: [`d${n}`], NextToken: `t${n}` }));
    const res = await s.paginate(OPS.listDetectors, 'us-east-1', {}, page);
    assert.equal(res.ok, false);
    assert.equal(!res.ok && res.error.code, 'TooManyPages');
    assert.equal(!res.ok && res.error.action, 'guardduty:ListDetectors');
  });

  test('a page token that repeats is an error', async () => {
    const s = sessionAnswering(() => ({ DetectorIds: ['d'], NextToken: 'same' }));
    const res = await s.paginate(OPS.listDetectors, 'us-east-1', {}, page);
    assert.equal(!res.ok && res.error.kind, 'unparseable');
  });

  test('a page without its list is an error, never an empty list', async () => {
    const s = sessionAnswering(() => ({}));
    const res = await s.paginate(OPS.listDetectors, 'us-east-1', {}, page);
    assert.equal(!res.ok && res.error.message, 'ListDetectors answered without its list');
  });

  test('pages are joined until the last one', async () => {
    const s = sessionAnswering((n) =>
      n < 2 ? { DetectorIds: [`d${n}`], NextToken: `t${n}` } : { DetectorIds: ['last'] },
    );
    assert.deepEqual(await s.paginate(OPS.listDetectors, 'us-east-1', {}, page), {
      ok: true,
      value: ['d0', 'd1', 'last'],
    });
  });
});
