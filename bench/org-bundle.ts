/**
 * A large organization's evidence bundle without scanning it, to measure what grows with the number of
 * accounts after the scan (`watchpost report` on it: judging, the finding, report.html, Word, results.json).
 *
 *   node --import tsx bench/org-bundle.ts <source evidence.json> <accounts> <out evidence.json>
 *
 * The source's accounts are templates (e.g. samples/demo-evidence.json, or a bench scan's evidence of a
 * 13-account organization, 17 regions); account i of the output is template i mod T with its account id
 * replaced everywhere (ARNs, owner ids) by a distinct one and its name set to `member-NNNN`. The bundle is
 * streamed to disk one account at a time (BundleWriter), so the script itself stays small at any size.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { BundleWriter } from '../src/evidence/bundle-writer.js';
import { type AccountEvidence, type Bundle, BundleSchema } from '../src/evidence/schema.js';

export function cloneId(i: number): string {
  // 12 digits, distinct, and not a substring of another id of the bundle (all start with 7 and differ).
  return String(700000000000 + i * 7919);
}

export function writeOrgBundle(source: Bundle, accounts: number, out: string): string {
  const templates = source.accounts;
  if (templates.length === 0) throw new Error('the source bundle has no account');
  const management = cloneId(0);
  const writer = new BundleWriter(dirname(out), basename(out), {
    schemaVersion: source.schemaVersion,
    tool: source.tool,
    startedAt: source.startedAt,
    partition: source.partition,
  });
  const texts = templates.map((t) => JSON.stringify(t));
  for (let i = 0; i < accounts; i++) {
    const t = templates[i % templates.length]!;
    const id = cloneId(i);
    const account = JSON.parse(texts[i % templates.length]!.split(t.accountId).join(id)) as AccountEvidence;
    account.accountName = `member-${String(i).padStart(4, '0')}`;
    writer.add(account);
  }
  return writer.finish({
    finishedAt: source.finishedAt,
    complete: true,
    calls: source.calls,
    organization: {
      id: 'o-bench1000',
      managementAccountId: management,
      pendingAccounts: [],
    },
  });
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  const [src, n, out] = process.argv.slice(2);
  if (!src || !n || !out) {
    console.error('usage: org-bundle.ts <source evidence.json> <accounts> <out evidence.json>');
    process.exit(2);
  }
  const source = BundleSchema.parse(JSON.parse(readFileSync(src, 'utf8')));
  console.log(writeOrgBundle(source, Number(n), out));
}
