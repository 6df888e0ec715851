/**
 * Which regions to scan: ec2:DescribeRegions (AllRegions=true) in the partition's home region, kept to the
 * caller's partition and to regions the account has enabled, narrowed by --regions.
 */
import type { z } from 'zod';
import { CORE_OPS } from '../aws/core-operations.js';
import { type AwsSession, globalRegion, partitionOfRegion } from '../aws/gateway.js';
import type { AwsError, Observed } from '../evidence/observed.js';
import type { RegionListingSchema } from '../evidence/schema.js';

export type RegionListing = z.infer<typeof RegionListingSchema>;

export interface RegionSelection {
  listing: Observed<RegionListing>;
  scanned: string[];
  unavailable: { name: string; error: AwsError }[];
}

/** The fields of an ec2 Region we read. */
export interface RegionAnswer {
  RegionName?: string | undefined;
  OptInStatus?: string | undefined;
}

const ENABLED_STATUSES = new Set(['opt-in-not-required', 'opted-in']);

/** Sorts DescribeRegions' answer into enabled regions of `partition` and skipped ones with the reason. */
export function interpretRegions(partition: string, regions: readonly RegionAnswer[]): RegionListing {
  const enabled: string[] = [];
  const skipped: { name: string; reason: string }[] = [];
  const seen = new Set<string>();
  for (const r of regions) {
    const name = r.RegionName;
    if (!name || seen.has(name)) continue;
    seen.add(name);
    if (partitionOfRegion(name) !== partition) {
      skipped.push({ name, reason: 'other partition' });
    } else if (r.OptInStatus === undefined || ENABLED_STATUSES.has(r.OptInStatus)) {
      // AWS always sends OptInStatus with AllRegions=true; without it the region was listed as usable.
      enabled.push(name);
    } else {
      skipped.push({ name, reason: 'not opted in' });
    }
  }
  enabled.sort();
  skipped.sort((a, b) => a.name.localeCompare(b.name));
  return { enabled, skipped };
}

function regionError(message: string): AwsError {
  return {
    kind: 'region-disabled',
    code: 'RegionNotEnabled',
    message,
    action: CORE_OPS.describeRegions.iamAction,
    httpStatus: null,
  };
}

/**
 * Decides the scanned regions from the listing and the user's request. Without a listing, requested
 * regions of the partition are scanned anyway; without either, nothing is scanned.
 */
export function selectRegions(
  partition: string,
  listing: Observed<RegionListing>,
  requested?: readonly string[],
): { scanned: string[]; unavailable: { name: string; error: AwsError }[] } {
  const unavailable: { name: string; error: AwsError }[] = [];
  if (!requested || requested.length === 0) {
    return { scanned: listing.ok ? [...listing.value.enabled] : [], unavailable };
  }
  const scanned: string[] = [];
  for (const name of new Set(requested)) {
    if (partitionOfRegion(name) !== partition) {
      unavailable.push({
        name,
        error: regionError(`region ${name} is not in the ${partition} partition of this account`),
      });
    } else if (!listing.ok || listing.value.enabled.includes(name)) {
      scanned.push(name);
    } else {
      const skipped = listing.value.skipped.find((s) => s.name === name);
      const why = skipped ? skipped.reason : 'not listed by DescribeRegions';
      unavailable.push({ name, error: regionError(`region ${name} is not enabled (${why})`) });
    }
  }
  return { scanned, unavailable };
}

export async function listRegions(
  session: AwsSession,
  partition: string,
  requested?: string[],
): Promise<RegionSelection> {
  const res = await session.call(CORE_OPS.describeRegions, globalRegion(partition), { AllRegions: true });
  let listing: Observed<RegionListing>;
  if (!res.ok) listing = res;
  else if (!Array.isArray(res.value.Regions)) {
    listing = {
      ok: false,
      error: {
        kind: 'unparseable',
        code: 'UnexpectedAnswer',
        message: 'DescribeRegions answered without a Regions list',
        action: CORE_OPS.describeRegions.iamAction,
        httpStatus: null,
      },
    };
  } else listing = { ok: true, value: interpretRegions(partition, res.value.Regions) };
  return { listing, ...selectRegions(partition, listing, requested) };
}
