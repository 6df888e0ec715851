/**
 * The one door to AWS. Every call watchpost makes goes through `AwsSession.call`, which:
 * - accepts only operations made by `op()` (operation.ts: the allow-list; a client middleware refuses any
 *   other command before it is signed, should a client ever be used directly);
 * - bounds concurrency, applies adaptive retries and connect/read timeouts and a per-call deadline;
 * - never throws for AWS errors: it returns `Observed<T>` with a classified, redacted error;
 * - counts calls, retries and errors per operation.
 *
 * SDK clients are shared by every account of a scan (one per service × region; S3's, which signs its own
 * way, one per account and region): building a client costs more CPU than the call it makes, and an
 * organization scan would otherwise build ~240 per account. The account a call is made for is bound to the
 * command it sends (send.ts gives every send its own middleware context, whose command is that one); on
 * every attempt a middleware of the client hands the bound account's credentials to the signer with the
 * request (signer.ts), and the retry middleware uses the bound account's retry strategy (retry quota,
 * adaptive rate limiter). A request with no binding is refused before it is signed. So no request can be
 * signed with another account's keys, and one account's throttling does not slow or exhaust another's
 * retries. (This was an AsyncLocalStorage binding until issue 16: its promise hooks cost ~5 % of a scan's
 * CPU on Node 20.)
 */
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { AdaptiveRetryStrategy, retryMiddleware, retryMiddlewareOptions } from '@smithy/core/retry';
import { NodeHttpHandler, streamCollector } from '@smithy/node-http-handler';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  RetryErrorInfo,
  RetryStrategyV2,
  RetryToken,
  StandardRetryBackoffStrategy,
  StandardRetryToken,
} from '@smithy/types';
import type { AwsError, CallStats, Observed } from '../evidence/observed.js';
import { answerProblem, bodyProblem } from './answers.js';
import { classifyError, HOLLOW_ANSWER, UNEXPECTED_ANSWER } from './errors.js';
import { CLIENTS, type ClientKey, isRegistered, type Operation, operationFor } from './operation.js';
import { registerSecret } from './redact.js';
import { type SdkClient, sendCommand } from './send.js';
import { attachCredentials, Signers } from './signer.js';

export interface GatewayOptions {
  /** Named profile from the shared config/credentials files (the chain is used when absent). */
  profile?: string;
  /** Attempts per call, including the first (SDK adaptive retry). */
  maxAttempts?: number;
  /**
   * Attempts per call when AWS keeps throttling (default: the larger of maxAttempts and 12). Throttling
   * says "later", not "no": waiting longer, within the call deadline, turns it into an answer instead of
   * an `unknown`. Other errors stop at maxAttempts.
   */
  throttleAttempts?: number;
  connectTimeoutMs?: number;
  /** Socket idle timeout for one attempt. */
  requestTimeoutMs?: number;
  /** Upper bound for one call including its retries (twice this while AWS keeps throttling it). */
  callDeadlineMs?: number;
  /** Calls in flight at once across the whole scan. */
  maxConcurrency?: number;
  /** Receives one line per call for --debug. Lines never contain credentials. */
  debug?: (line: string) => void;
  /** Called after each finished call (progress displays). */
  onCall?: (stats: CallStats) => void;
}

/** Home region of the global APIs (Support, Shield, CloudFront, Organizations, S3 ListBuckets) per partition. */
export function globalRegion(partition: string): string {
  switch (partition) {
    case 'aws-cn':
      return 'cn-northwest-1';
    case 'aws-us-gov':
      return 'us-gov-west-1';
    default:
      return 'us-east-1';
  }
}

/** The partition a region belongs to, from its name. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

/**
 * A hidden knob for tests (documented in docs/testing.md, not in --help): a positive integer of
 * milliseconds from the environment, else undefined.
 */
function envMs(name: string): number | undefined {
  const raw = process.env[name];
  if (!raw || !/^[1-9][0-9]{0,8}$/.test(raw)) return undefined;
  return Number(raw);
}

class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** The account (session) a call is made for, and which client it goes through. */
interface CallBinding {
  session: AwsSession;
  clientId: string;
  /** The account's retry strategy for this client, noting the error each retry is decided on. */
  retry: RetryStrategyV2;
  /** The last error a retry was decided on: what the call deadline interrupted. */
  lastError?: unknown;
}

