/**
 * Sends a command through an SDK client with its middleware resolved once per client and command class.
 *
 * The SDK's `Client.send` rebuilds a command's middleware for every request: it applies the command's
 * plugins to a fresh stack, copies the client's ~40 middleware entries into another, and sorts them
 * (steps, priorities, relations) before it folds them into a handler: ~6 % of an organization scan's CPU.
 * Its own cache (`cacheMiddleware: true`) keeps the folded *handler*, and with it one handler context for
 * every send of a command: the middleware keeps per-request state there (the resolved identity, the
 * endpoint, the auth scheme) between awaits, so two accounts' concurrent calls on a shared client could
 * swap it. Here only the sorted list of middleware factories is kept; every send gets a fresh context,
 * built as `Command.resolveMiddlewareWithContext` builds it, and folds the factories as
 * `MiddlewareStack.resolve` does.
 *
 * The first send of each command class on a client goes through the SDK's own path, which is where the
 * command's own settings (its plugins, names, log filters, smithy context) are read from. A command whose
 * settings cannot be read (another SDK version), or with an event stream, keeps the SDK's path.
 * test/unit/send.test.ts checks the list against the SDK's own order for every operation watchpost defines.
 */
import { constructStack, NoOpLogger } from '@smithy/core/client';
import { userAgentOnce } from './user-agent.js';

const SMITHY = '__smithy_context';
const EVENT_STREAM = Symbol.for('@smithy/op-event-stream');

type Handler = (args: unknown) => Promise<{ output: unknown }>;
type Factory = (next: Handler, context: Record<string, unknown>) => Handler;

/** What a command class resolves its middleware with (the 4th argument of resolveMiddlewareWithContext). */
interface CommandSettings {
  middlewareFn: (this: unknown, ...args: unknown[]) => { applyToStack: (stack: unknown) => void }[];
  CommandCtor: unknown;
  clientName: string;
  commandName: string;
  inputFilterSensitiveLog: unknown;
  outputFilterSensitiveLog: unknown;
  smithyContext: Record<string, unknown>;
  additionalContext: Record<string, unknown>;
}

interface Plan {
  /** The factories in the order `MiddlewareStack.resolve` applies them (innermost first). */
  factories: Factory[];
  /** Their names, same order (tests). */
  names: string[];
  settings: CommandSettings;
}

export interface SdkClient {
  config: { logger?: unknown; requestHandler: { handle: (request: unknown, options: unknown) => unknown } };
  middlewareStack: ReturnType<typeof constructStack>;
  send: (command: unknown, options?: unknown) => Promise<unknown>;
}

interface SdkCommand {
  constructor: object;
  schema?: Record<symbol, unknown>;
  resolveMiddlewareWithContext?: unknown;
}

interface SendOptions {
  abortSignal?: unknown;
  metricsRecorder?: unknown;
}

/** Plans per client, then per command class; null: that command keeps the SDK's path. */
const plans = new WeakMap<object, Map<object, Plan | null>>();

export function sendCommand(client: SdkClient, command: object, options?: SendOptions): Promise<unknown> {
  const cmd = command as SdkCommand;
  let byCommand = plans.get(client);
  if (!byCommand) {
    byCommand = new Map();
    plans.set(client, byCommand);
  }
  const plan = byCommand.get(cmd.constructor);
  if (plan === undefined) return firstSend(client, cmd, options, byCommand);
  if (plan === null || options?.metricsRecorder !== undefined) return client.send(command, options);
  return planned(plan, client, command, options);
}

/** @internal (tests) the names of a planned command's middleware, outermost first, or null. */
export function plannedMiddleware(client: object, commandClass: object): string[] | null {
  const plan = plans.get(client)?.get(commandClass);
  return plan ? [...plan.names].reverse() : null;
}

