import { ACTION_NOTES, ALWAYS_ALLOWED, coverageOf, MANAGED_POLICIES } from '../aws/managed-policies.js';
import { requiredIamActions } from '../services/registry.js';
import { POLICY } from './commands.js';
import { parseCommand, usageError } from './options.js';

export function leastPrivilegePolicy(actions: readonly string[]): object {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'WatchpostReadOnly', Effect: 'Allow', Action: actions, Resource: '*' }],
  };
}

/** The human-readable preamble: which AWS managed policies cover which of our actions. */
export function managedPolicyReport(actions: readonly string[]): string {
  const lines = [
    '# Least-privilege IAM policy for watchpost: every AWS action it can call, all read-only.',
    '#',
    '# AWS managed policies, compared with their published documents:',
  ];
  for (const { policy, missing } of MANAGED_POLICIES.map((p) => coverageOf(p, actions))) {
    const head = `#   ${policy.name} (${policy.arn}, ${policy.version})`;
    if (missing.length === 0) {
      lines.push(`${head} grants every action below.`);
      continue;
    }
    lines.push(`${head} does not grant ${missing.length} of them:`);
    for (const a of missing) lines.push(`#     - ${a}${ACTION_NOTES[a] ? `: ${ACTION_NOTES[a]}` : ''}`);
  }
  const always = actions.filter((a) => ALWAYS_ALLOWED.has(a));
  if (always.length > 0) lines.push(`#   ${always.join(', ')}: AWS allows this to every caller.`);
  lines.push(
    '# Attach a managed policy plus an inline policy with the actions it lacks, or use this policy alone:',
  );
  return `${lines.join('\n')}\n`;
}

/**
 * The policy document on stdout, so that `watchpost policy > policy.json` is valid JSON; the comparison
 * with the managed policies goes to stderr (`--json`: nothing there), or with `--text` before the
 * document on stdout as `#` comments.
 */
export async function policyCommand(argv: string[]): Promise<number> {
  const { options } = parseCommand(POLICY, argv);
  if (options.json && options.text) throw usageError('policy', '--json and --text exclude each other');
  const actions = await requiredIamActions();
  const policy = `${JSON.stringify(leastPrivilegePolicy(actions), null, 2)}\n`;
  if (options.text) {
    process.stdout.write(managedPolicyReport(actions) + policy);
    return 0;
  }
  if (!options.json) process.stderr.write(managedPolicyReport(actions));
  process.stdout.write(policy);
  return 0;
}
