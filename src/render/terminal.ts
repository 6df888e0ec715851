/**
 * The terminal summary: a service × region grid per account, counts, and what could not be read.
 * Status is shown as a word (colour is only a second channel, off when not a TTY or NO_COLOR is set).
 */

import { type Change, retestSentence } from '../engagement/diff.js';
import { compareRegions } from '../evidence/regions.js';
import type { Bundle, Result } from '../evidence/schema.js';
import { STATUS_WORDS, type Status, worstStatus } from '../evidence/status.js';
import { CHANGE_LABEL, movedRows, type Retest, retestLead } from '../finding/retest.js';
import { LABELS, SERVICES } from '../services/registry.js';

const WORD: Record<Status, string> = {
  pass: 'ok',
  fail: 'FAIL',
  unknown: '??',
  not_applicable: 'n/a',
  accepted: 'accepted',
};
const COLOUR: Record<Status, string> = {
  pass: '32',
  fail: '31;1',
  unknown: '33;1',
  not_applicable: '2',
  accepted: '34',
};

/** Neutralises text from the audited account for a terminal: no escapes, controls or bidi overrides. */
export function safeText(s: string, max = 200): string {
  const cleaned = s.replace(
    /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g,
    '?',
  );
  return cleaned.length > max ? `${cleaned.slice(0, max - 1)}…` : cleaned;
}

export interface TerminalOptions {
  colour: boolean;
  outDir?: string;
  files?: string[];
}

export function renderSummary(bundle: Bundle, results: Result[], opts: TerminalOptions): string {
  const paint = (s: Status, text: string) => (opts.colour ? `\u001b[${COLOUR[s]}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  for (const account of bundle.accounts) {
    const rows = results.filter((r) => r.accountId === account.accountId);
    const regions = [...new Set(rows.map((r) => r.region))].sort(compareRegions);
    lines.push('');
    lines.push(
      `Account ${account.accountId} (${safeText(account.partition)}), ${account.scannedRegions.length} region(s) scanned`,
    );
    const width = Math.max(14, ...regions.map((r) => r.length)) + 2;
    const colW = 12;
    lines.push(''.padEnd(width) + SERVICES.map((s) => LABELS[s].column.padEnd(colW)).join(''));
    for (const region of regions) {
      let line = safeText(region).padEnd(width);
      for (const service of SERVICES) {
        const st = worstStatus(
          rows.filter((r) => r.region === region && r.service === service).map((r) => r.status),
        );
        line += st === null ? '·'.padEnd(colW) : paint(st, WORD[st].padEnd(colW));
      }
      lines.push(line.trimEnd());
    }
  }
  const count = (s: Status) => results.filter((r) => r.status === s).length;
  lines.push('');
  lines.push(
    `Results: ${count('fail')} ${STATUS_WORDS.fail}, ${count('unknown')} ${STATUS_WORDS.unknown}, ${count('pass')} ${STATUS_WORDS.pass}, ${count('not_applicable')} ${STATUS_WORDS.not_applicable}${
      count('accepted') > 0
        ? `, ${count('accepted')} ${STATUS_WORDS.accepted} (failing, covered by the accept file)`
        : ''
    }`,
  );
  const failing = new Map<string, number>();
  for (const r of results) if (r.status === 'fail') failing.set(r.checkId, (failing.get(r.checkId) ?? 0) + 1);
  if (failing.size > 0) {
    lines.push('Failing checks:');
    for (const [id, n] of [...failing].sort()) lines.push(`  ${paint('fail', 'FAIL')} ${id} (${n})`);
  }
  const causes = new Map<string, number>();
  for (const r of results) {
    if (r.status === 'unknown' && r.cause) {
      const key = `${r.cause.code} on ${r.cause.action}`;
      causes.set(key, (causes.get(key) ?? 0) + 1);
    }
  }
  if (causes.size > 0) {
    lines.push('Could not be determined (review by hand or grant the permission):');
    for (const [key, n] of [...causes].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
      lines.push(`  ${paint('unknown', '??')} ${safeText(key)} (${n} result${n === 1 ? '' : 's'})`);
    }
    if (causes.size > 15) lines.push(`  … and ${causes.size - 15} more causes (see results.json)`);
  }
  if (opts.outDir) {
    lines.push('');
    lines.push(`Written to ${opts.outDir}:`);
    for (const f of opts.files ?? []) lines.push(`  ${f}`);
  }
  return `${lines.join('\n')}\n`;
}

const CHANGE_COLOUR: Record<Change, string> = {
  fixed: '32',
  'still-open': '31;1',
  new: '31;1',
  regressed: '31;1',
  accepted: '34',
  'now-unknown': '33;1',
  'out-of-scope': '2',
  unchanged: '2',
};

/** Rows of "what moved" listed on the terminal; diff.json has them all. */
const MAX_MOVED_LINES = 40;

/**
 * The terminal summary of a retest (`watchpost diff`): the sentence, the count of each change, each
 * account's sentence when there are several, and the rows that moved.
 */
export function renderRetestSummary(r: Retest, opts: TerminalOptions): string {
  const paint = (c: Change, text: string) =>
    opts.colour ? `\u001b[${CHANGE_COLOUR[c]}m${text}\u001b[0m` : text;
  const { counts } = r.summary;
  const lines = ['', retestLead(r), ''];
  lines.push(
    `  ${(Object.keys(CHANGE_LABEL) as Change[]).map((c) => `${CHANGE_LABEL[c]} ${counts[c]}`).join(' · ')}`,
  );
  if (r.summary.accounts.length > 1) {
    lines.push('');
    for (const a of r.summary.accounts) {
      const scanned =
        a.scanned.before && a.scanned.after
          ? ''
          : a.scanned.after
            ? ' (not in the earlier scan)'
            : ' (not in the later scan)';
      const sentence = retestSentence(a);
      lines.push(
        `Account ${safeText(a.accountId, 40)}${scanned}: ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`,
      );
    }
  }
  const moved = movedRows(r.rows);
  if (moved.length > 0) {
    lines.push('', 'What moved:');
    const many = r.summary.accounts.length > 1;
    for (const row of moved.slice(0, MAX_MOVED_LINES)) {
      const where = [
        ...(many ? [row.accountId] : []),
        row.checkId,
        row.region,
        ...(row.resource !== null ? [row.resource] : []),
      ];
      const label = CHANGE_LABEL[row.change].toUpperCase().padEnd(13);
      lines.push(
        `  ${paint(row.change, label)}${safeText(where.join(' '), 300)} (${row.before ?? 'none'} → ${row.after ?? 'none'})`,
      );
    }
    if (moved.length > MAX_MOVED_LINES)
      lines.push(`  … and ${moved.length - MAX_MOVED_LINES} more (diff.json)`);
  }
  if (opts.outDir) {
    lines.push('', `Written to ${opts.outDir}:`);
    for (const f of opts.files ?? []) lines.push(`  ${f}`);
  }
  return `${lines.join('\n')}\n`;
}
