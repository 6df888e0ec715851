/** Forwarding a buffered request to an upstream server on loopback: shared by the emulator's proxies. */
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
} from 'node:http';

/** Headers that belong to one connection, never forwarded as they are. */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'host',
]);

export interface Buffered {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * A server on 127.0.0.1 (a free port) that answers each request with what `handle` buffered, `headers()`
 * added (e.g. a fresh `date`); a failing handler answers 500 naming `name`. Keep-alive without a request
 * cap, a deep accept backlog: the CLI keeps many calls in flight.
 */
export async function serveBuffered(
  name: string,
  handle: (req: IncomingMessage) => Promise<Buffered>,
  headers: () => Record<string, string> = () => ({}),
): Promise<{ server: Server; endpoint: string }> {
  const server = createServer((req, res) => {
    handle(req)
      .then((a) => {
        res.writeHead(a.status, { ...a.headers, ...headers(), 'content-length': String(a.body.length) });
        res.end(a.body);
      })
      .catch((err: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`${name} error: ${String(err)}`);
        } else res.destroy();
      });
  });
  server.keepAliveTimeout = 5000;
  server.maxRequestsPerSocket = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', 511, resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { server, endpoint: `http://127.0.0.1:${port}` };
}

function flatten(headers: IncomingHttpHeaders, drop: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || HOP_BY_HOP.has(k) || drop.has(k)) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/**
 * Sends `body` to `upstream` with the request's method, path and headers (Host rewritten, `extra` added)
 * and buffers the answer. `dropFromAnswer` removes further answer headers (e.g. `date` for recordings).
 */
export function forwardBuffered(
  upstream: URL,
  req: { method?: string | undefined; path?: string | undefined; headers: IncomingHttpHeaders },
  body: Buffer,
  options: { extra?: Record<string, string>; dropFromAnswer?: ReadonlySet<string> } = {},
): Promise<Buffered> {
  const drop = options.dropFromAnswer ?? new Set<string>();
  const headers = { ...flatten(req.headers, new Set()), ...options.extra };
  headers.host = upstream.host;
  headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const up = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.path, headers },
      (resp) => {
        const parts: Buffer[] = [];
        resp.on('data', (d: Buffer) => parts.push(d));
        resp.on('end', () =>
          resolve({
            status: resp.statusCode ?? 502,
            headers: flatten(resp.headers, drop),
            body: Buffer.concat(parts),
          }),
        );
        resp.on('error', reject);
      },
    );
    up.on('error', reject);
    up.end(body);
  });
}
