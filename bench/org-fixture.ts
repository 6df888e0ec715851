/**
 * An emulated AWS Organization for the organization tests and `npm run bench`.
 *
 * `createOrganization` builds it in moto (CreateOrganization + CreateAccount, which also creates
 * OrganizationAccountAccessRole in each member). `startOrgFront` puts a small HTTP front in front of the
 * test emulator (test/support/proxy.ts) for what moto 5.2.1 cannot show and what the tests inject:
 *
 * - Organization trails. AWS (CloudTrail user guide, "Creating a trail for an organization"): member
 *   accounts see the management account's organization trail in DescribeTrails (as a shadow trail in every
 *   region for a multi-region trail) and may read its status and event selectors, but not change it.
 *   moto does not show it to members: the front adds the management account's organization trails to a
 *   member's DescribeTrails answer, and sends GetTrailStatus / GetEventSelectors that name a trail ARN of
 *   another account to that account.
 * - GuardDuty GetAdministratorAccount: moto answers with keys in the wrong case (the SDK parses an empty
 *   result). AWS (GuardDuty API reference): `{"administrator": {"accountId", "invitationId",
 *   "relationshipStatus", "invitedAt"}}` for a member, `{}` otherwise. The front answers from fixture data.
 *   Its administrator's ListMembers (which moto answers from members it never had) lists the same
 *   relationships from the administrator's side.
 * - A member whose role cannot be assumed: sts:AssumeRole of a role in a listed account answers 403
 *   AccessDenied, as STS does when the role's trust policy does not allow the caller.
 * - Throttling of a share of calls: every Nth AWS request answers the protocol's throttling error
 *   (ThrottlingException / Throttling / RequestLimitExceeded / TooManyRequestsException / SlowDown).
 *
 * Control paths (`/__emulator/...`) and everything else pass through unchanged.
 */

import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { type Buffered, forwardBuffered, serveBuffered } from '../test/support/forward.js';
import { DEFAULT_ACCOUNT, type Emulator, faultShape, type RequestInfo } from '../test/support/proxy.js';
import { clientFor, seedBucket, target } from '../test/support/seed.js';

export const MANAGEMENT = DEFAULT_ACCOUNT;

export interface OrgMember {
  id: string;
  name: string;
}

/** Creates the organization (management = moto's default account) and `count` member accounts. */
export async function createOrganization(
  emu: Emulator,
  count: number,
  prefix = 'member',
): Promise<OrgMember[]> {
  const org = clientFor(OrganizationsClient, target(emu, MANAGEMENT), 'us-east-1');
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const members: OrgMember[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${prefix}-${String(i).padStart(3, '0')}`;
    const r = await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
    const id = r.CreateAccountStatus?.AccountId;
    if (!id) throw new Error(`CreateAccount gave no account id for ${name}`);
    members.push({ id, name });
  }
  return members;
}

/** A logging, multi-region organization trail owned by the management account. Returns its ARN. */
export async function seedOrganizationTrail(emu: Emulator, name = 'org-trail'): Promise<string> {
  const t = target(emu, MANAGEMENT);
  const bucket = `${name}-logs-${MANAGEMENT}`;
  await seedBucket(t, 'us-east-1', bucket);
  const ct = clientFor(CloudTrailClient, t, 'us-east-1');
  const out = await ct.send(
    new CreateTrailCommand({
      Name: name,
      S3BucketName: bucket,
      IsMultiRegionTrail: true,
      IsOrganizationTrail: true,
      EnableLogFileValidation: true,
    }),
  );
  await ct.send(new StartLoggingCommand({ Name: name }));
  return out.TrailARN ?? '';
}

export interface FrontOptions {
  /** Account that owns organization trails (default the management account). */
  management?: string;
  /** Accounts whose role cannot be assumed (sts:AssumeRole answers AccessDenied). */
  denyAssumeRole?: string[];
  /** Every Nth AWS request answers a throttling error (0/undefined: never). */
  throttleEvery?: number;
  /** GuardDuty administrator per member account (GetAdministratorAccount answers). */
  guardDutyAdministrators?: Record<string, string>;
}

export interface OrgFront {
  endpoint: string;
  configure(options: Partial<FrontOptions>): void;
  /** Requests the front answered with a throttling error. */
  throttled(): number;
  stop(): Promise<void>;
}

const JSON_TARGET_SERVICES = new Set(['cloudtrail', 'support', 'shield', 'wafv2', 'ecr', 'cognito-idp']);
const REST_XML = new Set(['s3', 'cloudfront']);

export function protocolOf(
  service: string,
  target: string | null,
  form: URLSearchParams | null,
): RequestInfo['protocol'] {
  if (target) return 'json';
  if (form?.get('Action')) return service === 'ec2' ? 'ec2' : 'query';
  if (REST_XML.has(service)) return 'rest-xml';
  if (JSON_TARGET_SERVICES.has(service)) return 'json';
  return 'rest-json';
}

function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Serialises an error the way the request's protocol does (the same shapes as test/support/proxy.ts). */
export function errorBody(protocol: RequestInfo['protocol'], service: string, code: string, message: string) {
  const id = randomUUID();
  const headers: Record<string, string> = { 'x-amzn-requestid': id, 'x-amz-request-id': id };
  let body: string;
  if (protocol === 'json') {
    headers['content-type'] = 'application/x-amz-json-1.1';
    body = JSON.stringify({ __type: code, message });
  } else if (protocol === 'rest-json') {
    headers['content-type'] = 'application/json';
    headers['x-amzn-errortype'] = code;
    body = JSON.stringify({ message, Message: message });
  } else if (protocol === 'ec2') {
    headers['content-type'] = 'text/xml;charset=UTF-8';
    body = `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error></Errors><RequestID>${id}</RequestID></Response>`;
  } else if (protocol === 'rest-xml' && service === 's3') {
    headers['content-type'] = 'application/xml';
    body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message><RequestId>${id}</RequestId></Error>`;
  } else {
    headers['content-type'] = 'text/xml';
    body = `<?xml version="1.0"?>\n<ErrorResponse><Error><Type>Sender</Type><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`;
  }
  return { headers, body };
}

