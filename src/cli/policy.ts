import { requiredIamActions } from '../aws/operations.js';
import { parse } from './args.js';

/** AWS managed policies that grant every action watchpost needs (checked against their published contents). */
const COVERED_BY = [
  'arn:aws:iam::aws:policy/SecurityAudit',
  'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess',
];

export function leastPrivilegePolicy(): object {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'WatchpostReadOnly', Effect: 'Allow', Action: requiredIamActions(), Resource: '*' }],
  };
}

export async function policyCommand(argv: string[]): Promise<number> {
  const { values } = parse('policy', argv, { json: { type: 'boolean' } }, { min: 0, max: 0, names: '' });
  const policy = `${JSON.stringify(leastPrivilegePolicy(), null, 2)}\n`;
  if (values.json) {
    process.stdout.write(policy);
    return 0;
  }
  process.stdout.write(
    `# Least-privilege IAM policy for watchpost (every action it can call; all read-only).\n` +
      `# Alternatively attach the AWS managed policies ${COVERED_BY.join(' + ')}.\n${policy}`,
  );
  return 0;
}
