/**
 * What CloudTrail's checks share about trails: which regions a trail covers, who owns it, whether the list
 * of trails is complete, which management events its selectors record, and how the finding names them.
 * Pure functions: no AWS, no clock.
 */

import { notCollected, regionalScope, unknownVerdict, type Verdict, verdict } from '../../checks/types.js';
import { type Data, listWords, notCollectedGlobal } from '../../checks/util.js';
import type { AwsError } from '../../evidence/observed.js';
import type { AccountEvidence, Result } from '../../evidence/schema.js';
import { type Inline, text } from '../../finding/document.js';
import { list, type ProseContext, prose } from '../../finding/prose.js';
import type { EventDataStore, Trail } from './schema.js';

/** A trail covers a region when it is multi-region or homed there. */
export function trailCovers(trail: Trail, region: string): boolean {
  return trail.isMultiRegion || trail.homeRegion === region;
}

/** ", an organization trail owned by 123456789012" when the trail belongs to another account; else "". */
export function orgNote(trail: Trail, accountId: string): string {
  if (trail.ownerAccountId !== accountId) {
    return trail.isOrganizationTrail
      ? ` (organization trail owned by ${trail.ownerAccountId})`
      : ` (owned by account ${trail.ownerAccountId})`;
  }
  return trail.isOrganizationTrail ? ' (organization trail)' : '';
}

export function isLogging(trail: Trail): boolean {
  return trail.status.ok && trail.status.value.isLogging;
}

/**
 * Why the account-wide list of trails may be incomplete: the first failed or missing regional
 * DescribeTrails listing, a region list that could not be read, or a listed trail without details.
 * Null when the list of trails is proven complete for the scanned regions.
 */
export function trailListGap(account: AccountEvidence): AwsError | null {
  const ct = account.cloudtrail;
  if (!ct) return notCollected('cloudtrail:DescribeTrails');
  const scope = regionalScope(account);
  if (!scope.ok) return scope.error;
  for (const region of scope.regions) {
    const entry = ct.regions[region];
    if (!entry) return notCollected('cloudtrail:DescribeTrails');
    if (!entry.ok) return entry.error;
  }
  for (const u of account.unavailableRegions) return u.error;
  const known = new Set(ct.trails.map((t) => t.arn));
  for (const region of Object.keys(ct.regions).sort()) {
    const entry = ct.regions[region]!;
    if (entry.ok && entry.value.trailArns.some((arn) => !known.has(arn))) {
      return notCollected('cloudtrail:DescribeTrails');
    }
  }
  return null;
}

/** Trails sorted by ARN (deterministic output). */
export function sortedTrails(trails: readonly Trail[]): Trail[] {
  return [...trails].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
}

export interface ManagementCoverage {
  read: boolean;
  write: boolean;
  /** Notes about partial coverage (excluded event sources, selectors limited to some sources). */
  notes: string[];
}

type Selectors = Extract<Trail['eventSelectors'], { ok: true }>['value'];
type FieldSelector = NonNullable<Selectors['advanced']>[number]['fieldSelectors'][number];

function fieldIs(fs: FieldSelector, name: string): boolean {
  return fs.field.toLowerCase() === name.toLowerCase();
}

/** Which of read/write a readOnly field selector lets through. */
function readOnlyCoverage(fs: FieldSelector | undefined): { read: boolean; write: boolean } {
  if (!fs) return { read: true, write: true };
  let read = true;
  let write = true;
  if (fs.equals) {
    const eq = fs.equals.map((v) => v.toLowerCase());
    read = eq.includes('true');
    write = eq.includes('false');
  }
  if (fs.notEquals) {
    const ne = fs.notEquals.map((v) => v.toLowerCase());
    if (ne.includes('true')) read = false;
    if (ne.includes('false')) write = false;
  }
  return { read, write };
}

/**
 * What management events a trail records, from its event selectors. Advanced selectors are read by
 * their field selectors (never by their Name). No selectors at all is the AWS default: all management
 * events.
 */
export function managementCoverage(selectors: Selectors): ManagementCoverage {
  const basic = selectors.basic ?? [];
  const advanced = selectors.advanced ?? [];
  const notes: string[] = [];
  if (basic.length === 0 && advanced.length === 0) return { read: true, write: true, notes };
  let read = false;
  let write = false;
  for (const s of basic) {
    if (s.includeManagementEvents === false) continue;
    const rwt = (s.readWriteType ?? 'All').toLowerCase();
    if (rwt === 'all' || rwt === 'readonly') read = true;
    if (rwt === 'all' || rwt === 'writeonly') write = true;
    if (s.excludeManagementEventSources.length > 0) {
      notes.push(`excludes management events from ${listWords(s.excludeManagementEventSources)}`);
    }
  }
  for (const s of advanced) {
    const category = s.fieldSelectors.find((f) => fieldIs(f, 'eventCategory'));
    if (!category?.equals?.some((v) => v.toLowerCase() === 'management')) continue;
    const restricting = s.fieldSelectors.filter(
      (f) =>
        !fieldIs(f, 'eventCategory') &&
        !fieldIs(f, 'readOnly') &&
        (f.equals !== undefined || f.startsWith !== undefined || f.endsWith !== undefined),
    );
    if (restricting.length > 0) {
      notes.push(
        `a selector records management events only where ${restricting.map((f) => f.field).join(', ')} match`,
      );
      continue;
    }
    const excluding = s.fieldSelectors.filter((f) => !fieldIs(f, 'eventCategory') && !fieldIs(f, 'readOnly'));
    if (excluding.length > 0) {
      notes.push(`a selector excludes some management events by ${excluding.map((f) => f.field).join(', ')}`);
    }
    const rw = readOnlyCoverage(s.fieldSelectors.find((f) => fieldIs(f, 'readOnly')));
    read ||= rw.read;
    write ||= rw.write;
  }
  return { read, write, notes };
}

