/**
 * CPU of the per-request parts the second CPU pass of issue 16 replaced, each measured against the SDK's
 * own part in the same process, alternately (A, B, A, B …), so that both see the same machine load:
 * - the user-agent middleware (the SDK's userAgentMiddleware vs user-agent.ts) on a GuardDuty client;
 * - signing (SignatureV4 with the gateway's cached signing keys, as main signed, vs signer.ts);
 * - a call's abort signal (AbortController vs gateway.ts's CallSignal), with the listeners the SDK adds.
 * (The lighter HTTP handler of commit ad1e213 was measured here too against NodeHttpHandler, and reverted.)
 *
 *   node --import tsx bench/cpu-parts.ts        # ROUNDS=5 N=20000
 */
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { userAgentMiddleware } from '@aws-sdk/core/client';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import { CallSignal } from '../src/aws/gateway.js';
import { attachCredentials, NodeSha256, Signers, signingKey } from '../src/aws/signer.js';
import { userAgentOnce } from '../src/aws/user-agent.js';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const N = Number(process.env.N ?? 20000);

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function measure(fn: () => Promise<void>): Promise<number> {
  const start = cpuMs();
  await fn();
  return cpuMs() - start;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function compare(name: string, count: number, a: () => Promise<void>, b: () => Promise<void>) {
  await a();
  await b(); // warm-up
  const as: number[] = [];
  const bs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    as.push(await measure(a));
    bs.push(await measure(b));
  }
  const per = (xs: number[]) => (1000 * median(xs)) / count;
  console.log(
    `${name}: SDK ${per(as).toFixed(1)} µs, watchpost ${per(bs).toFixed(1)} µs CPU a request (median of ${ROUNDS}, ${count} requests a round; ${(100 * (1 - per(bs) / per(as))).toFixed(0)} % less)`,
  );
}

const request = (i: number) =>
  new HttpRequest({
    method: 'POST',
    protocol: 'https:',
    hostname: 'guardduty.eu-west-1.amazonaws.com',
    path: '/detector/d1/features',
    query: { maxResults: '50' },
    headers: {
      host: 'guardduty.eu-west-1.amazonaws.com',
      'content-type': 'application/json',
      'amz-sdk-invocation-id': `id-${i}`,
      'amz-sdk-request': 'attempt=1; max=8',
      'user-agent': 'aws-sdk-js/3 ua/2.1 os/linux lang/js md/nodejs#20 api/guardduty#3 m/N,E,e',
      'x-amz-user-agent': 'aws-sdk-js/3',
    },
    body: `{"detectorIds":["d${i % 7}"]}`,
  });

async function main(): Promise<void> {
  // User agent: both middleware on the same client configuration, a request each.
  const client = new GuardDutyClient({ region: 'eu-west-1' });
  const config = client.config as unknown as Parameters<typeof userAgentMiddleware>[0];
  const next = async (args: unknown) => ({ output: args, response: undefined });
  const ua = async (mw: (next: never, context: never) => (args: unknown) => Promise<unknown>) => {
    for (let i = 0; i < N; i++) {
      const context = { __smithy_context: { features: { N: 'N' } } };
      await mw(next as never, context as never)({ request: request(i), input: {} });
    }
  };
  const sdkUa = userAgentMiddleware(config) as never;
  const ourUa = userAgentOnce(config as never) as never;
  await compare(
    'user-agent middleware',
    N,
    () => ua(sdkUa),
    () => ua(ourUa),
  );

  // Signing: 60 accounts × 2 services, as a scan signs for many accounts.
  const accounts: AwsCredentialIdentity[] = Array.from({ length: 60 }, (_, i) => ({
    accessKeyId: `ASIA${String(i).padStart(16, '0')}`,
    secretAccessKey: `secret-${i}`,
    sessionToken: `token-${i}`,
  }));
  class MainSigner extends SignatureV4 {}
  (MainSigner.prototype as unknown as { getSigningKey: unknown }).getSigningKey = function (
    this: { service: string },
    c: AwsCredentialIdentity,
    region: string,
    shortDate: string,
    service?: string,
  ) {
    return Promise.resolve(signingKey(c, region, shortDate, service ?? this.service));
  };
  const mainSigners = new Map<string, MainSigner>();
  const signers = new Signers(async () => {
    throw new Error('unbound');
  });
  const sign = async (ours: boolean) => {
    for (let i = 0; i < N; i++) {
      const creds = accounts[i % accounts.length]!;
      const service = i % 2 ? 'guardduty' : 'ec2';
      const req = request(i);
      const opts = { signingDate: new Date(), signingRegion: 'eu-west-1', signingService: service };
      if (ours) {
        attachCredentials(req, creds);
        await signers.for(service, 'eu-west-1').sign(req, opts);
      } else {
        // As main signed: a view of the shared signer whose provider answers the request's credentials.
        let s = mainSigners.get(service);
        if (!s) {
          s = new MainSigner({ credentials: creds, region: 'eu-west-1', service, sha256: NodeSha256 });
          mainSigners.set(service, s);
        }
        const view = Object.create(s) as MainSigner & { credentialProvider: unknown };
        view.credentialProvider = () => Promise.resolve(creds);
        await view.sign(req, opts);
      }
    }
  };
  await compare(
    'signing',
    N,
    () => sign(false),
    () => sign(true),
  );

  // A call's abort signal: made per call; the SDK adds and removes a listener for the retry token's wait and
  // for the request (NodeHttpHandler), and the call deadline and stop() may abort it.
  type Signal = {
    addEventListener: (type: 'abort', listener: () => void, options?: { once?: boolean }) => void;
    removeEventListener: (type: 'abort', listener: () => void) => void;
  };
  const abortable = async (make: () => Signal) => {
    for (let i = 0; i < N; i++) {
      const signal = make();
      for (let k = 0; k < 2; k++) {
        const listener = () => undefined;
        signal.addEventListener('abort', listener, { once: true });
        await Promise.resolve();
        signal.removeEventListener('abort', listener);
      }
    }
  };
  await compare(
    'abort signal',
    N,
    () => abortable(() => new AbortController().signal),
    () => abortable(() => new CallSignal()),
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
