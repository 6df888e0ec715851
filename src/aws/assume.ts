/**
 * Role assumption for organization scans, made through the gateway like every other call (so it is
 * counted, redacted and on the allow-list). The returned provider renews the credentials before expiry.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsError } from '../evidence/observed.js';
import { CORE_OPS } from './core-operations.js';
import { type AwsSession, globalRegion } from './gateway.js';

export interface AssumeOptions {
  partition: string;
  accountId: string;
  roleName: string;
  externalId?: string;
  sessionName: string;
  /** Region for STS calls (regional endpoints are preferred by AWS). */
  region?: string;
}

export function roleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/**
 * Assumes the role once to prove it works; returns a provider for the member account, or the error.
 */
export async function assumeRole(
  base: AwsSession,
  opts: AssumeOptions,
): Promise<{ ok: true; provider: AwsCredentialIdentityProvider } | { ok: false; error: AwsError }> {
  const region = opts.region ?? globalRegion(opts.partition);
  const fetchCredentials = async (): Promise<
    { ok: true; creds: AwsCredentialIdentity } | { ok: false; error: AwsError }
  > => {
    const res = await base.call(CORE_OPS.assumeRole, region, {
      RoleArn: roleArn(opts.partition, opts.accountId, opts.roleName),
      RoleSessionName: opts.sessionName,
      DurationSeconds: 3600,
      ...(opts.externalId ? { ExternalId: opts.externalId } : {}),
    });
    if (!res.ok) return res;
    const c = res.value.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      return {
        ok: false,
        error: {
          kind: 'unparseable',
          code: 'NoCredentials',
          message: 'AssumeRole answered without credentials',
          action: 'sts:AssumeRole',
          httpStatus: null,
        },
      };
    }
    return {
      ok: true,
      creds: {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
        ...(c.Expiration ? { expiration: new Date(c.Expiration) } : {}),
      },
    };
  };
  const first = await fetchCredentials();
  if (!first.ok) return first;
  let current = first.creds;
  const provider: AwsCredentialIdentityProvider = async () => {
    if (current.expiration && current.expiration.getTime() - Date.now() < 5 * 60_000) {
      const next = await fetchCredentials();
      if (!next.ok) throw Object.assign(new Error(next.error.message), { name: next.error.code });
      current = next.creds;
    }
    return current;
  };
  return { ok: true, provider };
}