/** Where a command carries the account its call is made for (set by `viaPlan`, read by the middleware). */
const BINDING = Symbol('watchpost.account');

function bindingOf(context: unknown): CallBinding | undefined {
  const command = (context as { __smithy_context?: { commandInstance?: Record<symbol, unknown> } })
    .__smithy_context?.commandInstance;
  return command?.[BINDING] as CallBinding | undefined;
}

function unbound(what: string): Error {
  // Only reachable by using a client outside AwsSession.call: refuse rather than sign with anything.
  const err = new Error(`watchpost refuses to ${what}: the request is not bound to an account`);
  err.name = 'WatchpostRefused';
  return err;
}

/**
 * The identity the SDK's auth middleware resolves for a shared client. It never signs anything: the signer
 * signs with the credentials the request carries (signer.ts) and refuses a request without them. It has a
 * form the SDK accepts so that its middleware runs as usual.
 */
const notAnIdentity: AwsCredentialIdentityProvider = Object.assign(
  async () => ({ accessKeyId: 'WATCHPOST-UNBOUND', secretAccessKey: 'watchpost-signs-per-account' }),
  { memoized: true, configBound: true },
);

/** What the signers of shared clients fall back to for a request that carries no credentials. */
const refuseToSign: AwsCredentialIdentityProvider = async () => {
  throw unbound('sign a request');
};

/**
 * The client's configured retry strategy, which only the SDK's feature detection reads: the retry
 * middleware is replaced by `accountRetries`, which takes the bound account's.
 */
const configRetryStrategy: RetryStrategyV2 & { mode: string } = {
  mode: 'adaptive',
  acquireInitialRetryToken: () => Promise.reject(unbound('send a request')),
  refreshRetryTokenForRetry: () => Promise.reject(unbound('retry a request')),
  recordSuccess: () => undefined,
};

type Next = (args: unknown) => Promise<unknown>;

/**
 * The SDK's retry middleware, with the retry strategy of the account the request is bound to (a request
 * bound to none is refused before it is sent).
 */
function accountRetries(config: { maxAttempts: unknown; logger?: unknown }) {
  return (next: Next, context: unknown) => {
    const binding = bindingOf(context);
    if (!binding) return () => Promise.reject(unbound('send a request'));
    const strategy = async () => binding.retry;
    return (retryMiddleware as unknown as (o: unknown) => (next: Next, context: unknown) => Next)({
      retryStrategy: strategy,
      maxAttempts: config.maxAttempts,
      logger: config.logger,
    })(next, context);
  };
}

/** Right before signing (every attempt): the bound account's credentials go with the request. */
function accountCredentials(next: Next, context: unknown): Next {
  return async (args: unknown) => {
    const binding = bindingOf(context);
    if (!binding) throw unbound('sign a request');
    attachCredentials((args as { request: object }).request, await binding.session.resolvedCredentials());
    return next(args);
  };
}

/**
 * A call's abort signal: what the SDK reads of an AbortSignal (`aborted`, `reason`, abort listeners), without
 * Node's EventTarget. Every call has one, and the SDK adds and removes a listener on it for each wait
 * (retry token, backoff) and each request: with an AbortController that was ~2 % of a worker's CPU. It is
 * aborted as an AbortController aborts (a DOMException named AbortError as the reason), so the SDK's
 * errors are unchanged.
 */
export class CallSignal {
  aborted = false;
  reason: unknown = undefined;
  onabort: ((event: unknown) => void) | null = null;
  private listeners: (() => void)[] | undefined;

  addEventListener(type: string, listener: () => void, _options?: { once?: boolean }): void {
    if (type !== 'abort' || this.aborted) return;
    if (this.listeners) this.listeners.push(listener);
    else this.listeners = [listener];
  }

  removeEventListener(type: string, listener: () => void): void {
    if (type !== 'abort' || !this.listeners) return;
    const at = this.listeners.indexOf(listener);
    if (at >= 0) this.listeners.splice(at, 1);
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = new DOMException('This operation was aborted', 'AbortError');
    const listeners = this.listeners ?? [];
    this.listeners = undefined;
    const event = { type: 'abort', target: this };
    this.onabort?.(event);
    for (const listener of listeners) listener();
  }
}

/** Longest wait before one retry. */
const MAX_BACKOFF_MS = 5000;

