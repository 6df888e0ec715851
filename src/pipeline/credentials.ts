/**
 * Credential problems said plainly, from the local AWS configuration only (no network, no secret ever
 * printed: names of profiles, variables and files, never their values).
 *
 * The AWS SDK's credential chain ends every failure with the same "Could not load credentials from any
 * providers". `checkProfile` finds a named profile that is not configured before the first AWS call (bad
 * input, exit 2); `explainMissingCredentials` says what the chain tried when it found nothing.
 * The shared files are read with the SDK's own loader, so `AWS_CONFIG_FILE`,
 * `AWS_SHARED_CREDENTIALS_FILE` and the `[profile NAME]` / `[NAME]` sections mean what they mean to the SDK.
 */
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/core/config';
import { InputError } from '../evidence/bundle.js';

/** The shared config and credentials files as the SDK finds them, for messages (`~` for the home folder). */
function sharedFiles(): { config: string; credentials: string } {
  return {
    config: process.env.AWS_CONFIG_FILE || join('~', '.aws', 'config'),
    credentials: process.env.AWS_SHARED_CREDENTIALS_FILE || join('~', '.aws', 'credentials'),
  };
}

type Profiles = Record<string, Record<string, string | undefined>>;

async function loadProfiles(): Promise<{ config: Profiles; credentials: Profiles }> {
  // ignoreCache: the SDK caches file contents per process; a test (or a long session) may change them.
  const files = await loadSharedConfigFiles({ ignoreCache: true });
  return { config: files.configFile as Profiles, credentials: files.credentialsFile as Profiles };
}

/** The profile the SDK will use: --profile, else AWS_PROFILE; undefined for the default chain. */
function namedProfile(profile: string | undefined): { name: string; from: string } | undefined {
  if (profile) return { name: profile, from: '' };
  const env = process.env.AWS_PROFILE;
  return env ? { name: env, from: ' (from AWS_PROFILE)' } : undefined;
}

/**
 * Throws an `InputError` when a profile is named (`--profile`, or `AWS_PROFILE`) that neither shared file
 * defines: "profile nosuch is not in ~/.aws/config or ~/.aws/credentials".
 */
export async function checkProfile(profile: string | undefined): Promise<void> {
  const named = namedProfile(profile);
  if (!named) return;
  const { config, credentials } = await loadProfiles();
  if (Object.hasOwn(config, named.name) || Object.hasOwn(credentials, named.name)) return;
  const files = sharedFiles();
  throw new InputError(
    `profile ${named.name}${named.from} is not in ${files.config} or ${files.credentials}`,
  );
}

/** Settings by which a profile yields credentials (the SDK's ini, SSO, process and web identity providers). */
const CREDENTIAL_KEYS = [
  'aws_access_key_id',
  'sso_session',
  'sso_start_url',
  'sso_account_id',
  'credential_process',
  'role_arn',
  'web_identity_token_file',
  'login_session',
];

/**
 * One line saying what the credential chain tried, for when it found nothing: the environment, the
 * profile in the shared files, a web identity token, container credentials and the EC2 instance metadata
 * service, each with why it gave nothing as far as the local configuration tells.
 */
export async function explainMissingCredentials(profile: string | undefined): Promise<string> {
  const named = namedProfile(profile);
  const files = sharedFiles();
  const tried: string[] = [];
  if (named) {
    tried.push(`environment variables: skipped because profile ${named.name} is named`);
  } else if (process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_SECRET_ACCESS_KEY) {
    tried.push('environment variables: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not');
  } else {
    tried.push('environment variables: AWS_ACCESS_KEY_ID is not set');
  }
  const name = named?.name ?? 'default';
  let profiles: { config: Profiles; credentials: Profiles } = { config: {}, credentials: {} };
  try {
    profiles = await loadProfiles();
  } catch {
    // unreadable files: the SDK found nothing there either
  }
  const settings = { ...profiles.config[name], ...profiles.credentials[name] };
  const inFiles = Object.hasOwn(profiles.config, name) || Object.hasOwn(profiles.credentials, name);
  if (!inFiles) tried.push(`profile ${name}: not in ${files.config} or ${files.credentials}`);
  else if (!CREDENTIAL_KEYS.some((k) => settings[k]))
    tried.push(
      `profile ${name}: has no credentials (no aws_access_key_id, SSO, credential_process or role_arn)`,
    );
  else tried.push(`profile ${name}: gave no credentials`);
  tried.push(
    process.env.AWS_WEB_IDENTITY_TOKEN_FILE
      ? 'web identity token: gave no credentials'
      : 'web identity token: AWS_WEB_IDENTITY_TOKEN_FILE is not set',
  );
  if (process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI) {
    tried.push('container credentials endpoint: gave no credentials');
  } else {
    const imds = process.env.AWS_EC2_METADATA_DISABLED;
    tried.push(
      imds && imds !== 'false'
        ? 'EC2 instance metadata: disabled by AWS_EC2_METADATA_DISABLED'
        : 'EC2 instance metadata: no answer (not on EC2)',
    );
  }
  return `no AWS credentials found (tried ${tried.join('; ')})`;
}
