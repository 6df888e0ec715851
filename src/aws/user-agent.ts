/**
 * The SDK's user-agent middleware, with what depends only on the client computed once per client.
 *
 * For every request the SDK's `userAgentMiddleware` (@aws-sdk/core) awaits the client's default user agent
 * (five or six sections, each escaped by regular expressions), its retry mode and app id, and joins the
 * headers again (~2 % of a worker's CPU in an organization scan). Every one of those is the client's
 * configuration. Here they are resolved once per client; what can differ per request is worked out as the
 * SDK does (the features the request's context carries: the endpoint's, the identity's source, RPC v2
 * CBOR, account-id endpoints), and the two headers are kept per client and set of features.
 * test/unit/send.test.ts checks the headers against the SDK's own for every protocol watchpost uses.
 */
import { getUserAgentPrefix, setFeature } from '@aws-sdk/core/client';
import { HttpRequest } from '@smithy/core/protocols';

type Pair = [string, string?] | string[];
type Next = (args: unknown) => Promise<unknown>;

/** What the SDK's middleware reads from the client's resolved configuration. */
interface UserAgentOptions {
  defaultUserAgentProvider: () => Promise<Pair[]>;
  customUserAgent?: Pair[];
  userAgentAppId: () => Promise<string | undefined>;
  retryStrategy?: unknown;
  accountIdEndpointMode?: unknown;
  runtime?: string;
}

interface Fixed {
  /** The escaped default sections, without the features and app id. */
  defaults: string[];
  custom: string[];
  appId: string | undefined;
  retryMode: string | undefined;
  accountIdMode: string | undefined;
  /** Headers per user-agent sections of the context and features. */
  headers: Map<string, { userAgent: string; amzUserAgent: string }>;
}

