/**
 * `scan-parameters.json`: what an organization scan was started with, written next to its evidence.json
 * (whose `startedAt` ties the two together) so that `scan --resume DIR` finishes the same scan. Read back
 * through the bounded input reader and validated here; how a resume combines it with the options given
 * is the CLI's business (src/cli/resume.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { INPUT, InputError, readInputText } from './input.js';
import { ServiceIdSchema } from './schema.js';

export const PARAMETERS_FILE = 'scan-parameters.json';

/** A region name as AWS spells them (eu-west-1, us-gov-west-1, cn-north-1). */
export const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
/** An AWS account id: 12 digits. */
export const ACCOUNT_ID_RE = /^\d{12}$/;

const ACCOUNT_ID = z.string().regex(ACCOUNT_ID_RE, 'not a 12-digit account id');

export const ScanParametersSchema = z.object({
  /** Version of this file's layout. */
  format: z.literal(1),
  /** `startedAt` of the evidence.json these parameters belong to (it stays the same across resumes). */
  startedAt: z.string(),
  /** `--profile` (a name in the AWS config files, not a credential); null: the default credential chain. */
  profile: z.string().min(1).nullable(),
  /** `--regions`; null: every region enabled for each account. */
  regions: z.array(z.string().regex(REGION_RE, 'not a region name')).min(1).nullable(),
  /** `--services`; null: every service. */
  services: z.array(ServiceIdSchema).min(1).nullable(),
  roleName: z.string().min(1),
  /**
   * Whether `--external-id` was given. Its value is never written to disk: an external id guards the
   * member roles against the confused-deputy problem and is handed out like a shared secret, and the output
   * folder is meant to be passed around (evidence for the finding). A resume must be given it again.
   */
  externalId: z.boolean(),
  /** `--accounts` and `--accounts-from` together; null: every active account. */
  accounts: z.array(ACCOUNT_ID).min(1).nullable(),
  /** `--exclude-accounts`; null: none. */
  excludeAccounts: z.array(ACCOUNT_ID).min(1).nullable(),
  /** `--shard` (as K/N, whatever `auto` read) and `--shard-run`; absent or null: the whole selection. */
  shard: z
    .object({ index: z.number().int().min(1), count: z.number().int().min(1), run: z.string().nullable() })
    .nullable()
    .optional(),
});
export type ScanParameters = z.infer<typeof ScanParametersSchema>;

/**
 * The parameters recorded in `dir`, or null when there are none (a folder written by an older watchpost).
 * A file that cannot be read, is not valid, or belongs to another scan than `dir/evidence.json` (started
 * at another time) is an `InputError`: resuming with guessed parameters could mix two scans.
 */
export function readScanParameters(dir: string, evidenceStartedAt: string): ScanParameters | null {
  const path = join(dir, PARAMETERS_FILE);
  if (!existsSync(path)) return null;
  const text = readInputText(path, INPUT.scanParameters);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new InputError(`${path}: cannot read the recorded scan parameters (not valid JSON)`);
  }
  const parsed = ScanParametersSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
    throw new InputError(
      `${path}: not valid recorded scan parameters at ${where}: ${issue?.message ?? 'invalid'}`,
    );
  }
  if (parsed.data.startedAt !== evidenceStartedAt) {
    throw new InputError(
      `${path} belongs to a scan started at ${parsed.data.startedAt}, but evidence.json to one started at ${evidenceStartedAt}; delete ${PARAMETERS_FILE} and give the scan's options again`,
    );
  }
  return parsed.data;
}
