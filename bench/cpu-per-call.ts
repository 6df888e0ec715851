/**
 * CPU per AWS call inside the gateway and the SDK, with nothing else in the process: a canned-answer HTTP
 * server in a child process (its CPU is not ours) answers three protocols (REST JSON, JSON 1.1, EC2 query),
 * and the gateway calls it as ACCOUNTS accounts × REGIONS regions would (distinct credentials per account,
 * one client per service and region, as in an organization scan).
 *
 *   node --import tsx bench/cpu-per-call.ts            # ACCOUNTS=100 REGIONS=17 ROUNDS=3
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Gateway } from '../src/aws/gateway.js';
import { OPS as CLOUDTRAIL } from '../src/services/cloudtrail/operations.js';
import { OPS as GUARDDUTY } from '../src/services/guardduty/operations.js';
import { OPS as INVENTORY } from '../src/services/inventory/operations.js';

const ACCOUNTS = Number(process.env.ACCOUNTS ?? 100);
const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'sa-east-1',
].slice(0, Number(process.env.REGIONS ?? 17));
const ROUNDS = Number(process.env.ROUNDS ?? 3);

const server = `
const http = require('node:http');
const ec2 = '<?xml version="1.0" encoding="UTF-8"?><DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><reservationSet/></DescribeInstancesResponse>';
http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const target = req.headers['x-amz-target'] || '';
    if (target.endsWith('DescribeTrails')) {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      return res.end('{"trailList":[]}');
    }
    if (req.url.startsWith('/detector')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"detectorIds":[]}');
    }
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(ec2);
  });
}).listen(0, '127.0.0.1', function () { process.stdout.write(String(this.address().port) + '\\n'); });
`;

async function main(): Promise<void> {
  const child = spawn(process.execPath, ['-e', server], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${chunk.toString().trim()}`;
  const gateway = new Gateway({ maxConcurrency: 64 });
  const sessions = Array.from({ length: ACCOUNTS }, (_, i) =>
    gateway.sessionWith(async () => ({
      accessKeyId: `AKIABENCH${String(i).padStart(11, '0')}`,
      secretAccessKey: `secret${i}`,
    })),
  );
  const round = async () => {
    const jobs: Promise<unknown>[] = [];
    for (const s of sessions) {
      for (const r of REGIONS) {
        jobs.push(s.call(GUARDDUTY.listDetectors, r, {}));
        jobs.push(s.call(CLOUDTRAIL.describeTrails, r, { includeShadowTrails: true }));
        jobs.push(s.call(INVENTORY.describeInstances, r, {}));
      }
    }
    const out = (await Promise.all(jobs)) as { ok: boolean; error?: { message: string } }[];
    const bad = out.find((o) => !o.ok);
    if (bad) throw new Error(`a call failed: ${bad.error?.message}`);
    return out.length;
  };
  await round(); // warm-up: clients, connections, JIT
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let calls = 0;
  for (let i = 0; i < ROUNDS; i++) calls += await round();
  const cpu = process.cpuUsage(cpu0);
  const ms = (cpu.user + cpu.system) / 1000;
  console.log(
    `${calls} calls (${ACCOUNTS} accounts × ${REGIONS.length} regions × 3 operations × ${ROUNDS}): ` +
      `${(ms / calls).toFixed(3)} ms CPU per call, ${((performance.now() - t0) / 1000).toFixed(1)} s wall, ` +
      `RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`,
  );
  child.kill();
}

await main();