// The SDK's escaping (@aws-sdk/core, user-agent-middleware.js).
const UA_NAME_ESCAPE_REGEX = /[^!$%&'*+\-.^_`|~\w]/g;
const UA_VALUE_ESCAPE_REGEX = /[^!$%&'*+\-.^_`|~\w#]/g;

export function escapeUserAgent(pair: Pair): string {
  const name = String(pair[0])
    .split('/')
    .map((part) => part.replace(UA_NAME_ESCAPE_REGEX, '-'))
    .join('/');
  const version = pair[1]?.replace(UA_VALUE_ESCAPE_REGEX, '-');
  const at = name.indexOf('/');
  const prefix = name.substring(0, at);
  let uaName = name.substring(at + 1);
  if (prefix === 'api') uaName = uaName.toLowerCase();
  return [prefix, uaName, version]
    .filter((item): item is string => typeof item === 'string' && item.length > 0)
    .reduce(
      (acc, item, index) => (index === 0 ? item : index === 1 ? `${acc}/${item}` : `${acc}#${item}`),
      '',
    );
}

const BYTE_LIMIT = 1024;
function encodeFeatures(features: Record<string, string>): string {
  let buffer = '';
  for (const key in features) {
    const val = features[key]!;
    if (buffer.length + val.length + 1 > BYTE_LIMIT) break;
    buffer += buffer.length ? `,${val}` : val;
  }
  return buffer;
}

const ACCOUNT_ID_ENDPOINT_REGEX = /\d{12}\.ddb/;

async function resolveFixed(options: UserAgentOptions): Promise<Fixed> {
  const defaults = (await options.defaultUserAgentProvider()).map(escapeUserAgent);
  let retryMode: string | undefined;
  if (typeof options.retryStrategy === 'function') {
    const strategy = (await (options.retryStrategy as () => Promise<{ mode?: unknown }>)()) as {
      mode?: unknown;
    };
    if (typeof strategy?.mode === 'string') retryMode = strategy.mode;
  }
  const accountIdMode =
    typeof options.accountIdEndpointMode === 'function'
      ? ((await (options.accountIdEndpointMode as () => Promise<string | undefined>)()) ?? undefined)
      : undefined;
  return {
    defaults,
    custom: options.customUserAgent?.map(escapeUserAgent) ?? [],
    appId: (await options.userAgentAppId()) || undefined,
    retryMode,
    accountIdMode,
    headers: new Map(),
  };
}

/** The SDK's checkFeatures, with the client's retry and account-id modes already resolved. */
function checkFeatures(
  context: Record<string, unknown>,
  options: UserAgentOptions,
  fixed: Fixed,
  request: HttpRequest,
) {
  if (request.headers?.['smithy-protocol'] === 'rpc-v2-cbor')
    setFeature(context as never, 'PROTOCOL_RPC_V2_CBOR', 'M');
  if (fixed.retryMode === 'adaptive') setFeature(context as never, 'RETRY_MODE_ADAPTIVE', 'F');
  else if (fixed.retryMode === 'standard') setFeature(context as never, 'RETRY_MODE_STANDARD', 'E');
  if (typeof options.accountIdEndpointMode === 'function') {
    const endpoint = context.endpointV2 as { url?: { hostname?: unknown } } | undefined;
    if (String(endpoint?.url?.hostname).match(ACCOUNT_ID_ENDPOINT_REGEX))
      setFeature(context as never, 'ACCOUNT_ID_ENDPOINT', 'O');
    switch (fixed.accountIdMode) {
      case 'disabled':
        setFeature(context as never, 'ACCOUNT_ID_MODE_DISABLED', 'Q');
        break;
      case 'preferred':
        setFeature(context as never, 'ACCOUNT_ID_MODE_PREFERRED', 'P');
        break;
      case 'required':
        setFeature(context as never, 'ACCOUNT_ID_MODE_REQUIRED', 'R');
        break;
    }
  }
  const smithy = context.__smithy_context as
    | { selectedHttpAuthScheme?: { identity?: { $source?: Record<string, string>; accountId?: unknown } } }
    | undefined;
  const identity = smithy?.selectedHttpAuthScheme?.identity;
  if (identity?.$source) {
    if (identity.accountId) setFeature(context as never, 'RESOLVED_ACCOUNT_ID', 'T');
    for (const [key, value] of Object.entries(identity.$source ?? {}))
      setFeature(context as never, key as never, value as never);
  }
}

/**
 * A factory in the place of the SDK's `userAgentMiddleware(options)`, for a client whose configuration is
 * `options`: the same headers, the client's part computed once.
 */
export function userAgentOnce(options: UserAgentOptions) {
  let fixed: Promise<Fixed> | undefined;
  return (next: Next, context: Record<string, unknown>) => async (args: unknown) => {
    const { request } = args as { request: unknown };
    if (!HttpRequest.isInstance(request)) return next(args);
    if (!fixed) {
      const once = resolveFixed(options);
      fixed = once;
      once.catch(() => {
        if (fixed === once) fixed = undefined;
      });
    }
    const f = await fixed;
    checkFeatures(context, options, f, request);
    const smithy = context.__smithy_context as { features?: Record<string, string> } | undefined;
    const aws = context.__aws_sdk_context as { features?: Record<string, string> } | undefined;
    const features = encodeFeatures(Object.assign({}, smithy?.features, aws?.features));
    const own = context.userAgent as Pair[] | undefined;
    const prefix = getUserAgentPrefix();
    const key = own?.length ? `${prefix}\n${features}\n${JSON.stringify(own)}` : `${prefix}\n${features}`;
    let headers = f.headers.get(key);
    if (!headers) {
      const defaults = [...f.defaults, `m/${features}`];
      if (f.appId) defaults.push(escapeUserAgent(['app', `${f.appId}`]));
      const userAgent = own?.map(escapeUserAgent) ?? [];
      headers = {
        userAgent: (prefix ? [prefix] : []).concat([...defaults, ...userAgent, ...f.custom]).join(' '),
        amzUserAgent: [...defaults.filter((s) => s.startsWith('aws-sdk-')), ...f.custom].join(' '),
      };
      f.headers.set(key, headers);
    }
    const h = request.headers;
    if (options.runtime !== 'browser') {
      if (headers.amzUserAgent)
        h['x-amz-user-agent'] = h['x-amz-user-agent']
          ? `${h['user-agent']} ${headers.amzUserAgent}`
          : headers.amzUserAgent;
      h['user-agent'] = headers.userAgent;
    } else {
      h['x-amz-user-agent'] = headers.userAgent;
    }
    return next({ ...(args as object), request });
  };
}