/**
 * The SDK's backoff (full jitter, doubling from a base the strategy sets per error type: 1 s for
 * throttling), capped at 5 s instead of the SDK's 20 s, so that the extra attempts for throttling fit in a
 * call's time bound (19 waits of at most 5 s, ~45 s expected) instead of the bound cutting a throttled call
 * short after ~9 attempts. The adaptive rate limiter still slows the account's client.
 */
export class CappedBackoff implements StandardRetryBackoffStrategy {
  private base = 50;
  setDelayBase(delayBase: number): void {
    this.base = delayBase;
  }
  computeNextBackoffDelay(retryAttempt: number): number {
    return Math.floor(Math.random() * Math.min(this.base * 2 ** retryAttempt, MAX_BACKOFF_MS));
  }
}

/**
 * The SDK's adaptive retries (client-side rate limiter, retry quota), with more attempts for throttling
 * than for other errors.
 */
class AccountRetryStrategy implements RetryStrategyV2 {
  private readonly adaptive: AdaptiveRetryStrategy;
  constructor(
    private readonly maxAttempts: number,
    throttleAttempts: number,
  ) {
    this.adaptive = new AdaptiveRetryStrategy(Math.max(maxAttempts, throttleAttempts), {
      backoff: new CappedBackoff(),
    });
  }
  acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.adaptive.acquireInitialRetryToken(scope);
  }
  // The SDK hands back the tokens its strategies issued (StandardRetryToken).
  async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    if (info.errorType !== 'THROTTLING' && token.getRetryCount() + 1 >= this.maxAttempts) {
      // The SDK ends the call with the AWS error when no retry token is given.
      throw new Error('No retry token available');
    }
    return this.adaptive.refreshRetryTokenForRetry(token as StandardRetryToken, info);
  }
  recordSuccess(token: RetryToken): void {
    this.adaptive.recordSuccess(token as StandardRetryToken);
  }
}

/** The name a client signs with when the endpoint does not say (every SDK client sets its default). */
function signingNameOf(client: SharedClient | undefined): string {
  const config = (client as { config?: { signingName?: string; defaultSigningName?: string } } | undefined)
    ?.config;
  const name = config?.signingName ?? config?.defaultSigningName;
  if (!name) throw new Error('watchpost: an AWS client has no signing name');
  return name;
}

type SharedClient = {
  middlewareStack: {
    add: (mw: unknown, opts: unknown) => void;
    addRelativeTo: (mw: unknown, opts: unknown) => void;
  };
  send: (command: unknown, options?: unknown) => Promise<unknown>;
};

/**
 * Calls that fetch an account's credentials (sts:AssumeRole, also when they are renewed) have places of their
 * own, beside the scan's `maxConcurrency`. A call signs with its account's credentials while it holds its
 * place; when they are due for renewal it waits for the AssumeRole that renews them. Had that AssumeRole to
 * wait for a place too, the calls holding every place would wait for it forever: a scan past the hour its
 * roles' credentials last (a throttled 1,000-account scan, bench/RESULTS.md) stopped with no call in flight.
 */
const CREDENTIAL_CALLS = 8;

export class Gateway {
  readonly options: Required<Omit<GatewayOptions, 'profile' | 'debug' | 'onCall'>> & GatewayOptions;
  private readonly limiter: Semaphore;
  private readonly credentialLimiter = new Semaphore(CREDENTIAL_CALLS);
  private readonly stats: CallStats = { calls: 0, retries: 0, errors: 0, byOperation: {} };
  private readonly httpHandler: NodeHttpHandler;
  private readonly stopping = new AbortController();
  /** The abort signals of the calls in flight (stop() aborts them). */
  private readonly inFlight = new Set<CallSignal>();
  private readonly clients = new Map<string, SharedClient>();
  /** The signers of every client but S3's, with signing keys kept per account (signer.ts). */
  private readonly signers = new Signers(refuseToSign);

