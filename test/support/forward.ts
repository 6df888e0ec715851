/** Forwarding a buffered request to an upstream server on loopback: shared by the emulator's proxies. */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

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
