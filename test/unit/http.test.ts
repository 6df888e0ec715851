import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { HttpRequest } from '@smithy/core/protocols';
import { NodeHttpHandler, streamCollector } from '@smithy/node-http-handler';
import { GatewayHttpHandler } from '../../src/aws/http.js';

// The gateway's request handler (http.ts) must send what NodeHttpHandler sends, with the settings the
// gateway gave NodeHttpHandler, and fail as it fails: same error names, codes and messages, in about the
// same time. Each case runs both handlers against this server.
const TIMEOUT_MS = 300;

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  port: number;
}

describe('the gateway HTTP handler behaves as NodeHttpHandler', () => {
  let server: Server;
  let port = 0;
  const seen: Seen[] = [];
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += String(c);
      });
      req.on('end', () => {
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body,
          port: req.socket.remotePort ?? 0,
        });
        if (req.url === '/hold') return; // no answer at all
        if (req.url === '/reset') {
          req.socket.destroy();
          return;
        }
        if (req.url === '/stall') {
          // Headers and half a body, then silence.
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
          res.write('{"a":');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
        res.end(`{"got":${JSON.stringify(body)}}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const handlers = () => ({
    sdk: new NodeHttpHandler({
      connectionTimeout: 3000,
      requestTimeout: TIMEOUT_MS,
      throwOnRequestTimeout: true,
      socketTimeout: TIMEOUT_MS,
      httpAgent: { maxSockets: 8, keepAlive: true },
      httpsAgent: { maxSockets: 8, keepAlive: true },
    }),
    ours: new GatewayHttpHandler({ connectTimeoutMs: 3000, requestTimeoutMs: TIMEOUT_MS, maxSockets: 8 }),
  });
  const request = (path: string, body?: string | Uint8Array, query?: Record<string, string | string[]>) =>
    new HttpRequest({
      protocol: 'http:',
      hostname: '127.0.0.1',
      port,
      method: body === undefined ? 'GET' : 'POST',
      path,
      ...(query ? { query } : {}),
      headers: {
        host: `127.0.0.1:${port}`,
        'x-amz-date': '20261202T000000Z',
        ...(body === undefined ? {} : { 'content-type': 'application/x-amz-json-1.1' }),
        ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body as string)) }),
      },
      ...(body === undefined ? {} : { body }),
    });

  /** What a send ends in: the status, headers and body, or the error's name, code and message. */
  async function outcome(
    handler: { handle: (r: HttpRequest, o?: object) => Promise<{ response: unknown }> },
    r: HttpRequest,
    options?: object,
  ) {
    const started = Date.now();
    try {
      const { response } = (await handler.handle(r, options)) as {
        response: { statusCode: number; headers: Record<string, string>; body: unknown };
      };
      const body = Buffer.from(await streamCollector(response.body as never)).toString();
      const { date: _d, 'keep-alive': _k, ...headers } = response.headers;
      return { status: response.statusCode, headers, body, ms: Date.now() - started };
    } catch (err) {
      const e = err as Error & { code?: string };
      return { error: [e.name, e.code, e.message.replace(/\d+ ms/g, 'N ms')], ms: Date.now() - started };
    }
  }

  for (const [name, make] of [
    ['GET with a query', () => request('/ok', undefined, { MaxResults: '5', b: ['1', '2'] })],
    ['POST with a text body', () => request('/ok', '{"x":"é"}')],
    ['POST with a byte body', () => request('/ok', new TextEncoder().encode('Action=List&Version=1'))],
  ] as const) {
    test(`${name}: the same request and the same answer`, async () => {
      const { sdk, ours } = handlers();
      seen.length = 0;
      const a = await outcome(sdk, make());
      const b = await outcome(ours, make());
      assert.equal(seen.length, 2);
      const { port: _p1, ...s1 } = seen[0]!;
      const { port: _p2, ...s2 } = seen[1]!;
      assert.deepEqual(s2, s1);
      assert.deepEqual({ ...b, ms: 0 }, { ...a, ms: 0 });
      sdk.destroy();
      ours.destroy();
    });
  }

  test('keep-alive: one socket for calls one after another', async () => {
    const { ours } = handlers();
    seen.length = 0;
    for (let i = 0; i < 3; i++) await outcome(ours, request('/ok'));
    assert.equal(new Set(seen.map((s) => s.port)).size, 1);
    ours.destroy();
  });

  for (const path of ['/hold', '/stall', '/reset']) {
    test(`${path}: the same error, in about the same time`, async () => {
      const { sdk, ours } = handlers();
      const [a, b] = await Promise.all([outcome(sdk, request(path)), outcome(ours, request(path))]);
      assert.ok('error' in a, JSON.stringify(a));
      assert.deepEqual(b.error, a.error);
      assert.ok(b.ms < TIMEOUT_MS * 3 + 500, `${b.ms} ms`);
      sdk.destroy();
      ours.destroy();
    });
  }

  test('a reused socket still times out a request that gets no answer', async () => {
    const { ours } = handlers();
    await outcome(ours, request('/ok'));
    const b = await outcome(ours, request('/hold'));
    assert.equal(b.error?.[0], 'TimeoutError');
    assert.ok(b.ms >= TIMEOUT_MS - 20 && b.ms < TIMEOUT_MS * 3, `${b.ms} ms`);
    ours.destroy();
  });

  test('an abort ends the request at once, with the SDK error; an aborted signal sends nothing', async () => {
    const { sdk, ours } = handlers();
    const run = async (h: typeof sdk | typeof ours) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      return outcome(h, request('/hold'), { abortSignal: controller.signal });
    };
    const [a, b] = await Promise.all([run(sdk), run(ours)]);
    assert.deepEqual(b.error, a.error);
    assert.equal(b.error?.[0], 'AbortError');
    // Before the request timeout would have ended it (that error is a TimeoutError).
    assert.ok(b.ms < TIMEOUT_MS * 3, `${b.ms} ms`);
    seen.length = 0;
    const controller = new AbortController();
    controller.abort();
    const c = await outcome(ours, request('/ok'), { abortSignal: controller.signal });
    assert.equal(c.error?.[0], 'AbortError');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(seen.filter((s) => s.url === '/ok').length, 0);
    sdk.destroy();
    ours.destroy();
  });

  test('a connection refused fails as in the SDK', async () => {
    const { sdk, ours } = handlers();
    const refused = () =>
      new HttpRequest({
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 1,
        method: 'GET',
        path: '/',
        headers: {},
      });
    const [a, b] = await Promise.all([outcome(sdk, refused()), outcome(ours, refused())]);
    assert.deepEqual(b.error, a.error);
    sdk.destroy();
    ours.destroy();
  });
});