  constructor(options: GatewayOptions = {}) {
    this.options = {
      maxAttempts: 4,
      connectTimeoutMs: 3000,
      requestTimeoutMs: envMs('WATCHPOST_REQUEST_TIMEOUT_MS') ?? 20000,
      callDeadlineMs: 90000,
      maxConcurrency: 32,
      ...options,
      throttleAttempts: options.throttleAttempts ?? Math.max(options.maxAttempts ?? 4, 12),
    };
    this.limiter = new Semaphore(this.options.maxConcurrency);
    this.httpHandler = new NodeHttpHandler({
      connectionTimeout: this.options.connectTimeoutMs,
      requestTimeout: this.options.requestTimeoutMs,
      // Without this the SDK only warns when the timeout passes and the call hangs on.
      throwOnRequestTimeout: true,
      socketTimeout: this.options.requestTimeoutMs,
      httpsAgent: { maxSockets: this.options.maxConcurrency + CREDENTIAL_CALLS, keepAlive: true },
      httpAgent: { maxSockets: this.options.maxConcurrency + CREDENTIAL_CALLS, keepAlive: true },
    });
  }

  /** A session for the caller's own credentials (the standard chain, or --profile). */
  defaultSession(): AwsSession {
    const chain = fromNodeProviderChain(this.options.profile ? { profile: this.options.profile } : {});
    return new AwsSession(this, chain);
  }

  /** A session for credentials obtained elsewhere (an assumed role). */
  sessionWith(credentials: AwsCredentialIdentityProvider): AwsSession {
    return new AwsSession(this, credentials);
  }

  /** Stops the scan: calls in flight are aborted, later calls return `not-collected` at once. */
  stop(): void {
    this.stopping.abort();
    for (const signal of this.inFlight) signal.abort();
  }

