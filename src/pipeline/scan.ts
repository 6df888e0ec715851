/**
 * `scan`: credentials → caller identity → collectors → evidence bundle. No judgement happens here.
 */

import { configuredRegion } from '../aws/config.js';
import { CORE_OPS } from '../aws/core-operations.js';
import { type AwsSession, Gateway, type GatewayOptions } from '../aws/gateway.js';
import { collectAccount } from '../collect/account.js';
import type { CallStats } from '../evidence/observed.js';
import { type Bundle, SCHEMA_VERSION } from '../evidence/schema.js';
import type { ServiceId } from '../services/registry.js';
import { VERSION } from '../version.js';

import { explainMissingCredentials } from './credentials.js';
import { CredentialsError } from './errors.js';

export { CredentialsError };

export interface ScanOptions {
  profile?: string;
  regions?: string[];
  services?: ServiceId[];
  /** False: no usage reads for the cost estimate (`--no-costs`). */
  usage?: boolean;
  maxAttempts?: number;
  maxConcurrency?: number;
  debug?: (line: string) => void;
  onCall?: (stats: CallStats) => void;
  onProgress?: (e: { region: string; service: string }) => void;
  /** Aborting stops the scan; what was collected is kept and the bundle is marked incomplete. */
  signal?: AbortSignal;
}

const CREDENTIAL_CODES = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'TokenRefreshRequired',
  'SSOTokenProviderFailure',
]);

/**
 * The caller's account, ARN and partition. STS is asked in the configured region (env or profile), so
 * credentials of other partitions (GovCloud, China) work; us-east-1 when nothing is configured.
 */
export async function whoAmI(
  session: AwsSession,
  profile?: string,
): Promise<{ accountId: string; arn: string; partition: string }> {
  const region = (await configuredRegion(profile)) ?? 'us-east-1';
  const res = await session.call(CORE_OPS.getCallerIdentity, region, {});
  if (!res.ok) {
    const e = res.error;
    if (e.code === 'CredentialsProviderError' && /from any providers/.test(e.message)) {
      // The chain's last words say nothing of what it tried: say it from the local configuration.
      throw new CredentialsError(
        `cannot identify the caller: ${await explainMissingCredentials(profile)}; configure credentials (environment, ~/.aws/credentials, --profile, or \`aws sso login\`) and try again`,
      );
    }
    const hint =
      CREDENTIAL_CODES.has(e.code) || e.code.includes('Credential') || e.code.includes('Token')
        ? 'configure credentials (environment, ~/.aws/credentials, --profile, or `aws sso login`) and try again'
        : 'check the network and the credentials';
    throw new CredentialsError(
      `cannot identify the caller (sts:GetCallerIdentity: ${e.code}: ${e.message.split('\n')[0]}); ${hint}`,
    );
  }
  const arn = res.value.Arn ?? '';
  const accountId = res.value.Account ?? '';
  const partition = /^arn:([^:]+):/.exec(arn)?.[1];
  if (!/^\d{12}$/.test(accountId) || !partition) {
    throw new CredentialsError(
      `sts:GetCallerIdentity gave an unexpected answer (account ${JSON.stringify(accountId)})`,
    );
  }
  return { accountId, arn, partition };
}

/** The gateway for a scan, with the user's options; stopping `opts.signal` stops it. */
export function openGateway(opts: ScanOptions, defaults: Partial<GatewayOptions> = {}): Gateway {
  const gwOptions: GatewayOptions = { ...defaults };
  if (opts.profile) gwOptions.profile = opts.profile;
  // --max-attempts is the user's bound for every error, throttling included.
  if (opts.maxAttempts) gwOptions.maxAttempts = gwOptions.throttleAttempts = opts.maxAttempts;
  if (opts.maxConcurrency) gwOptions.maxConcurrency = opts.maxConcurrency;
  if (opts.debug) gwOptions.debug = opts.debug;
  if (opts.onCall) gwOptions.onCall = opts.onCall;
  const gateway = new Gateway(gwOptions);
  opts.signal?.addEventListener('abort', () => gateway.stop(), { once: true });
  return gateway;
}

export async function scan(opts: ScanOptions): Promise<Bundle> {
  const startedAt = new Date().toISOString();
  const gateway = openGateway(opts);
  const session = gateway.defaultSession();
  const me = await whoAmI(session, opts.profile);
  const account = await collectAccount(session, {
    accountId: me.accountId,
    partition: me.partition,
    callerArn: me.arn,
    ...(opts.regions ? { requestedRegions: opts.regions } : {}),
    ...(opts.services ? { services: opts.services } : {}),
    ...(opts.usage === false ? { usage: false } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'watchpost', version: VERSION },
    startedAt,
    finishedAt: new Date().toISOString(),
    complete: !opts.signal?.aborted,
    partition: me.partition,
    accounts: [account],
    calls: gateway.callStats(),
  };
}
