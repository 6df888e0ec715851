/**
 * Synthetic bundle + results for renderer tests and `npm run bench`: N accounts × R regions, one
 * to two results per (account, region, service) plus account-level Trusted Advisor and Shield results.
 * Deterministic for a given seed. 500 × 17 gives about 60,000 results.
 */
import type { AccountEvidence, Bundle, Result } from '../../src/evidence/schema.js';
import { SCHEMA_VERSION } from '../../src/evidence/schema.js';
import type { Status } from '../../src/evidence/status.js';
import type { ServiceId } from '../../src/services/registry.js';

export const SYNTHETIC_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
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
  'sa-east-1',
];

const REGIONAL: ServiceId[] = ['cloudtrail', 'inspector', 'macie', 'guardduty', 'waf'];

export interface SyntheticOptions {
  accounts?: number;
  regions?: number;
  seed?: number;
  /** Put hostile strings (markup, script, quotes) into resource names and details. */
  hostile?: boolean;
}

export const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">"\'</script><!--&amp;';

/**
 * A name holding every kind of character XML 1.0 forbids (C0 controls, U+FFFE, U+FFFF, lone high and low
 * surrogates) between plain words, plus a valid surrogate pair (an emoji) that must survive.
 */
export const XML_FORBIDDEN_NAME = 'pool-\uFFFE-\uFFFF-\u0001-\u0008-\u000B-\u001F-\uD800-\uDFFF-end 😀';

/** What a test looks for: any character XML 1.0 forbids (written independently of src/render/common.ts). */
export const XML_FORBIDDEN_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticReport(opts: SyntheticOptions = {}): { bundle: Bundle; results: Result[] } {
  const nAccounts = opts.accounts ?? 500;
  const regions = SYNTHETIC_REGIONS.slice(0, opts.regions ?? 17);
  const rand = mulberry32(opts.seed ?? 42);
  const pick = (): Status => {
    const x = rand();
    return x < 0.55 ? 'pass' : x < 0.8 ? 'fail' : x < 0.9 ? 'unknown' : 'not_applicable';
  };
  const accounts: AccountEvidence[] = [];
  const results: Result[] = [];
  for (let i = 0; i < nAccounts; i++) {
    const accountId = String(100000000000 + i * 7919).padStart(12, '0');
    accounts.push({
      accountId,
      partition: 'aws',
      callerArn: `arn:aws:sts::${accountId}:assumed-role/WatchpostAudit/watchpost`,
      regionListing: { ok: true, value: { enabled: regions, skipped: [] } },
      scannedRegions: regions,
      unavailableRegions: [],
      accessError: null,
    });
    const push = (service: ServiceId, region: string, resource: string | null, status: Status) => {
      const hostile = opts.hostile && rand() < 0.3 ? ` ${HOSTILE_NAME}` : '';
      results.push({
        checkId: `${service}.${region === 'global' ? 'account' : 'enabled'}`,
        service,
        accountId,
        region,
        resource: resource === null ? null : `${resource}${hostile}`,
        status,
        detail:
          status === 'unknown'
            ? `Could not determine the ${service} state: access denied to ${service}:Describe (AccessDeniedException).${hostile}`
            : `Synthetic ${service} result in ${region}: ${status}.${hostile}`,
        cause:
          status === 'unknown'
            ? {
                kind: 'access-denied',
                code: 'AccessDeniedException',
                action: `${service}:Describe`,
                message: `User is not authorized to perform ${service}:Describe${hostile}`,
              }
            : null,
        data: {},
      });
    };
    for (const region of regions) {
      for (const service of REGIONAL) {
        const resource = service === 'waf' ? `arn:aws:apigateway:${region}::/restapis/api${i}` : null;
        push(service, region, resource, pick());
      }
      // Two more per region (7 in all), so 500 × 17 is about 60,000 results.
      push(
        'waf',
        region,
        `arn:aws:elasticloadbalancing:${region}:${accountId}:loadbalancer/app/web${i}/0123456789abcdef`,
        pick(),
      );
      push('inspector', region, `inspector-lambda-${region}`, pick());
    }
    push('trustedadvisor', 'global', null, pick());
    push('shield', 'global', null, pick());
  }
  const bundle: Bundle = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'watchpost', version: '0.1.0' },
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:10:00.000Z',
    complete: true,
    partition: 'aws',
    accounts,
    calls: { calls: 0, retries: 0, errors: 0, byOperation: {} },
  };
  return { bundle, results };
}