/**
 * Network activity events (advanced selectors with eventCategory = NetworkActivity): the event sources
 * (services reached through VPC endpoints) whose network activity a set of advanced selectors records,
 * sorted. A selector without an eventSource Equals (AWS requires one) is listed as "any event source".
 * Informational only: no check fails on their absence (docs/checks.md, network activity events).
 */
export function networkActivitySources(advanced: Selectors['advanced']): string[] {
  const out = new Set<string>();
  for (const s of advanced ?? []) {
    const category = s.fieldSelectors.find((f) => fieldIs(f, 'eventCategory'));
    if (!category?.equals?.some((v) => v.toLowerCase() === 'networkactivity')) continue;
    const source = s.fieldSelectors.find((f) => fieldIs(f, 'eventSource'));
    const values = source?.equals ?? [];
    if (values.length === 0) out.add('any event source');
    for (const v of values) out.add(v);
  }
  return [...out].sort();
}

/** "read and write", "read-only", "write-only", "no management events". */
export function coverageWords(c: { read: boolean; write: boolean }): string {
  if (c.read && c.write) return 'read and write management events';
  if (c.read) return 'read-only management events';
  if (c.write) return 'write-only management events';
  return 'no management events';
}

/**
 * A per-trail check: one verdict per trail (region = home region, resource = ARN). With no trail at all,
 * one not_applicable verdict for "global" when the trail list is proven complete, else unknown.
 */
export function perTrail(
  account: AccountEvidence,
  what: string,
  judge: (trail: Trail, note: string, data: Data) => Verdict,
): Verdict[] {
  const ct = account.cloudtrail;
  if (!ct) return notCollectedGlobal('cloudtrail:DescribeTrails', what);
  if (ct.trails.length === 0) {
    const gap = trailListGap(account);
    if (gap) return [unknownVerdict('global', null, gap, what)];
    return [
      verdict(
        'global',
        null,
        'not_applicable',
        'No CloudTrail trail exists in the account; cloudtrail.enabled reports the absence.',
      ),
    ];
  }
  return sortedTrails(ct.trails).map((t) =>
    judge(t, orgNote(t, account.accountId), {
      trail: t.name,
      homeRegion: t.homeRegion,
      ownerAccountId: t.ownerAccountId,
      organizationTrail: t.isOrganizationTrail,
      multiRegion: t.isMultiRegion,
    }),
  );
}

/** "the trail a", "the trails a and b": the trails of some results, for the finding's sentences. */
export function trailsPhrase(ctx: ProseContext, rs: readonly Result[]): Inline[] {
  return prose`the ${text(rs.length === 1 ? 'trail' : 'trails')} ${list(ctx.resources(rs, false))}`;
}

// ------------------------------------------------------------------------------------- CloudTrail Lake

/**
 * What an event data store records of management events (its advanced selectors, read as a trail's). A
 * store without selectors proves nothing (GetEventDataStore always answers them).
 */
export function storeManagementCoverage(store: EventDataStore): ManagementCoverage | null {
  if (!store.details.ok) return null;
  if (store.details.value.advanced.length === 0) return { read: false, write: false, notes: [] };
  return managementCoverage({ basic: null, advanced: store.details.value.advanced });
}

/** An event data store that ingests (Status ENABLED) and records some management events. */
export function storeLogsManagement(store: EventDataStore): boolean {
  const c = storeManagementCoverage(store);
  return store.details.ok && store.details.value.status === 'ENABLED' && c !== null && (c.read || c.write);
}

/** A store covers its home region, and every region when it is multi-region. */
export function storeCovers(store: EventDataStore, region: string): boolean {
  return store.homeRegion === region || (store.details.ok && store.details.value.multiRegion);
}

/** ", an organization event data store" note, like orgNote for trails. */
export function storeNote(store: EventDataStore): string {
  return store.details.ok && store.details.value.organization ? ' (organization event data store)' : '';
}

export interface LakeView {
  /** Every store listed, sorted by ARN. */
  stores: EventDataStore[];
  /**
   * Why a store may be missing from `stores` or unreadable: the first failed ListEventDataStores, a store
   * whose GetEventDataStore failed, or Lake not read at all (older evidence). Null when complete.
   */
  gap: AwsError | null;
}

/** The account's event data stores across the scanned regions, and whether that picture is complete. */
export function lake(account: AccountEvidence): LakeView {
  const listings = account.cloudtrail?.eventDataStores;
  if (!listings) return { stores: [], gap: notCollected('cloudtrail:ListEventDataStores') };
  const stores: EventDataStore[] = [];
  let gap: AwsError | null = null;
  const scope = regionalScope(account);
  if (!scope.ok) gap = scope.error;
  for (const region of scope.ok ? scope.regions : Object.keys(listings).sort()) {
    const entry = listings[region];
    if (!entry) gap ??= notCollected('cloudtrail:ListEventDataStores');
    else if (!entry.ok) gap ??= entry.error;
    else stores.push(...entry.value.stores);
  }
  stores.sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  for (const s of stores) if (!s.details.ok) gap ??= s.details.error;
  return { stores, gap };
}

/** Stores that log management events in a region (or anywhere, with no region), sorted by ARN. */
export function loggingStores(view: LakeView, region?: string): EventDataStore[] {
  return view.stores.filter(
    (s) => storeLogsManagement(s) && (region === undefined || storeCovers(s, region)),
  );
}
