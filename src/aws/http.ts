/**
 * The HTTP/1.1 request handler of every SDK client the gateway makes: `NodeHttpHandler`'s behaviour for
 * the requests watchpost sends, with less work per request.
 *
 * For every request `NodeHttpHandler` (@smithy/node-http-handler) starts five timers (a socket-usage
 * warning, the connection timeout and the keep-alive and socket-timeout listeners, each deferred by a
 * timer of its own, and the request timeout), adds listeners for each, and settles through two extra
 * promises; on a keep-alive socket almost all of that is work for nothing. Here:
 * - the connection timeout is armed once per new socket, by the agent that makes it (a reused socket is
 *   connected already);
 * - the idle (socket) timeout is the agent's own socket timeout, set once per socket by Node; a socket that
 *   times out during a request fails that request with the SDK's error;
 * - the request timeout (until the answer's headers) is one timer per request, as before;
 * - the call deadline and stop() reach the request through its abort signal, as before.
 * The errors are the SDK's: same names, codes and messages (errors.ts classifies them; evidence keeps the
 * message). Requests the SDK would send differently (a streamed body, `Expect: 100-continue`, a user name
 * in the URL) are handed to a `NodeHttpHandler` with the same settings.
 */
import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { buildQueryString, HttpResponse } from '@smithy/core/protocols';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpRequest } from '@smithy/types';

export interface HttpOptions {
  connectTimeoutMs: number;
  /** Per attempt: until the answer's headers, and the longest silence of its socket. */
  requestTimeoutMs: number;
  maxSockets: number;
}

interface HandleOptions {
  abortSignal?: AbortSignalLike;
  requestTimeout?: number;
}

/** What the SDK hands a request handler as `abortSignal` (@smithy/types). */
interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  onabort?: ((...args: never[]) => unknown) | null;
  addEventListener?: (type: 'abort', listener: () => void, options?: { once?: boolean }) => void;
  removeEventListener?: (type: 'abort', listener: () => void) => void;
}

/** Where a socket keeps the request it is serving (for its idle timeout). */
const SERVING = Symbol('watchpost.serving');
type ServedSocket = Socket & { [SERVING]?: ((error: Error) => void) | undefined };

const TIMEOUT_CODES = ['ECONNRESET', 'EPIPE', 'ETIMEDOUT'];

// The SDK's messages (@smithy/node-http-handler 4.x), kept word for word: evidence records them.
const connectTimeoutError = (ms: number) =>
  Object.assign(
    new Error(
      `@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of ${ms} ms.`,
    ),
    { name: 'TimeoutError' },
  );
const requestTimeoutError = (ms: number) =>
  Object.assign(
    new Error(
      `@smithy/node-http-handler - [ERROR] a request has exceeded the configured ${ms} ms requestTimeout.`,
    ),
    { name: 'TimeoutError', code: 'ETIMEDOUT' },
  );
const socketTimeoutError = (ms: number) =>
  Object.assign(
    new Error(
      `@smithy/node-http-handler - the request socket timed out after ${ms} ms of inactivity (configured by client requestHandler).`,
    ),
    { name: 'TimeoutError' },
  );

function abortError(signal: AbortSignalLike): Error {
  const reason = signal.reason;
  if (reason) {
    const err = new Error(reason instanceof Error ? 'Request aborted' : String(reason));
    err.name = 'AbortError';
    if (reason instanceof Error) err.cause = reason;
    return err;
  }
  const err = new Error('Request aborted');
  err.name = 'AbortError';
  return err;
}

type AgentCtor = typeof HttpAgent;

/**
 * A keep-alive agent whose new sockets must connect within the connection timeout, and whose sockets fail
 * the request they serve after `idleMs` of silence.
 */
function timedAgent<A extends AgentCtor>(Base: A, options: HttpOptions): InstanceType<A> {
  const Timed = class extends (Base as AgentCtor) {
    override createConnection(...args: Parameters<HttpAgent['createConnection']>) {
      const socket = super.createConnection(...args) as ServedSocket;
      const ms = options.connectTimeoutMs;
      if (socket && ms > 0) {
        const timer = setTimeout(() => socket.destroy(connectTimeoutError(ms)), ms);
        const clear = () => clearTimeout(timer);
        socket.once('connect', clear);
        socket.once('close', clear);
      }
      // The agent sets the socket's idle timeout (its `timeout` option) and destroys a free socket that
      // reaches it; a socket serving a request fails that request (after its answer: closes the socket).
      socket?.on('timeout', () => {
        const fail = socket[SERVING];
        if (fail) fail(socketTimeoutError(options.requestTimeoutMs));
      });
      return socket;
    }
  };
  return new Timed({
    keepAlive: true,
    maxSockets: options.maxSockets,
    ...(options.requestTimeoutMs > 0 ? { timeout: options.requestTimeoutMs } : {}),
  }) as InstanceType<A>;
}

