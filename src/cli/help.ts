export const HELP = `watchpost — audit AWS accounts for the security services a consultant expects, and write the finding.

Usage:
  watchpost scan [options]              scan the account of the current credentials (read-only)
  watchpost assess EVIDENCE.json        recompute results offline from an evidence bundle
  watchpost report EVIDENCE.json        re-make the finding and reports offline from an evidence bundle
  watchpost merge EVIDENCE.json…        join bundles of separately scanned account sets
  watchpost policy                      print the least-privilege IAM policy watchpost needs
  watchpost help COMMAND                options of one command

Exit codes: 0 nothing failed, 3 a check failed (0 with --exit-zero), 1 runtime error, 2 bad usage or
bad input.
Credentials come from the standard AWS chain (environment, shared files, --profile, SSO, container and
instance roles). AWS_ENDPOINT_URL is honoured as the AWS SDK does.
`;

const COMMAND_HELP: Record<string, string> = {
  scan: `watchpost scan [options]

Scans every enabled region of the account the credentials belong to, keeps all evidence, judges every
check and writes the outputs.

Options:
  --profile NAME         use a named profile from ~/.aws/config or ~/.aws/credentials (or the files
                         AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE name); exit 2 if neither has it
  --regions a,b          only these regions (default: every region enabled for the account)
  --services a,b         only these services: cloudtrail, trustedadvisor, inspector, macie, guardduty, waf, shield
  --out DIR              output folder (default: ./watchpost-out/<account>-<UTC time>), checked
                         before the scan starts
  --force                replace files in an existing, non-empty output folder
  --template FILE        finding template (default: watchpost's own; UTF-8, at most 1 MiB)
  --xref KEY=TEXT        resolve a cross-reference marker in the template (repeatable)
  --answer KEY=VALUE     a decision only you can make (repeatable): personal-data=yes|no,
                         shield-advanced=keep|drop
  --format a,b           outputs to write, at least one: md, html, docx, json, ocsf, png, svg
                         (default: all)
  --max-attempts N       attempts per AWS call including retries (default 4, 8 with --org;
                         throttled calls get 12, 20 with --org, unless this is given)
  --concurrency N        AWS calls in flight at once (default 32, 128 with --org)
  --quiet                no progress and no summary
  --exit-zero            exit 0 even when checks fail (runtime and input errors still exit 1 and 2)
  --debug                one line per AWS call on stderr (never credentials)

Organizations (from the management account or a delegated administrator):
  --org                  scan every active account of the organization
  --role-name NAME       role to assume in each member (default OrganizationAccountAccessRole)
  --external-id ID       external id for the role
  --accounts a,b         only these account ids
  --accounts-from FILE   only the account ids in FILE (one per line, # comments; at most 1 MiB)
  --exclude-accounts a,b skip these account ids
  --account-concurrency N  accounts scanned at once (default 8)
  --workers N            threads scanning accounts (default: one per CPU core, at most 4;
                         0: all in one thread); --concurrency is shared among them
  --resume DIR           finish an interrupted organization scan in DIR (Ctrl-C keeps what was read)
                         with the regions, services, role, accounts and profile it was started with
                         (DIR/scan-parameters.json); options given must agree with them (exit 2
                         otherwise); --external-id is not stored and must be given again

Writes: evidence.json, results.json, finding.md (and the reports listed in docs/outputs.md).
`,
  assess: `watchpost assess EVIDENCE.json [--out DIR] [--force] [--quiet] [--exit-zero]

Recomputes results.json from an evidence bundle without contacting AWS. The results are byte-for-byte
those of the scan that produced the bundle (for the same watchpost version).
`,
  report: `watchpost report EVIDENCE.json [options]

Re-makes the finding and reports offline from an evidence bundle.

Options:
  --template FILE        finding template (default: watchpost's own; see docs/templates.md;
                         UTF-8, at most 1 MiB)
  --xref KEY=TEXT        resolve a cross-reference marker (repeatable)
  --answer KEY=VALUE     a decision only you can make (repeatable): personal-data=yes|no,
                         shield-advanced=keep|drop
  --format a,b           outputs to write, at least one: md, html, docx, json, ocsf, png, svg
                         (default: all)
  --final                strip consultant guidance; refuse (exit 2) while review items remain
  --out DIR              output folder (default: ./watchpost-out/report-<UTC time>)
  --force                replace files in an existing, non-empty output folder
  --quiet                print nothing but errors
  --exit-zero            exit 0 even when checks fail
`,
  merge: `watchpost merge EVIDENCE.json… [--out DIR] [--force] [--quiet] [--exit-zero]

Joins evidence bundles of separately scanned account sets (for example one per shard of an organization
scanned on different machines) into one bundle, and writes results and reports for the whole. When an
account appears in several bundles, its latest scan is kept.
`,
  policy: `watchpost policy [--json]

Prints the least-privilege IAM policy for every AWS call watchpost can make (derived from the gateway's
allow-list), and which AWS managed policies already cover it.
`,
};

export function helpFor(command: string): string {
  return COMMAND_HELP[command] ?? HELP;
}
