/**
 * The engagement after the first report, as the commands use it: the client's accept file applied to
 * results (`--accept`), and a scan compared with an earlier one (`diff`, `report --previous`). The rules
 * are in src/engagement/ (pure); this reads the files, picks "today" and what each scan covered.
 */
import { runChecks } from '../checks/run.js';
import {
  type AcceptFile,
  applyAcceptances,
  describeEntryReport,
  type EntryReport,
  parseAcceptFile,
} from '../engagement/accept.js';
import { utcToday } from '../engagement/dates.js';
import { type Diff, diffResults, type ScanScope, scopeOfResults } from '../engagement/diff.js';
import { readScanRecord } from '../evidence/bundle.js';
import { INPUT, readInputUtf8 } from '../evidence/input.js';
import type { Bundle, Result } from '../evidence/schema.js';
import { dayOf, type Retest } from '../finding/retest.js';
import { CHECKS, SERVICE_MODULES } from '../services/registry.js';

/** Reads and validates an accept file: any problem is one line `FILE:LINE:COLUMN: …` (exit 2). */
export function readAcceptFile(path: string): AcceptFile {
  return parseAcceptFile(readInputUtf8(path, INPUT.accept), path, {
    knownCheckIds: CHECKS.map((c) => c.meta.id),
  });
}

export interface Accepted {
  results: Result[];
  /** One per entry, in file order (none without a file). */
  reports: EntryReport[];
}

/**
 * The results with the accept file applied (today: the current UTC date). Without a file they are the
 * results as given. Only `status` and `acceptance` of failing results change, never the evidence.
 */
export function acceptResults(results: Result[], file: AcceptFile | undefined, now = new Date()): Accepted {
  if (!file) return { results, reports: [] };
  const out = applyAcceptances(results, file.entries, utcToday(now));
  return { results: out.results, reports: out.entries };
}

/**
 * What the terminal says about the entries: every entry's line, or with `quiet` only those of entries
 * that accepted nothing (expired, unused, …), which the user should look at.
 */
export function acceptReportLines(reports: readonly EntryReport[], quiet: boolean): string[] {
  return reports
    .filter((r) => !quiet || r.state !== 'applied')
    .map((r) => `watchpost: ${describeEntryReport(r)}`);
}

/** One side of a retest: its results (judged again from a bundle), what it covered, when it ran. */
export interface ScanSide {
  results: Result[];
  scope: ScanScope;
  /** The day the scan started (UTC), when known: a results file does not record it. */
  date: string | null;
  /** The bundle, when one was given (names for the finding's tables). */
  bundle: Bundle | null;
}

/**
 * Services a scan did not read at all: every result of theirs is `unknown` because it was not collected
 * (`--services` left them out). Their results say nothing about the account; a retest counts them out of
 * scope rather than "now unknown".
 */
function notScanned(results: readonly Result[]): Set<string> {
  const seen = new Map<string, boolean>();
  for (const r of results) {
    const unread = r.status === 'unknown' && r.cause?.kind === 'not-collected';
    seen.set(r.service, (seen.get(r.service) ?? true) && unread);
  }
  return new Set([...seen].filter(([, unread]) => unread).map(([s]) => s));
}

/** A side from what a bundle holds: each account with the regions it scanned, and the services read. */
function sideOf(results: Result[], bundle: Bundle | null): ScanSide {
  const skip = notScanned(results);
  const kept = skip.size === 0 ? results : results.filter((r) => !skip.has(r.service));
  const scope: ScanScope = bundle
    ? {
        accounts: bundle.accounts.map((a) => ({ accountId: a.accountId, regions: a.scannedRegions })),
        services: SERVICE_MODULES.map((m) => m.id).filter((s) => !skip.has(s)),
      }
    : scopeOfResults(kept);
  return { results: kept, scope, date: bundle ? dayOf(bundle.startedAt) : null, bundle };
}

/** The earlier or later scan of a retest: a bundle (judged again) or a results file, as read. */
export function readScanSide(path: string): ScanSide {
  const record = readScanRecord(path);
  return record.kind === 'bundle'
    ? sideOf(runChecks(record.bundle), record.bundle)
    : sideOf(record.results, null);
}

/** A side from a scan this command made or read (its results already accepted or not). */
export function sideOfBundle(bundle: Bundle, results: Result[]): ScanSide {
  return sideOf(results, bundle);
}

/** The same side with other results (after accepting), its scope unchanged. */
export function withResults(side: ScanSide, results: Result[]): ScanSide {
  return { ...side, results };
}

/** Compares two sides (docs/retest.md): the rows of diff.json and the retest section's input. */
export function retestOf(before: ScanSide, after: ScanSide): Retest & { diff: Diff<Result> } {
  const diff = diffResults(before.results, after.results, {
    before: before.scope,
    after: after.scope,
    checkOrder: CHECKS.map((c) => c.meta.id),
  });
  return {
    diff,
    rows: diff.rows,
    summary: diff.summary,
    dates: { before: before.date, after: after.date },
  };
}
