/**
 * CPU of one HTTP request in the client, NodeHttpHandler (the AWS SDK's, which watchpost uses) against
 * undici's Agent (not a dependency: `npm i --no-save undici@7` first), measured alternately in one process
 * against a loopback server in another, so that the server's CPU is not counted (bench/RESULTS.md, "An HTTP
 * client other than Node's").
 *
 *   node bench/http-clients.mjs        # N=20000 requests a round, C=128 in flight, 5 rounds, medians
 *
 * The request is a signed-looking GuardDuty POST (headers as the SDK sends them, a session token), the answer
 * ~400 bytes of JSON after 2 ms. Both bodies are read whole.
 */
import { fork } from 'node:child_process';
import { HttpRequest } from '@smithy/core/protocols';
import { NodeHttpHandler, streamCollector } from '@smithy/node-http-handler';

if (process.argv[2] === 'server') {
  const { createServer } = await import('node:http');
  const body = JSON.stringify({ detectorIds: ['12abc34d567e8fa901bc2d34e56789f0'], pad: 'x'.repeat(300) });
  createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      setTimeout(() => {
        res.writeHead(200, {
          'content-type': 'application/json',
          'x-amzn-requestid': 'r',
          'content-length': body.length,
        });
        res.end(body);
      }, 2),
    );
  }).listen(0, '127.0.0.1', function () {
    process.send(this.address().port);
  });
} else {
  let undici;
  try {
    undici = await import('undici');
  } catch {
    console.error('undici is not installed: npm i --no-save undici@7');
    process.exit(2);
  }
  const server = fork(new URL(import.meta.url).pathname, ['server']);
  const port = await new Promise((resolve) => server.on('message', resolve));
  const N = Number(process.env.N ?? 20000);
  const C = Number(process.env.C ?? 128);
  const ROUNDS = Number(process.env.ROUNDS ?? 5);
  const request = (i) =>
    new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port,
      path: '/detector/list',
      query: { maxResults: '50' },
      headers: {
        host: `127.0.0.1:${port}`,
        'content-type': 'application/x-amz-json-1.1',
        'amz-sdk-invocation-id': `id-${i}`,
        'amz-sdk-request': 'attempt=1; max=8',
        'user-agent': 'aws-sdk-js/3 ua/2.1 os/linux lang/js md/nodejs#20 api/guardduty#3 m/N,E,e',
        'x-amz-date': '20261203T101010Z',
        authorization: `AWS4-HMAC-SHA256 Credential=AKIA/20261203/eu-west-1/guardduty/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`,
        'x-amz-security-token': 'b'.repeat(400),
      },
      body: `{"maxResults":${i % 50}}`,
    });
  const sdk = new NodeHttpHandler({
    connectionTimeout: 3000,
    requestTimeout: 20000,
    throwOnRequestTimeout: true,
    socketTimeout: 20000,
    httpAgent: { maxSockets: C, keepAlive: true },
  });
  const agent = new undici.Agent({
    connections: C,
    connect: { timeout: 3000 },
    headersTimeout: 20000,
    bodyTimeout: 20000,
  });
  const clients = {
    NodeHttpHandler: async (i) => {
      const { response } = await sdk.handle(request(i), {});
      if ((await streamCollector(response.body)).length === 0) throw new Error('empty');
    },
    undici: async (i) => {
      const r = request(i);
      const query = new URLSearchParams(r.query).toString();
      const res = await agent.request({
        origin: `${r.protocol}//${r.hostname}:${r.port}`,
        path: query ? `${r.path}?${query}` : r.path,
        method: r.method,
        headers: r.headers,
        body: r.body,
      });
      if ((await res.body.arrayBuffer()).byteLength === 0) throw new Error('empty');
    },
  };
  const cpuPerRequest = async (send) => {
    let i = 0;
    const start = process.cpuUsage();
    await Promise.all(
      Array.from({ length: C }, async () => {
        while (i < N) await send(i++);
      }),
    );
    const used = process.cpuUsage(start);
    return (used.user + used.system) / N;
  };
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const runs = Object.fromEntries(Object.keys(clients).map((k) => [k, []]));
  for (const send of Object.values(clients)) await cpuPerRequest(send); // warm-up
  for (let r = 0; r < ROUNDS; r++)
    for (const [k, send] of Object.entries(clients)) runs[k].push(await cpuPerRequest(send));
  for (const [k, xs] of Object.entries(runs))
    console.log(
      `${k.padEnd(16)} ${median(xs).toFixed(1)} µs CPU a request (median of ${ROUNDS}: ${xs.map((x) => x.toFixed(1)).join(' ')})`,
    );
  server.kill();
  await agent.close();
}
