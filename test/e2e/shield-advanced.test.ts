/**
 * End to end (issue 13): a Shield Advanced subscriber through the emulator. Shield's own reads are moto's
 * (ListProtections, DescribeProtection) or the proxy's fills (subscription details, emergency contacts,
 * Global Accelerator); the resources are moto's (an ALB, a distribution, an Elastic IP, public and private
 * hosted zones). Then the Shield Advanced reads denied one at a time: each leaves only its own checks
 * unknown, naming the action, and never a fail.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AllocateAddressCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { CreateProtectionCommand, ShieldClient } from '@aws-sdk/client-shield';
import type { Result } from '../../src/evidence/schema.js';
import { cliBuilt, runCli, tempDir } from '../support/cli.js';
import { type Emulator, startAwsEmulator } from '../support/proxy.js';
import { clientFor, seedAlb, seedCloudFront, target } from '../support/seed.js';

const skip = cliBuilt() ? false : 'dist/cli/bin.js is missing: run `npm run build` first';
const REGION = 'us-east-1';

async function scan(emu: Emulator): Promise<{ code: number | null; results: Result[]; stderr: string }> {
  const out = tempDir();
  const run = await runCli(
    [
      'scan',
      '--regions',
      REGION,
      '--services',
      'shield,waf',
      '--out',
      out,
      '--force',
      '--quiet',
      '--format',
      'json',
      '--max-attempts',
      '1',
    ],
    { AWS_ENDPOINT_URL: emu.endpoint },
  );
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Result[];
  return { code: run.code, results, stderr: run.stderr };
}

const of = (rs: Result[], checkId: string) => rs.filter((r) => r.checkId === checkId);

describe('e2e: a Shield Advanced subscriber', { skip }, () => {
  let emu: Emulator;
  let albArn = '';
  let zoneId = '';
  before(async () => {
    emu = await startAwsEmulator();
    const t = target(emu);
    albArn = await seedAlb(t, REGION, { name: 'shop', scheme: 'internet-facing' });
    await seedCloudFront(t, { comment: 'cdn' });
    await clientFor(EC2Client, t, REGION).send(new AllocateAddressCommand({ Domain: 'vpc' }));
    const zone = await clientFor(Route53Client, t, REGION).send(
      new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: 'public-1' }),
    );
    zoneId = (zone.HostedZone?.Id ?? '').replace('/hostedzone/', '');
    await clientFor(Route53Client, t, REGION)
      .send(
        new CreateHostedZoneCommand({
          Name: 'internal.example',
          CallerReference: 'private-1',
          HostedZoneConfig: { PrivateZone: true },
          VPC: { VPCRegion: REGION, VPCId: 'vpc-12345678' },
        }),
      )
      .catch(() => undefined); // a private zone is left out either way
    await clientFor(ShieldClient, t, REGION).send(
      new CreateProtectionCommand({ Name: 'shop', ResourceArn: albArn }),
    );
    emu.setAccount('123456789012', {
      shield: 'ACTIVE',
      shieldAdvanced: {
        autoRenew: 'DISABLED',
        proactiveEngagement: 'ENABLED',
        emergencyContacts: ['soc@example.com'],
      },
    });
  });
  after(async () => {
    await emu?.stop();
  });

  test('every Shield Advanced check is judged from what the account holds', async () => {
    const { results, stderr } = await scan(emu);
    assert.equal(of(results, 'shield.advanced')[0]?.status, 'pass', stderr);
    const prot = of(results, 'shield.protections');
    const status = (frag: string) => prot.find((r) => (r.resource ?? '').includes(frag))?.status;
    assert.equal(status('loadbalancer/app/shop/'), 'pass');
    assert.equal(status(':distribution/'), 'fail');
    assert.equal(status(':eip-allocation/'), 'fail');
    assert.equal(status(`hostedzone/${zoneId}`), 'fail');
    assert.ok(
      prot.every((r) => r.status === 'pass' || r.status === 'fail'),
      JSON.stringify(prot),
    );
    // moto never reports the automatic response configuration: unknown, never "off"
    const app = of(results, 'shield.app-layer-mitigation');
    assert.equal(app.length, 1);
    assert.equal(app[0]?.status, 'unknown');
    assert.equal(app[0]?.cause?.action, 'shield:DescribeProtection');
    assert.equal(of(results, 'shield.proactive-engagement')[0]?.status, 'pass');
    assert.equal(of(results, 'shield.auto-renew')[0]?.status, 'fail');
    const counts = emu.counts();
    assert.equal(counts['globalaccelerator:ListAccelerators'], 1);
    assert.equal(counts['shield:DescribeSubscription'], 1);
  });

  for (const [operation, action, checks] of [
    ['ListProtections', 'shield:ListProtections', ['shield.protections', 'shield.app-layer-mitigation']],
    [
      'DescribeSubscription',
      'shield:DescribeSubscription',
      ['shield.proactive-engagement', 'shield.auto-renew'],
    ],
    [
      'DescribeEmergencyContactSettings',
      'shield:DescribeEmergencyContactSettings',
      ['shield.proactive-engagement'],
    ],
    ['ListHostedZones', 'route53:ListHostedZones', ['shield.protections']],
    ['ListAccelerators', 'globalaccelerator:ListAccelerators', ['shield.protections']],
    ['DescribeAddresses', 'ec2:DescribeAddresses', ['shield.protections']],
  ] as const) {
    test(`${action} denied: only its checks gain an unknown naming it; nothing else changes; no fail carries a cause`, async () => {
      emu.configure({ faults: [{ operation, fault: 'access-denied' }] });
      try {
        const { results } = await scan(emu);
        const unknowns = results.filter((r) => r.status === 'unknown' && r.cause?.action === action);
        assert.ok(unknowns.length > 0, `no unknown names ${action}`);
        for (const u of unknowns) assert.ok((checks as readonly string[]).includes(u.checkId), u.checkId);
        assert.ok(results.every((r) => r.status !== 'fail' || r.cause === null));
        assert.equal(of(results, 'shield.advanced')[0]?.status, 'pass');
      } finally {
        emu.configure({ faults: [] });
      }
    });
  }
});
