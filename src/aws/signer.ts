/**
 * One SigV4 signer for every shared client (except S3's, which signs differently), with the signing keys
 * kept per account.
 *
 * The SDK builds a new signer per request (copying the client's whole configuration) and keeps derived
 * signing keys in one process-wide cache of 50. An organization scan signs for ~250 service × region pairs
 * per account, so that cache never hits and every request derives its key again (five HMACs). Here the key
 * of each (date, region, service) is kept with the account's credentials object (a WeakMap: it goes when
 * the credentials go), and each service and region's signer is made once. What is signed, and how, is the SDK's own SignatureV4:
 * test/unit/signer.test.ts checks that the headers are byte-identical to the SDK's.
 */
import { createHash, createHmac } from 'node:crypto';
import {
  createScope,
  getCanonicalHeaders,
  hasHeader,
  prepareRequest,
  SignatureV4,
  UNSIGNED_PAYLOAD,
} from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

type Bytes = Uint8Array;
const bytes = (data: string | ArrayBuffer | ArrayBufferView): Bytes =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

/** SHA-256 / HMAC-SHA-256 from node:crypto, in the SDK's `Checksum` shape. */
export class NodeSha256 {
  private hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.fresh();
  }
  private fresh() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Bytes> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

const hmac = (key: string | Bytes, data: string): Bytes =>
  new Uint8Array(createHmac('sha256', key).update(data).digest());

/** Signing keys per credentials object, then per `date/region/service`. */
const signingKeys = new WeakMap<AwsCredentialIdentity, Map<string, Bytes>>();

export function signingKey(
  credentials: AwsCredentialIdentity,
  region: string,
  shortDate: string,
  service: string,
): Bytes {
  let keys = signingKeys.get(credentials);
  if (!keys) {
    keys = new Map();
    signingKeys.set(credentials, keys);
  }
  const id = `${shortDate}/${region}/${service}`;
  let key = keys.get(id);
  if (!key) {
    // An account signs for ~15 services per region: the region's key is derived once for them all.
    const regionId = `${shortDate}/${region}`;
    let regionKey = keys.get(regionId);
    if (!regionKey) {
      regionKey = hmac(hmac(`AWS4${credentials.secretAccessKey}`, shortDate), region);
      keys.set(regionId, regionKey);
    }
    key = hmac(hmac(regionKey, service), 'aws4_request');
    keys.set(id, key);
  }
  return key;
}

/** Where a request carries the credentials it is to be signed with (set right before signing). */
const REQUEST_CREDENTIALS = Symbol('watchpost.credentials');

/** Hands the signer the credentials of the account a request is made for (the gateway, every attempt). */
export function attachCredentials(request: object, credentials: AwsCredentialIdentity): void {
  Object.defineProperty(request, REQUEST_CREDENTIALS, { value: credentials, configurable: true });
}

/**
 * Signs a request with the credentials it carries (`attachCredentials`); one without them with the
 * signer's own provider (which the gateway makes refuse). SignatureV4 reads its provider once, as it
 * starts signing: the request is signed through a view of the shared signer whose provider answers
 * this request's credentials, so concurrent requests of other accounts are not affected.
 */
class AccountKeyedSignatureV4 extends SignatureV4 {}
type Sign = (this: unknown, toSign: unknown, options?: unknown) => Promise<unknown>;
const sdkSign = SignatureV4.prototype.sign as Sign;
(AccountKeyedSignatureV4.prototype as unknown as { sign: Sign }).sign = function (toSign, options) {
  const credentials = (toSign as Record<symbol, AwsCredentialIdentity | undefined> | null)?.[
    REQUEST_CREDENTIALS
  ];
  // SignatureV4.sign's own dispatch: a string, an event or a message is not a request.
  const request = toSign as { headers?: unknown; payload?: unknown; message?: unknown } | string;
  const isRequest =
    typeof request === 'object' &&
    request !== null &&
    !(request.headers && request.payload) &&
    !request.message;
  if (isRequest)
    return signRequest(this as unknown as SdkSigner, toSign as SignableRequest, options, credentials);
  if (!credentials) return sdkSign.call(this, toSign, options);
  const view = Object.create(this as object) as { credentialProvider: () => Promise<AwsCredentialIdentity> };
  view.credentialProvider = () => Promise.resolve(credentials);
  return sdkSign.call(view, toSign, options);
};

/** The members of SignatureV4 that signRequest uses (private in its types). */
interface SdkSigner {
  service: string;
  applyChecksum: boolean;
  credentialProvider: () => Promise<AwsCredentialIdentity>;
  regionProvider: () => Promise<string>;
  validateResolvedCredentials(credentials: unknown): void;
  formatDate(date: Date | number | string): { longDate: string; shortDate: string };
  createCanonicalRequest(
    request: unknown,
    canonicalHeaders: Record<string, string>,
    payloadHash: string,
  ): string;
  getCanonicalHeaderList(headers: Record<string, string>): string;
}

type SignableRequest = Parameters<typeof prepareRequest>[0];

interface RequestSigningOptions {
  signingDate?: Date;
  signableHeaders?: Set<string>;
  unsignableHeaders?: Set<string>;
  signingRegion?: string;
  signingService?: string;
}

