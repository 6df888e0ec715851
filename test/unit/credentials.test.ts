/**
 * Credential failures said plainly: a named profile that is not configured (exit 2 before any call), and
 * what the chain tried when it found nothing. Only names appear in messages, never values.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { InputError } from '../../src/evidence/bundle.js';
import { checkProfile, explainMissingCredentials } from '../../src/pipeline/credentials.js';

const VARS = [
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_EC2_METADATA_DISABLED',
];

describe('credentials', () => {
  let saved: Record<string, string | undefined>;
  let dir: string;
  let config: string;
  let credentials: string;
  beforeEach(() => {
    saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
    for (const v of VARS) delete process.env[v];
    dir = mkdtempSync(join(tmpdir(), 'watchpost-creds-'));
    config = join(dir, 'config');
    credentials = join(dir, 'credentials');
    process.env.AWS_CONFIG_FILE = config;
    process.env.AWS_SHARED_CREDENTIALS_FILE = credentials;
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    writeFileSync(
      config,
      '[default]\nregion = eu-west-1\n[profile audit]\nregion = eu-west-1\nsso_session = corp\n[notaprofile]\nregion = x\n[profile empty]\nregion = eu-west-1\n',
    );
    writeFileSync(
      credentials,
      '[keys]\naws_access_key_id = AKIAEXAMPLEKEY\naws_secret_access_key = s3cr3t-value\n',
    );
  });
  afterEach(() => {
    for (const v of VARS) {
      if (saved[v] === undefined) delete process.env[v];
      else process.env[v] = saved[v];
    }
  });

  test('a named profile in either file passes', async () => {
    await checkProfile('audit'); // [profile audit] in config
    await checkProfile('keys'); // [keys] in credentials
    await checkProfile('default');
    await checkProfile(undefined);
  });

  test('a profile in neither file is an InputError naming it and the files actually read', async () => {
    await assert.rejects(
      checkProfile('nosuch'),
      (e: Error) =>
        e instanceof InputError && e.message === `profile nosuch is not in ${config} or ${credentials}`,
    );
    // In the config file a profile's section is [profile NAME]: [notaprofile] is not one (as for the SDK).
    await assert.rejects(checkProfile('notaprofile'), /profile notaprofile is not in/);
  });

  test('AWS_PROFILE is checked too, and said to be its source; without the variables, ~/.aws is named', async () => {
    process.env.AWS_PROFILE = 'fromenv';
    await assert.rejects(
      checkProfile(undefined),
      /^InputError: profile fromenv \(from AWS_PROFILE\) is not in /,
    );
    delete process.env.AWS_CONFIG_FILE;
    delete process.env.AWS_SHARED_CREDENTIALS_FILE;
    await assert.rejects(
      checkProfile('nosuch'),
      (e: Error) => e.message === 'profile nosuch is not in ~/.aws/config or ~/.aws/credentials',
    );
  });

  test('what the chain tried: environment, the default profile, web identity, instance metadata', async () => {
    const line = await explainMissingCredentials(undefined);
    assert.equal(
      line,
      'no AWS credentials found (tried environment variables: AWS_ACCESS_KEY_ID is not set; profile default: has no credentials (no aws_access_key_id, SSO, credential_process or role_arn); web identity token: AWS_WEB_IDENTITY_TOKEN_FILE is not set; EC2 instance metadata: disabled by AWS_EC2_METADATA_DISABLED)',
    );
    assert.ok(!line.includes('\n'));
  });

  test('variants: a key id without its secret, a named profile, container credentials; no value printed', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIAONLYTHEID';
    let line = await explainMissingCredentials(undefined);
    assert.match(line, /AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not/);
    assert.ok(!line.includes('AKIAONLYTHEID'));
    line = await explainMissingCredentials('empty');
    assert.match(
      line,
      /environment variables: skipped because profile empty is named; profile empty: has no credentials/,
    );
    line = await explainMissingCredentials('keys');
    assert.match(line, /profile keys: gave no credentials/);
    assert.ok(!line.includes('AKIAEXAMPLEKEY') && !line.includes('s3cr3t'));
    process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI = '/v2/credentials/x';
    assert.match(
      await explainMissingCredentials(undefined),
      /container credentials endpoint: gave no credentials\)$/,
    );
    delete process.env.AWS_CONFIG_FILE;
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'none');
    process.env.AWS_CONFIG_FILE = join(dir, 'none2');
    assert.match(await explainMissingCredentials(undefined), /profile default: not in .*none2 or .*none;/);
  });
});