  get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  /** Waits `ms`, or until the scan is stopped. */
  pause(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.stopping.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.stopping.signal.addEventListener('abort', done, { once: true });
    });
  }

  callStats(): CallStats {
    return { ...this.stats, byOperation: { ...this.stats.byOperation } };
  }

  /** @internal used by sessions */
  async execute<I, O>(
    session: AwsSession,
    op: Operation<I, O>,
    region: string,
    input: I,
  ): Promise<Observed<O>> {
    if (!isRegistered(op)) {
      // Defence in depth: the type system already prevents this.
      throw new Error(`refused: ${String((op as { command?: string }).command)} is not on the allow-list`);
    }
    const notCollected = (): Observed<O> => ({
      ok: false,
      error: {
        kind: 'not-collected',
        code: 'Interrupted',
        message: 'the scan was interrupted',
        action: op.iamAction,
        httpStatus: null,
      },
    });
    if (this.stopped) return notCollected();
    const limiter = op.iamAction === 'sts:AssumeRole' ? this.credentialLimiter : this.limiter;
    return limiter.run(async () => {
      if (this.stopped) return notCollected();
      const clientId = `${op.client}/${region}`;
      const client = op.client === 's3' ? session.s3Client(region) : this.client(op.client, region);
      const signal = new CallSignal();
      const started = Date.now();
      const strategy = session.retryStrategy(clientId);
      const binding: CallBinding = {
        session,
        clientId,
        retry: {
          acquireInitialRetryToken: (scope) => strategy.acquireInitialRetryToken(scope),
          refreshRetryTokenForRetry: (token, info) => {
            binding.lastError = info.error;
            return strategy.refreshRetryTokenForRetry(token, info);
          },
          recordSuccess: (token) => strategy.recordSuccess(token),
        },
      };
      this.inFlight.add(signal);
      // The deadline stops a call that hangs or keeps failing. A call that AWS keeps throttling is being
      // answered ("later"), and with the client-side rate limiter slowing it, its attempts need longer: it
      // gets up to twice the bound.
      const bound = this.options.callDeadlineMs;
      const onDeadline = () => {
        const elapsed = Date.now() - started;
        const throttled =
          binding.lastError !== undefined &&
          classifyError(binding.lastError, op.iamAction).kind === 'throttled';
        if (throttled && elapsed < 2 * bound) timer = setTimeout(onDeadline, 2 * bound - elapsed);
        else signal.abort();
      };
      let timer = setTimeout(onDeadline, bound);
      let outcome: Observed<O>;
      let attempts = 1;
      try {
        // The SDK reads a signal through its own AbortSignal interface (@smithy/types), which CallSignal meets.
        const value = await op.send(viaPlan(client, binding), input, signal as unknown as AbortSignal);
        attempts = (value as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
        outcome = checkedAnswer(op, value);
      } catch (err) {
        attempts = (err as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
        // At the call deadline the SDK reports an abort; the error it was retrying is the cause to report.
        const deadline = signal.aborted && binding.lastError !== undefined;
        const cause = deadline ? binding.lastError : err;
        if (deadline) attempts = Math.max(attempts, 2);
        outcome = this.stopped ? notCollected() : { ok: false, error: callError(op, cause) };
      } finally {
        clearTimeout(timer);
        this.inFlight.delete(signal);
      }
      this.record(op, region, outcome, attempts, Date.now() - started);
      return outcome;
    });
  }

  private record(
    op: { iamAction: string },
    region: string,
    outcome: Observed<unknown>,
    attempts: number,
    ms: number,
  ) {
    this.stats.calls++;
    this.stats.retries += Math.max(0, attempts - 1);
    if (!outcome.ok) this.stats.errors++;
    this.stats.byOperation[op.iamAction] = (this.stats.byOperation[op.iamAction] ?? 0) + 1;
    if (this.options.debug) {
      const status = outcome.ok ? 'ok' : `${outcome.error.kind} ${outcome.error.code}`;
      this.options.debug(`${op.iamAction} ${region} ${status} attempts=${attempts} ${ms}ms`);
    }
    this.options.onCall?.(this.stats);
  }

  /** @internal one client per service and region for the whole scan, with the allow-list middleware. */
  client(key: ClientKey, region: string): SharedClient {
    if (key === 's3') throw new Error('watchpost: S3 clients are per account (AwsSession.s3Client)');
    const id = `${key}/${region}`;
    let client = this.clients.get(id);
    if (!client) {
      const made: SharedClient = this.makeClient(key, region, {
        credentials: notAnIdentity,
        signer: async (scheme?: { signingName?: string; signingRegion?: string }) =>
          this.signers.for(scheme?.signingName ?? signingNameOf(made), scheme?.signingRegion ?? region),
      });
      made.middlewareStack.addRelativeTo(accountCredentials, {
        relation: 'before',
        toMiddleware: 'httpSigningMiddleware',
        name: 'watchpostAccountCredentials',
      });
      client = made;
      this.clients.set(id, client);
    }
    return client;
  }

  /**
   * @internal an S3 client of one account. S3 signs paths and payloads its own way (its SDK client picks
   * its signer, which takes the client's credentials), so its clients are not shared: an account makes a
   * few S3 calls in one or two regions.
   */
  makeS3Client(region: string, credentials: AwsCredentialIdentityProvider): SharedClient {
    return this.makeClient('s3', region, {
      credentials,
      // Custom endpoints (AWS_ENDPOINT_URL) rarely serve virtual-hosted bucket names.
      ...(process.env.AWS_ENDPOINT_URL ? { forcePathStyle: true } : {}),
    });
  }

  private makeClient(key: ClientKey, region: string, extra: Record<string, unknown>): SharedClient {
    const Ctor = CLIENTS[key] as unknown as new (config: Record<string, unknown>) => SharedClient;
    const client = new Ctor({
      region,
      maxAttempts: this.options.maxAttempts,
      retryStrategy: configRetryStrategy,
      requestHandler: this.httpHandler,
      // Never `cacheMiddleware: true`: the SDK then reuses one handler context for every send of a
      // command, and the middleware keeps per-request state there between awaits (the identity, the
      // endpoint), so two accounts' concurrent calls on a shared client could swap it. Operations' sends
      // go through send.ts instead, which keeps the resolved middleware list but not the context.
      ...extra,
    });
    const config = (client as unknown as { config: { maxAttempts: unknown; logger?: unknown } }).config;
    client.middlewareStack.add(accountRetries(config), { ...retryMiddlewareOptions, override: true });
    client.middlewareStack.add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
        async (args: unknown) => {
          if (!operationFor(key, context.commandName)) {
            throw refusal(key, context.commandName);
          }
          return next(args);
        },
      { step: 'initialize', name: 'watchpostAllowList', priority: 'high' },
    );
    client.middlewareStack.addRelativeTo(
      (next: (args: unknown) => Promise<{ response: unknown }>, context: { commandName?: string }) =>
        async (args: unknown) => {
          const out = await next(args);
          await checkBody(key, context.commandName, out.response as RawResponse);
          return out;
        },
      { relation: 'after', toMiddleware: 'deserializerMiddleware', name: 'watchpostAnswerBody' },
    );
    return client;
  }
}

