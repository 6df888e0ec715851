/**
 * Shards of an organization scan (issue 16): one scan of the whole organization, then N shard scans
 * (`--shard K/N`, one run name), merged with `watchpost merge`; results.json and costs.json of the merge
 * must equal the one scan's byte for byte. Replay at LATENCY_MS (bench/recorded-org.ts), so both see the same answers.
 *
 *   ACCOUNTS=200 SHARDS=4 node --import tsx bench/shards.ts [dist/cli/bin.js]
 *   REGIONS=17 TEMPLATES=12 LATENCY_MS=50
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYNTHETIC_REGIONS } from '../test/render/synthetic.js';
import { CLI } from '../test/support/cli.js';
import { recordOrganization, runBenchCli } from './recorded-org.js';

const ACCOUNTS = Number(process.env.ACCOUNTS ?? 200);
const SHARDS = Number(process.env.SHARDS ?? 4);
const REGIONS = SYNTHETIC_REGIONS.slice(0, Number(process.env.REGIONS ?? 17));
const LATENCY = Number(process.env.LATENCY_MS ?? 50);
const TEMPLATES = Number(process.env.TEMPLATES ?? 12);
const cli = process.argv[2] ?? CLI;

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12);

async function main(): Promise<void> {
  const org = await recordOrganization({
    accounts: ACCOUNTS,
    templates: TEMPLATES,
    regions: REGIONS,
    latencyMs: LATENCY,
    recordCli: cli,
  });
  try {
    const dir = mkdtempSync(join(tmpdir(), 'watchpost-shards-'));
    const scan = async (name: string, extra: string[]) => {
      const out = join(dir, name);
      const args = [
        'scan',
        '--org',
        '--regions',
        REGIONS.join(','),
        '--out',
        out,
        '--force',
        '--quiet',
        '--format',
        'json',
        ...extra,
      ];
      const run = await runBenchCli(cli, args, org.replay.endpoint);
      if (run.exit !== 0 && run.exit !== 3) throw new Error(`${name}: exit ${run.exit}\n${run.stderr}`);
      const accounts = (
        JSON.parse(readFileSync(join(out, 'evidence.json'), 'utf8')) as { accounts: unknown[] }
      ).accounts.length;
      console.log(`${name}: ${accounts} accounts, ${run.wallS.toFixed(1)} s, ${run.cpuS.toFixed(1)} CPU s`);
      return out;
    };
    const whole = await scan('whole', []);
    const parts: string[] = [];
    for (let k = 1; k <= SHARDS; k++)
      parts.push(await scan(`shard-${k}`, ['--shard', `${k}/${SHARDS}`, '--shard-run', 'bench-1']));
    const merged = join(dir, 'merged');
    const m = await runBenchCli(
      cli,
      [
        'merge',
        ...parts.reverse().map((p) => join(p, 'evidence.json')),
        '--out',
        merged,
        '--quiet',
        '--format',
        'json',
      ],
      org.replay.endpoint,
    );
    if (m.exit !== 0 && m.exit !== 3) throw new Error(`merge: exit ${m.exit}\n${m.stderr}`);
    for (const file of ['results.json', 'costs.json']) {
      const [a, b] = [digest(join(whole, file)), digest(join(merged, file))];
      console.log(
        `${file}: one scan ${a}, ${SHARDS} shards merged ${b}: ${a === b ? 'byte-identical' : 'DIFFERENT'} (${dir})`,
      );
      if (a !== b) process.exitCode = 1;
    }
  } finally {
    await org.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