export class GatewayHttpHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;
  private fallback: NodeHttpHandler | undefined;

  constructor(private readonly options: HttpOptions) {
    this.httpAgent = timedAgent(HttpAgent, options);
    this.httpsAgent = timedAgent(HttpsAgent as unknown as AgentCtor, options) as unknown as HttpsAgent;
  }

  handle(request: HttpRequest, { abortSignal, requestTimeout }: HandleOptions = {}) {
    const headers = request.headers;
    if (
      request.body instanceof Readable ||
      (headers && (headers.Expect ?? headers.expect) === '100-continue') ||
      request.username != null ||
      request.password != null
    ) {
      return this.sdkHandler().handle(request as never, {
        abortSignal: abortSignal as never,
        requestTimeout,
      });
    }
    return new Promise<{ response: HttpResponse }>((resolve, reject) => {
      if (abortSignal?.aborted) {
        reject(abortError(abortSignal));
        return;
      }
      const isSSL = request.protocol === 'https:';
      let path = request.path;
      const query = request.query ? buildQueryString(request.query) : '';
      if (query) path += `?${query}`;
      if (request.fragment) path += `#${request.fragment}`;
      let hostname = request.hostname ?? '';
      if (hostname[0] === '[' && hostname.endsWith(']')) hostname = hostname.slice(1, -1);
      let settled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let socket: ServedSocket | undefined;
      let req: ClientRequest;
      const done = () => {
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        if (abortSignal) unlisten();
      };
      const fail = (error: Error) => {
        if (settled) return;
        done();
        reject(error);
      };
      // The socket's idle timeout: before the answer, the request fails; after it, its body does.
      let response: IncomingMessage | undefined;
      const idle = (error: Error) => {
        if (response?.complete) {
          socket?.destroy();
          return;
        }
        response?.destroy(error);
        req.destroy();
        fail(error);
      };
      const onAbort = () => {
        req.destroy();
        fail(abortError(abortSignal!));
      };
      const unlisten = () => {
        if (typeof abortSignal?.removeEventListener === 'function')
          abortSignal.removeEventListener('abort', onAbort);
        else if (abortSignal) abortSignal.onabort = null;
      };
      const options = {
        headers,
        host: hostname,
        method: request.method,
        path,
        port: request.port,
        agent: isSSL ? (this.httpsAgent as unknown as HttpAgent) : this.httpAgent,
      };
      req = (isSSL ? httpsRequest : httpRequest)(options, (res) => {
        response = res;
        if (settled) return;
        done();
        resolve({
          response: new HttpResponse({
            statusCode: res.statusCode || -1,
            reason: res.statusMessage,
            headers: transformedHeaders(res.headers),
            body: res,
          }),
        });
      });
      req.on('socket', (s: ServedSocket) => {
        socket = s;
        // Until the socket serves another request (a free socket that times out is destroyed either way).
        s[SERVING] = idle;
        // Node shortens a free socket's timeout to the server's keep-alive hint; a request gets the whole.
        const idleMs = this.options.requestTimeoutMs;
        if (idleMs > 0 && s.timeout !== idleMs) s.setTimeout(idleMs);
      });
      req.on('error', (err: Error & { code?: string }) => {
        fail(TIMEOUT_CODES.includes(err.code ?? '') ? Object.assign(err, { name: 'TimeoutError' }) : err);
      });
      if (abortSignal) {
        if (typeof abortSignal.addEventListener === 'function')
          abortSignal.addEventListener('abort', onAbort, { once: true });
        else abortSignal.onabort = onAbort;
      }
      const ms = requestTimeout ?? this.options.requestTimeoutMs;
      if (ms) {
        timer = setTimeout(() => {
          const error = requestTimeoutError(ms);
          req.destroy(error);
          fail(error);
        }, ms);
      }
      writeBody(req, request.body);
    });
  }

  /** The gateway's settings are fixed when it is made; the SDK's updates (a logger, a default socket timeout) do not apply. */
  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, unknown> {
    return {};
  }

  destroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
    this.fallback?.destroy();
  }

  private sdkHandler(): NodeHttpHandler {
    this.fallback ??= new NodeHttpHandler({
      connectionTimeout: this.options.connectTimeoutMs,
      requestTimeout: this.options.requestTimeoutMs,
      throwOnRequestTimeout: true,
      socketTimeout: this.options.requestTimeoutMs,
      httpsAgent: { maxSockets: this.options.maxSockets, keepAlive: true },
      httpAgent: { maxSockets: this.options.maxSockets, keepAlive: true },
    });
    return this.fallback;
  }
}

function transformedHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

/** As the SDK's writeBody (the body of a read: empty, a string or bytes). */
function writeBody(req: ClientRequest, body: unknown): void {
  if (body === undefined || body === null || body === '') {
    req.end();
    return;
  }
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    if (Buffer.isBuffer(body) && body.byteLength === 0) req.end();
    else req.end(body);
    return;
  }
  const bytes = body as Uint8Array;
  if (typeof bytes === 'object' && bytes.buffer && typeof bytes.byteOffset === 'number')
    req.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  else req.end(Buffer.from(body as string));
}
