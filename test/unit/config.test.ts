import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { configuredRegion } from '../../src/aws/config.js';

test('the region comes from the environment first, then the profile in the config file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'watchpost-config-'));
  const config = join(dir, 'config');
  writeFileSync(config, '[profile gov]\nregion = us-gov-west-1\n\n[default]\n');
  const saved = { ...process.env };
  try {
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    delete process.env.AWS_PROFILE;
    process.env.AWS_CONFIG_FILE = config;
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    assert.equal(await configuredRegion('gov'), 'us-gov-west-1');
    assert.equal(await configuredRegion(), undefined); // nothing configured: the caller picks us-east-1
    process.env.AWS_REGION = 'eu-west-1';
    assert.equal(await configuredRegion('gov'), 'eu-west-1');
  } finally {
    process.env = saved;
  }
});
