/**
 * One account's evidence: regions first, then every selected service (and the shared sources they need) in
 * every scanned region at once (the gateway bounds concurrency). AWS errors never escape: each read is
 * recorded as Observed. Should a collector itself fail unexpectedly, its part of the evidence records that
 * failure instead of being left out.
 */
import type { AwsSession } from '../aws/gateway.js';
import type { AwsError } from '../evidence/observed.js';
import type { AccountEvidence } from '../evidence/schema.js';
import { SERVICE_MODULES, type ServiceId, SOURCES } from '../services/registry.js';
import type { AccountBulk, CollectKit, CollectorPart } from '../services/types.js';
import { listRegions } from './regions.js';

export interface CollectContext {
  accountId: string;
  partition: string;
  callerArn: string;
  requestedRegions?: string[];
  services?: ServiceId[];
  /** False: skip the usage signals of the cost estimate (`--no-costs`). Default: read them. */
  usage?: boolean;
  onProgress?: (e: { region: string; service: string }) => void;
  /** Organization scans: what administrator accounts answered about this account (org-bulk.ts). */
  bulk?: AccountBulk;
}

/**
 * The error recorded when a collector failed for a reason other than an AWS answer (a defect in watchpost,
 * or an answer its rule let through that the collector could not use). The cause names the operations
 * whose answers were being read, in plain words; the program's own error message ("x is not a function")
 * is not a cause a reader can act on and is left out.
 */
export function collectorFailure(part: CollectorPart, _err: unknown): AwsError {
  const ops = part.operations;
  const names = ops.length > 0 ? ops.map((o) => o.iamAction).join(', ') : part.name;
  return {
    kind: 'other',
    code: 'CollectorFailed',
    message: `watchpost could not use the answers to ${names}: nothing was concluded from them`,
    action: ops[0]?.iamAction ?? `watchpost:collect:${part.name}`,
    httpStatus: null,
  };
}

function kitFor(
  session: AwsSession,
  ctx: CollectContext,
  regions: readonly string[],
  progress: (part: CollectorPart, region: string) => void,
  evidence?: AccountEvidence,
): CollectKit {
  return {
    ...(evidence ? { evidence } : {}),
    ...(ctx.bulk ? { bulk: ctx.bulk } : {}),
    session,
    accountId: ctx.accountId,
    partition: ctx.partition,
    regions,
    async regional(part, read) {
      const entries = await Promise.all(
        regions.map(async (r) => {
          let value: Awaited<ReturnType<typeof read>>;
          try {
            value = await read(r);
          } catch (err) {
            value = { ok: false, error: collectorFailure(part, err) };
          }
          progress(part, r);
          return [r, value] as const;
        }),
      );
      return Object.fromEntries(entries);
    },
    async global(part, read) {
      let value: Awaited<ReturnType<typeof read>>;
      try {
        value = await read();
      } catch (err) {
        value = { ok: false, error: collectorFailure(part, err) };
      }
      progress(part, 'global');
      return value;
    },
    async account(part, read, onFailure) {
      try {
        const value = await read();
        for (const r of regions) progress(part, r);
        return value;
      } catch (err) {
        return onFailure(collectorFailure(part, err));
      }
    },
  };
}

export async function collectAccount(session: AwsSession, ctx: CollectContext): Promise<AccountEvidence> {
  const selected = new Set<ServiceId>(
    ctx.services && ctx.services.length > 0 ? ctx.services : SERVICE_MODULES.map((m) => m.id),
  );
  const services = SERVICE_MODULES.filter((m) => selected.has(m.id));
  const needed = new Set(services.flatMap((m) => m.needs));
  const parts = [...SOURCES.filter((s) => !s.late && needed.has(s.id)), ...services];
  const late = ctx.usage === false ? [] : SOURCES.filter((s) => s.late === true);

  const sel = await listRegions(session, ctx.partition, ctx.requestedRegions);
  const regions = sel.scanned;
  const kit = kitFor(session, ctx, regions, (part, region) =>
    ctx.onProgress?.({ region, service: part.name }),
  );
  // Shared sources start first; a service may wait for one it needs (kit.source).
  const run = async (p: (typeof parts)[number], k: typeof kit): Promise<unknown> => {
    const read = (await p.collector()) as (kit: typeof k) => Promise<unknown>;
    return read(k);
  };
  const sourceReads = new Map<string, Promise<unknown>>();
  for (const p of parts) if (SOURCES.some((s) => s.id === p.id)) sourceReads.set(p.id, run(p, kit));
  const withSources: typeof kit = { ...kit, source: (id) => sourceReads.get(id) };
  const collected = await Promise.all(
    parts.map(async (p) => [p.id, await (sourceReads.get(p.id) ?? run(p, withSources))] as const),
  );

  const evidence: AccountEvidence = {
    accountId: ctx.accountId,
    partition: ctx.partition,
    callerArn: ctx.callerArn,
    regionListing: sel.listing,
    scannedRegions: regions,
    unavailableRegions: sel.unavailable,
    accessError: null,
  };
  // In registry order (sources, then services), as the schema lists them.
  for (const [id, value] of collected) (evidence as Record<string, unknown>)[id] = value;
  // Late sources read what the services found (the usage signals of the cost estimate).
  const lateKit = kitFor(
    session,
    ctx,
    regions,
    (part, region) => ctx.onProgress?.({ region, service: part.name }),
    evidence,
  );
  for (const p of late) (evidence as Record<string, unknown>)[p.id] = await (await p.collector())(lateKit);
  return ordered(evidence);
}

/** The evidence with its keys in schema order (sources, then services), whatever order they were read in. */
function ordered(evidence: AccountEvidence): AccountEvidence {
  const out: Record<string, unknown> = {};
  const e = evidence as Record<string, unknown>;
  const head = [
    'accountId',
    'partition',
    'callerArn',
    'regionListing',
    'scannedRegions',
    'unavailableRegions',
    'accessError',
  ];
  for (const k of [...head, ...SOURCES.map((s) => s.id), ...SERVICE_MODULES.map((m) => m.id)]) {
    if (k in e) out[k] = e[k];
  }
  for (const k of Object.keys(e)) if (!(k in out)) out[k] = e[k];
  return out as AccountEvidence;
}
