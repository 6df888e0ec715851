/**
 * Services AWS does not offer in every region. Where a service has no endpoint, its reads fail with a DNS
 * error and its checks would stay unknown in that region on every scan: a question in the client's report
 * that no one can answer. A check's unknown becomes "not offered" (not_applicable) only when three facts
 * agree:
 * - AWS documents no endpoint of the service in that region (the `regions` a service or check declares,
 *   commercial partition only: elsewhere the unknown stays);
 * - the service's own read there failed because its endpoint's name does not resolve (ENOTFOUND);
 * - another read of the same account in that region was answered, so the machine's DNS works.
 * Any one alone stays unknown: the list may be out of date, and a failing resolver fails every name.
 */
import type { AccountEvidence } from '../evidence/schema.js';
import type { Verdict } from './types.js';

export interface RegionalOffer {
  /** The service's name in a sentence ("AWS App Runner"). */
  name: string;
  /** The prefix of its IAM actions ("apprunner:"): only a failure of its own reads says it is missing. */
  actionPrefix: string;
  /** The regions of the commercial partition (`aws`) where AWS documents an endpoint. */
  regions: ReadonlySet<string>;
}

/**
 * The regions of the commercial partition, as AWS's published endpoint metadata lists them (botocore 1.43.67,
 * endpoints.json of 2026-08-07). A region launched since is in no service's list: only a DNS failure there
 * (with the other two facts) could make a check "not offered", and its name would not resolve.
 */
export const AWS_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

/** A service offered in every region of AWS_REGIONS but `missing` (each must be one of them). */
export function offeredExcept(name: string, actionPrefix: string, missing: readonly string[]): RegionalOffer {
  for (const r of missing)
    if (!AWS_REGIONS.includes(r)) throw new Error(`offered.ts: ${r} is not a known region`);
  return { name, actionPrefix, regions: new Set(AWS_REGIONS.filter((r) => !missing.includes(r))) };
}

/** True when a read of the account in `region` was answered (any service's, one or two levels deep). */
export function regionAnswered(account: AccountEvidence, region: string): boolean {
  const answered = (part: unknown, depth: number): boolean => {
    if (typeof part !== 'object' || part === null || Array.isArray(part)) return false;
    const here = (part as Record<string, unknown>)[region] as { ok?: unknown } | undefined;
    if (here?.ok === true) return true;
    return depth > 0 && Object.values(part).some((child) => answered(child, depth - 1));
  };
  return Object.values(account).some((part) => answered(part, 1));
}

/** True when `v` is the unknown of a service AWS does not offer in its region (see above). */
export function notOffered(account: AccountEvidence, v: Verdict, offer: RegionalOffer): boolean {
  return (
    v.status === 'unknown' &&
    v.resource === null &&
    v.cause?.code === 'ENOTFOUND' &&
    v.cause.action.startsWith(offer.actionPrefix) &&
    account.partition === 'aws' &&
    !offer.regions.has(v.region) &&
    regionAnswered(account, v.region)
  );
}

/** `v`, or its not_applicable "not offered" verdict. */
export function withOffer(account: AccountEvidence, v: Verdict, offer: RegionalOffer): Verdict {
  if (!notOffered(account, v, offer)) return v;
  return {
    region: v.region,
    resource: null,
    status: 'not_applicable',
    detail: `${offer.name} is not offered in ${v.region} (AWS lists no endpoint there, and its endpoint name does not resolve).`,
    cause: null,
    data: { offered: false },
  };
}