const EMPTY_PAYLOAD_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** The SDK's getPayloadHash, with node:crypto's hex digest (the same hash of the same bytes). */
function payloadHash(request: SignableRequest): string {
  const { headers, body } = request;
  for (const name in headers) {
    if (Object.hasOwn(headers, name) && name.toLowerCase() === 'x-amz-content-sha256') return headers[name]!;
  }
  if (body === undefined || body === null) return EMPTY_PAYLOAD_HASH;
  if (typeof body === 'string' || ArrayBuffer.isView(body) || body instanceof ArrayBuffer)
    return createHash('sha256').update(bytes(body)).digest('hex');
  return UNSIGNED_PAYLOAD;
}

/** The last second's dates (a scan signs ~100 requests a second): SignatureV4's formatDate, once a second. */
let lastDate: { second: number; longDate: string; shortDate: string } | undefined;
function formatDate(
  signer: SdkSigner,
  date: Date | number | string,
): { longDate: string; shortDate: string } {
  if (!(date instanceof Date)) return signer.formatDate(date);
  const ms = date.getTime();
  const second = Math.floor(ms / 1000);
  if (lastDate?.second !== second || Number.isNaN(ms)) {
    const { longDate, shortDate } = signer.formatDate(date);
    lastDate = { second, longDate, shortDate };
  }
  return lastDate;
}

/**
 * SignatureV4's getCanonicalPath (the path normalised and escaped twice) read from a table: a scan sends a
 * few hundred distinct paths, each thousands of times.
 */
const canonicalPaths = new Map<string, string>();
type CanonicalPath = (this: { uriEscapePath: boolean }, request: { path: string }) => string;
const sdkCanonicalPath = (SignatureV4.prototype as unknown as { getCanonicalPath: CanonicalPath })
  .getCanonicalPath;
(AccountKeyedSignatureV4.prototype as unknown as { getCanonicalPath: CanonicalPath }).getCanonicalPath =
  function (request) {
    if (!this.uriEscapePath || typeof request.path !== 'string') return sdkCanonicalPath.call(this, request);
    let path = canonicalPaths.get(request.path);
    if (path === undefined) {
      path = sdkCanonicalPath.call(this, request);
      if (canonicalPaths.size >= 2000) canonicalPaths.clear();
      canonicalPaths.set(request.path, path);
    }
    return path;
  };

/**
 * SignatureV4.signRequest, step for step (the same canonical request, string to sign and headers, in the
 * same order), with the hashes computed at once by node:crypto instead of through the SDK's asynchronous
 * Checksum objects and hex conversion, and with the credentials the request carries.
 */
async function signRequest(
  signer: SdkSigner,
  requestToSign: SignableRequest,
  options: unknown,
  attached: AwsCredentialIdentity | undefined,
): Promise<unknown> {
  const {
    signingDate = new Date(),
    signableHeaders,
    unsignableHeaders,
    signingRegion,
    signingService,
  } = (options ?? {}) as RequestSigningOptions;
  const credentials = attached ?? (await signer.credentialProvider());
  signer.validateResolvedCredentials(credentials);
  const region = signingRegion ?? (await signer.regionProvider());
  const request = prepareRequest(requestToSign);
  const { longDate, shortDate } = formatDate(signer, signingDate);
  const scope = createScope(shortDate, region, signingService ?? signer.service);
  request.headers['x-amz-date'] = longDate;
  if (credentials.sessionToken) request.headers['x-amz-security-token'] = credentials.sessionToken;
  const hash = payloadHash(request);
  if (!hasHeader('x-amz-content-sha256', request.headers) && signer.applyChecksum)
    request.headers['x-amz-content-sha256'] = hash;
  const canonicalHeaders = getCanonicalHeaders(request, unsignableHeaders, signableHeaders);
  const canonicalRequest = signer.createCanonicalRequest(request, canonicalHeaders, hash);
  const stringToSign = `AWS4-HMAC-SHA256\n${longDate}\n${scope}\n${createHash('sha256').update(bytes(canonicalRequest)).digest('hex')}`;
  const key = signingKey(credentials, region, shortDate, signingService || signer.service);
  const signature = createHmac('sha256', key).update(bytes(stringToSign)).digest('hex');
  request.headers.authorization =
    `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, ` +
    `SignedHeaders=${signer.getCanonicalHeaderList(canonicalHeaders)}, Signature=${signature}`;
  return request;
}
// `getSigningKey` is private in SignatureV4's types; the class calls it for every request and string it signs.
(AccountKeyedSignatureV4.prototype as unknown as { getSigningKey: unknown }).getSigningKey = function (
  this: { service: string },
  credentials: AwsCredentialIdentity,
  region: string,
  shortDate: string,
  service: string | undefined,
): Promise<Bytes> {
  return Promise.resolve(signingKey(credentials, region, shortDate, service ?? this.service));
};

/**
 * Signers made once per service and region, for every request of every account. The SDK hands the signer
 * the signing region and service of each request (from the endpoint's auth scheme) and falls back to the
 * signer's own; the credentials are those the request carries (`attachCredentials`: the gateway attaches
 * the bound account's to every attempt), else `credentials` (which the gateway makes refuse).
 */
export class Signers {
  private readonly made = new Map<string, SignatureV4>();
  constructor(private readonly credentials: AwsCredentialIdentityProvider) {}

  /** For a client's `signer` option: the SDK calls it with the endpoint's auth scheme, if any. */
  for(service: string, region: string): SignatureV4 {
    const id = `${service}/${region}`;
    let signer = this.made.get(id);
    if (!signer) {
      signer = new AccountKeyedSignatureV4({
        credentials: this.credentials,
        region,
        service,
        sha256: NodeSha256,
        uriEscapePath: true,
      });
      this.made.set(id, signer);
    }
    return signer;
  }
}