export class AwsSession {
  private readonly retries = new Map<string, RetryStrategyV2>();
  private readonly s3 = new Map<string, SharedClient>();
  private readonly credentials: AwsCredentialIdentityProvider;

  constructor(
    private readonly gateway: Gateway,
    credentials: AwsCredentialIdentityProvider,
  ) {
    // Resolve once and share; register the values so they are redacted from every message.
    let cached: Promise<AwsCredentialIdentity> | undefined;
    const renew = (): Promise<AwsCredentialIdentity> => {
      const p = credentials().then((c) => {
        registerSecret(c.accessKeyId);
        registerSecret(c.secretAccessKey);
        registerSecret(c.sessionToken);
        return c;
      });
      cached = p;
      p.catch(() => {
        if (cached === p) cached = undefined;
      });
      return p;
    };
    this.credentials = async () => {
      const current = cached;
      if (!current) return renew();
      const c = await current;
      if (!expiresSoon(c)) return c;
      // The first call to see them expiring renews them; the others wait for that renewal.
      return cached === current ? renew() : (cached ?? renew());
    };
  }

  /** Resolves the credentials (to report missing/expired credentials early). Throws on failure. */
  async resolveCredentials(): Promise<void> {
    await this.credentials();
  }

  call<I, O>(op: Operation<I, O>, region: string, input: I): Promise<Observed<O>> {
    return this.gateway.execute(this, op, region, input);
  }

  /**
   * Follows a token-paginated list to the end, returning every item, or the first error. The answer rule
   * of each operation (its service's operations.ts) guarantees its list; `items` returning anything but a list, a token
   * that repeats, or more than MAX_PAGES pages end in an error, never in a partial list read as complete.
   */
  async paginate<I, O, T>(
    op: Operation<I, O>,
    region: string,
    input: I,
    page: { inputToken: string; outputToken: (o: O) => string | undefined; items: (o: O) => T[] | undefined },
  ): Promise<Observed<T[]>> {
    const items: T[] = [];
    let token: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const res = await this.call(op, region, (token ? { ...input, [page.inputToken]: token } : input) as I);
      if (!res.ok) return res;
      const got = page.items(res.value);
      if (!Array.isArray(got)) return { ok: false, error: unexpectedAnswer(op, 'without its list') };
      items.push(...got);
      const next = page.outputToken(res.value);
      if (!next) return { ok: true, value: items };
      if (next === token) {
        return {
          ok: false,
          error: unexpectedAnswer(op, 'with the same page token twice: the list never ends'),
        };
      }
      token = next;
    }
    return {
      ok: false,
      error: {
        kind: 'other',
        code: 'TooManyPages',
        message: `${op.name} had more than ${MAX_PAGES} pages; watchpost stops there rather than judge part of the list`,
        action: op.iamAction,
        httpStatus: null,
      },
    };
  }

  /** @internal the client for a service and region (tests use it to prove refusals). */
  client(key: ClientKey, region: string): unknown {
    return key === 's3' ? this.s3Client(region) : this.gateway.client(key, region);
  }

  /** @internal this account's S3 client for a region (S3 clients are not shared: see Gateway.makeS3Client). */
  s3Client(region: string): SharedClient {
    let client = this.s3.get(region);
    if (!client) {
      // Marked memoized and config-bound: the session resolves, caches and renews its credentials itself.
      const provider = Object.assign(() => this.credentials(), { memoized: true, configBound: true });
      client = this.gateway.makeS3Client(region, provider);
      this.s3.set(region, client);
    }
    return client;
  }

  /** @internal the credentials for a request bound to this session. */
  resolvedCredentials(): Promise<AwsCredentialIdentity> {
    return this.credentials();
  }

  /** @internal this account's retry strategy for one client: AWS throttles per account and region. */
  retryStrategy(clientId: string): RetryStrategyV2 {
    let strategy = this.retries.get(clientId);
    if (!strategy) {
      const { maxAttempts, throttleAttempts } = this.gateway.options;
      strategy = new AccountRetryStrategy(maxAttempts, throttleAttempts);
      this.retries.set(clientId, strategy);
    }
    return strategy;
  }
}

function expiresSoon(c: AwsCredentialIdentity): boolean {
  return c.expiration !== undefined && c.expiration.getTime() - Date.now() < 60_000;
}

/**
 * The client as an operation's `send` sees it: each command it sends is bound to the call's account and
 * sent with its middleware planned (send.ts).
 */