type Answer = Buffered;

/** Starts the front on 127.0.0.1; `endpoint` is what the CLI uses as AWS_ENDPOINT_URL. */
export async function startOrgFront(emu: Emulator, initial: FrontOptions = {}): Promise<OrgFront> {
  let opts: FrontOptions = { ...initial };
  const upstream = new URL(emu.endpoint);
  const keyToAccount = new Map<string, string>();
  let seen = 0;
  let throttled = 0;

  const forward = (
    method: string,
    path: string,
    headers: IncomingMessage['headers'],
    body: Buffer,
    extra: Record<string, string> = {},
  ): Promise<Answer> => forwardBuffered(upstream, { method, path, headers }, body, { extra });

  const handle = async (req: IncomingMessage): Promise<Answer> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    if (path.startsWith('/__emulator/')) return forward(method, path, req.headers, body);
    const url = new URL(path, 'http://localhost');
    const auth = String(req.headers.authorization ?? '');
    const m = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth);
    const accessKey = m?.[1] ?? '';
    const service = m?.[3] ?? 'unknown';
    const header = req.headers['x-moto-account-id'];
    const account = (typeof header === 'string' && header) || keyToAccount.get(accessKey) || MANAGEMENT;
    const target = typeof req.headers['x-amz-target'] === 'string' ? req.headers['x-amz-target'] : null;
    const ctype = String(req.headers['content-type'] ?? '');
    const form = ctype.includes('x-www-form-urlencoded')
      ? new URLSearchParams(body.toString('utf8'))
      : url.searchParams.has('Action')
        ? url.searchParams
        : null;
    const operation = target
      ? target.slice(target.lastIndexOf('.') + 1)
      : (form?.get('Action') ?? `${method} ${url.pathname}`);
    const protocol = protocolOf(service, target, form);
    const management = opts.management ?? MANAGEMENT;

    seen++;
    if (opts.throttleEvery && opts.throttleEvery > 0 && seen % opts.throttleEvery === 0) {
      throttled++;
      const info: RequestInfo = {
        account,
        region: m?.[2] ?? 'us-east-1',
        service,
        operation,
        key: `${service}:${operation}`,
        protocol,
      };
      const shape = faultShape('throttle', info);
      const e = errorBody(protocol, service, shape.code, shape.message);
      return { status: shape.status, headers: e.headers, body: Buffer.from(e.body) };
    }

    if (service === 'sts' && operation === 'AssumeRole') {
      const roleArn = form?.get('RoleArn') ?? '';
      const roleAccount = /^arn:[^:]+:iam::(\d{12}):role\//.exec(roleArn)?.[1];
      if (roleAccount && opts.denyAssumeRole?.includes(roleAccount)) {
        const message = `User: arn:aws:iam::${account}:user/auditor is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`;
        const e = errorBody('query', 'sts', 'AccessDenied', message);
        return { status: 403, headers: e.headers, body: Buffer.from(e.body) };
      }
      const up = await forward(method, path, req.headers, body);
      const xml = up.body.toString('utf8');
      const key = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(xml)?.[1];
      const acct = /<Arn>arn:[^:]+:sts::(\d{12}):assumed-role/.exec(xml)?.[1];
      if (key && acct) keyToAccount.set(key, acct);
      return up;
    }

    if (service === 'cloudtrail' && account !== management) {
      if (operation === 'DescribeTrails') {
        const own = await forward(method, path, req.headers, body);
        if (own.status !== 200) return own;
        const theirs = await forward(method, path, req.headers, body, { 'x-moto-account-id': management });
        if (theirs.status !== 200) return own;
        type T = { TrailARN?: string; IsOrganizationTrail?: boolean };
        const mine = JSON.parse(own.body.toString('utf8')) as { trailList?: T[] };
        const org = (JSON.parse(theirs.body.toString('utf8')) as { trailList?: T[] }).trailList ?? [];
        const list = mine.trailList ?? [];
        for (const t of org) {
          if (t.IsOrganizationTrail && !list.some((x) => x.TrailARN === t.TrailARN)) list.push(t);
        }
        return { ...own, body: Buffer.from(JSON.stringify({ ...mine, trailList: list })) };
      }
      if (operation === 'GetTrailStatus' || operation === 'GetEventSelectors') {
        const input = JSON.parse(body.toString('utf8') || '{}') as { Name?: string; TrailName?: string };
        const name = input.Name ?? input.TrailName ?? '';
        const owner = /^arn:[^:]+:cloudtrail:[^:]*:(\d{12}):trail\//.exec(name)?.[1];
        if (owner && owner !== account) {
          return forward(method, path, req.headers, body, { 'x-moto-account-id': owner });
        }
      }
    }

    if (
      service === 'guardduty' &&
      method === 'GET' &&
      /^\/detector\/[^/]+\/administrator$/.test(url.pathname)
    ) {
      const admin = opts.guardDutyAdministrators?.[account];
      const value = admin
        ? {
            administrator: {
              accountId: admin,
              invitationId: `inv-${account}`,
              relationshipStatus: 'Enabled',
              invitedAt: '2024-01-01T00:00:00.000Z',
            },
          }
        : {};
      return {
        status: 200,
        headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() },
        body: Buffer.from(JSON.stringify(value)),
      };
    }

    // The administrator's side of the same fixture data: its ListMembers lists each account whose
    // administrator it is, relationship Enabled (GuardDuty API reference, Member: AccountId, DetectorId,
    // MasterId, AdministratorId, Email, RelationshipStatus, InvitedAt, UpdatedAt).
    if (service === 'guardduty' && method === 'GET' && /^\/detector\/[^/]+\/member$/.test(url.pathname)) {
      const members = Object.entries(opts.guardDutyAdministrators ?? {})
        .filter(([, admin]) => admin === account)
        .map(([id]) => ({
          accountId: id,
          masterId: account,
          administratorId: account,
          email: `${id}@example.com`,
          relationshipStatus: 'Enabled',
          invitedAt: '2024-01-01T00:00:00.000Z',
          updatedAt: '2024-01-01T00:00:00.000Z',
        }));
      return {
        status: 200,
        headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() },
        body: Buffer.from(JSON.stringify({ members })),
      };
    }

    return forward(method, path, req.headers, body);
  };

  const { server, endpoint } = await serveBuffered('org front', handle);
  return {
    endpoint,
    configure(next) {
      opts = { ...opts, ...next };
    },
    throttled: () => throttled,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