function firstSend(
  client: SdkClient,
  cmd: SdkCommand,
  options: SendOptions | undefined,
  byCommand: Map<object, Plan | null>,
): Promise<unknown> {
  let settings: CommandSettings | undefined;
  const proto = Object.getPrototypeOf(cmd) as { resolveMiddlewareWithContext?: unknown };
  const original = proto.resolveMiddlewareWithContext;
  if (typeof original === 'function') {
    // The SDK calls it synchronously from send(), with the command class's settings.
    cmd.resolveMiddlewareWithContext = function (this: unknown, ...args: unknown[]) {
      settings = args[3] as CommandSettings;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
  let sent: Promise<unknown>;
  try {
    sent = client.send(cmd, options);
  } finally {
    delete cmd.resolveMiddlewareWithContext;
  }
  let plan: Plan | null = null;
  try {
    if (settings && !cmd.schema?.[EVENT_STREAM]) plan = makePlan(client, cmd, settings, options);
  } catch {
    plan = null;
  }
  byCommand.set(cmd.constructor, plan);
  return sent;
}

function makePlan(
  client: SdkClient,
  cmd: SdkCommand,
  settings: CommandSettings,
  options: SendOptions | undefined,
): Plan | null {
  const { middlewareFn, CommandCtor, clientName, commandName, smithyContext, additionalContext } = settings;
  if (typeof middlewareFn !== 'function' || typeof clientName !== 'string' || typeof commandName !== 'string')
    return null;
  if (!smithyContext || !additionalContext) return null;
  // As resolveMiddlewareWithContext does: the command's plugins on a stack of its own, after the client's.
  const own = constructStack();
  for (const plugin of middlewareFn.call(cmd, CommandCtor, client.middlewareStack, client.config, options)) {
    own.use(plugin as never);
  }
  const stack = client.middlewareStack.concat(own as never);
  // The order resolve() applies the factories in: replay the stack into a probe whose entries record it.
  const factories: Factory[] = [];
  const names: string[] = [];
  const probe = constructStack();
  const record = (middleware: Factory, o: Record<string, unknown>) => {
    const { middleware: _, ...rest } = o;
    const probeEntry = (next: Handler) => {
      factories.push(middleware);
      names.push(typeof o.name === 'string' ? o.name : '?');
      return next;
    };
    return [probeEntry, rest] as unknown as [never, never];
  };
  stack.applyToStack({
    add: (middleware: Factory, o: Record<string, unknown>) => {
      const [entry, rest] = record(middleware, o);
      probe.add(entry, rest);
    },
    addRelativeTo: (middleware: Factory, o: Record<string, unknown>) => {
      const [entry, rest] = record(middleware, o);
      probe.addRelativeTo(entry, rest);
    },
    identifyOnResolve: () => false,
  } as never);
  probe.resolve((() => Promise.resolve({ output: undefined })) as never, {} as never);
  if (factories.length === 0) return null;
  const at = names.indexOf('endpointV2Middleware');
  if (at >= 0 && endpointIsFixed(CommandCtor)) factories[at] = fixedEndpoint(factories[at]!);
  // The client's user agent computed once (user-agent.ts); the SDK's logger middleware only logs to a
  // logger that is not its NoOpLogger (it builds nothing otherwise): with that one it is left out.
  const ua = names.indexOf('getUserAgentMiddleware');
  if (ua >= 0 && names.lastIndexOf('getUserAgentMiddleware') === ua)
    factories[ua] = userAgentOnce(client.config as never) as unknown as Factory;
  const logger = names.indexOf('loggerMiddleware');
  if (logger >= 0 && client.config.logger instanceof NoOpLogger) factories[logger] = (next) => next;
  // The recursion-detection middleware adds trace headers only inside AWS Lambda (the function's name and
  // trace id in the environment, or the trace context the Lambda runtime keeps in its invoke store); for
  // every request it still scans the headers twice, reads the environment and awaits the store.
  const recursion = names.indexOf('recursionDetectionMiddleware');
  if (recursion >= 0 && !inLambda()) factories[recursion] = (next) => next;
  return { factories, names, settings };
}

/**
 * True in an AWS Lambda function, whose runtime names it in the environment. (Not the invoke store on
 * `globalThis.awslambda`: the SDK's own middleware installs one on its first request anywhere.)
 */
function inLambda(): boolean {
  return Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME);
}

/**
 * True when a command's endpoint depends on the client's configuration only: no parameter of its endpoint
 * rules is read from the command's input (S3's bucket operations read `Bucket`, for example).
 */
function endpointIsFixed(commandClass: unknown): boolean {
  const get = (commandClass as { getEndpointParameterInstructions?: () => Record<string, { type?: string }> })
    .getEndpointParameterInstructions;
  if (typeof get !== 'function') return false;
  return Object.values(get() ?? {}).every(
    (i) => i.type === 'staticContextParams' || i.type === 'builtInParams' || i.type === 'clientContextParams',
  );
}

interface ResolvedEndpoint {
  endpoint: { properties?: { authSchemes?: Record<string, unknown>[] } };
  features: Record<string, unknown> | undefined;
}

/**
 * The SDK's endpoint middleware evaluates the endpoint rules for every request (after copying the client's
 * whole configuration); a command whose endpoint depends on the client's configuration only gets the same
 * endpoint each time (the SDK's own endpoint cache then answers the same object). Here the middleware runs
 * once per client and command, on a probe context, and each request's context then gets what it sets
 * there, as it sets it.
 */
function fixedEndpoint(original: Factory): Factory {
  let resolved: Promise<ResolvedEndpoint> | undefined;
  return (next, context) => async (args) => {
    if (!resolved) {
      const probe: Record<string, unknown> = { logger: context.logger, [SMITHY]: {} };
      const once = new Promise<ResolvedEndpoint>((resolve, reject) => {
        const capture: Handler = async () => {
          const endpoint = probe.endpointV2 as ResolvedEndpoint['endpoint'] | undefined;
          if (!endpoint) throw new Error('watchpost: the endpoint middleware set no endpoint');
          const features = (probe[SMITHY] as { features?: Record<string, unknown> }).features;
          resolve({ endpoint, features });
          return { output: undefined };
        };
        original(capture, probe)(args).catch(reject);
      });
      resolved = once;
      once.catch(() => {
        if (resolved === once) resolved = undefined;
      });
    }
    const { endpoint, features } = await resolved;
    // What the SDK's endpoint middleware sets (@smithy/core endpoints, bindEndpointMiddleware).
    const smithy = context[SMITHY] as {
      features?: Record<string, unknown>;
      selectedHttpAuthScheme?: { httpAuthOption?: { signingProperties?: Record<string, unknown> } };
    };
    if (features) smithy.features = { ...smithy.features, ...features };
    context.endpointV2 = endpoint;
    const authSchemes = endpoint.properties?.authSchemes;
    context.authSchemes = authSchemes;
    const authScheme = authSchemes?.[0] as
      | { signingRegion?: string; signingName?: string; signingRegionSet?: unknown; properties?: object }
      | undefined;
    if (authScheme) {
      context.signing_region = authScheme.signingRegion;
      context.signing_service = authScheme.signingName;
      const option = smithy.selectedHttpAuthScheme?.httpAuthOption;
      if (option) {
        option.signingProperties = Object.assign(
          option.signingProperties || {},
          {
            signing_region: authScheme.signingRegion,
            signingRegion: authScheme.signingRegion,
            signing_service: authScheme.signingName,
            signingName: authScheme.signingName,
            signingRegionSet: authScheme.signingRegionSet,
          },
          authScheme.properties,
        );
      }
    }
    return next({ ...(args as object) });
  };
}

function planned(plan: Plan, client: SdkClient, command: object, options: SendOptions | undefined) {
  const s = plan.settings;
  const additionalSmithy = s.additionalContext[SMITHY] as Record<string, unknown> | undefined;
  const context: Record<string, unknown> = {
    logger: client.config.logger,
    clientName: s.clientName,
    commandName: s.commandName,
    inputFilterSensitiveLog: s.inputFilterSensitiveLog,
    outputFilterSensitiveLog: s.outputFilterSensitiveLog,
    ...s.additionalContext,
    [SMITHY]: {
      ...additionalSmithy,
      commandInstance: command,
      ...s.smithyContext,
      ...(options?.abortSignal === undefined ? {} : { abortSignal: options.abortSignal }),
    },
  };
  const requestOptions = options ?? {};
  const { requestHandler } = client.config;
  let handler: Handler = (args) =>
    requestHandler.handle((args as { request: unknown }).request, requestOptions) as Promise<{
      output: unknown;
    }>;
  for (const factory of plan.factories) handler = factory(handler, context);
  return handler(command).then((result) => result.output);
}