function viaPlan(client: SharedClient, binding: CallBinding): never {
  return {
    send: (command: object, options?: { abortSignal?: AbortSignal }) => {
      (command as Record<symbol, unknown>)[BINDING] = binding;
      return sendCommand(client as unknown as SdkClient, command, options);
    },
  } as never;
}

function refusal(key: string, command: string | undefined): Error {
  const err = new Error(`watchpost refuses ${key}:${command ?? '?'}: not a read operation on its allow-list`);
  err.name = 'WatchpostRefused';
  return err;
}

/** Most pages `paginate` follows for one list (beyond it: an error, not a truncated list). */
export const MAX_PAGES = 1000;

/** An answer that came back 2xx but is not what the operation answers (answers.ts). */
function unexpectedAnswer(op: { name: string; iamAction: string }, problem: string): AwsError {
  return {
    kind: 'unparseable',
    code: UNEXPECTED_ANSWER,
    message: `${op.name} answered ${problem}`,
    action: op.iamAction,
    httpStatus: 200,
  };
}

/** A successful call's answer, checked against the operation's rule (answers.ts). */
export function checkedAnswer<I, O>(op: Operation<I, O>, value: O): Observed<O> {
  const problem = answerProblem(op.answer, value);
  return problem === null ? { ok: true, value } : { ok: false, error: unexpectedAnswer(op, problem) };
}

/** Words of the SDK's readers (JSON.parse, its XML parser, its date and number readers). */
const READER_MESSAGE =
  /SyntaxError|Unexpected token|is not valid JSON|Unexpected end of|Unexpected non-whitespace|XML parse error|Deserialization error|Invalid RFC-3339|Expected real number|Unable to parse/i;

/**
 * The error of a failed call. An answer the SDK could not read gets a plain message naming the operation,
 * not the reader's own ("Unexpected token '<' … is not valid JSON" is no cause a consultant can act on): a
 * 2xx is an unreadable answer (unparseable); an error status whose body is not an AWS error keeps the kind
 * its status gives (a 5xx is a server error).
 */
function callError<I, O>(op: Operation<I, O>, err: unknown): AwsError {
  const error = classifyError(err, op.iamAction);
  const status = error.httpStatus;
  if (error.code === HOLLOW_ANSWER || status === null) return error;
  const format = op.protocol === 'json' || op.protocol === 'rest-json' ? 'JSON' : 'XML';
  const article = format === 'XML' ? 'an' : 'a';
  if (status >= 200 && status < 300) {
    return {
      ...error,
      kind: 'unparseable',
      code: UNEXPECTED_ANSWER,
      message: `${op.name} answered with ${article} ${format} body watchpost could not read (a value of the wrong form, or a body cut short)`,
    };
  }
  if (READER_MESSAGE.test(error.code) || READER_MESSAGE.test(error.message)) {
    return {
      ...error,
      code: `HTTP${status}`,
      message: `${op.name} answered HTTP ${status} with a body that is not an AWS error (not ${article} ${format} error document)`,
    };
  }
  return error;
}

interface RawResponse {
  statusCode?: number;
  body?: unknown;
}

/**
 * Reads the body of a 2xx answer before the SDK does and refuses a hollow one (answers.ts, bodyProblem).
 * The body is handed on as bytes, which the SDK's readers accept.
 */
async function checkBody(key: ClientKey, command: string | undefined, response: RawResponse): Promise<void> {
  const status = response?.statusCode ?? 0;
  if (status < 200 || status >= 300) return;
  const op = operationFor(key, command);
  if (!op) return;
  const raw = response.body;
  let bytes: Uint8Array;
  if (raw instanceof Uint8Array) bytes = raw;
  else if (typeof raw === 'string') bytes = Buffer.from(raw);
  else if (raw === undefined || raw === null) bytes = new Uint8Array();
  else bytes = await streamCollector(raw as Parameters<typeof streamCollector>[0]);
  response.body = bytes;
  const problem = bodyProblem(op.protocol, op.root, bytes, op.lists, op.texts);
  if (problem) {
    const err = new Error(`${op.name} answered HTTP ${status} ${problem}`) as Error & {
      $metadata: { httpStatusCode: number };
    };
    err.name = HOLLOW_ANSWER;
    err.$metadata = { httpStatusCode: status };
    throw err;
  }
}

export type { AwsError };
