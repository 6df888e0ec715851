/**
 * Local AWS configuration (no network): the region configured for the caller, as the SDK resolves it —
 * AWS_REGION / AWS_DEFAULT_REGION, then the profile's `region` in ~/.aws/config.
 */
import { STSClient } from '@aws-sdk/client-sts';

export async function configuredRegion(profile?: string): Promise<string | undefined> {
  const env = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (env) return env;
  const client = new STSClient(profile ? { profile } : {});
  try {
    const region = await client.config.region();
    return region || undefined;
  } catch {
    return undefined; // no region configured anywhere
  } finally {
    client.destroy();
  }
}
