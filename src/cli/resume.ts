/**
 * `scan --resume DIR` finishes the scan it finds in DIR with the parameters that scan was started with.
 * An organization scan records them in `DIR/scan-parameters.json` (next to `evidence.json`, whose
 * `startedAt` ties the two together); on resume, options left out are taken from there, options given must
 * agree with it, and a contradiction stops the run before anything is read from AWS or written to DIR.
 * A folder without the file (written by an older watchpost) resumes as before: with the options given.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { InputError } from '../evidence/bundle.js';
import { INPUT, readInputText } from '../evidence/input.js';
import { ServiceIdSchema } from '../evidence/schema.js';
import { SERVICES, type ServiceId } from '../services/registry.js';
import { REGION_RE } from './args.js';

export const PARAMETERS_FILE = 'scan-parameters.json';
export const DEFAULT_ROLE_NAME = 'OrganizationAccountAccessRole';

const ACCOUNT_ID = z.string().regex(/^\d{12}$/, 'not a 12-digit account id');

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
});
export type ScanParameters = z.infer<typeof ScanParametersSchema>;

/** What an organization scan runs with: the options given, or on resume the recorded ones. */
export interface Selection {
  profile?: string;
  regions?: string[];
  services?: ServiceId[];
  roleName: string;
  externalId?: string;
  include?: string[];
  exclude?: string[];
}

/** The selection options as given on the command line (already parsed and validated). */
export interface GivenOptions {
  profile?: string;
  regions?: string[];
  services?: ServiceId[];
  roleName?: string;
  externalId?: string;
  /** `--accounts` and `--accounts-from` together, and which of the two flags were given. */
  accounts?: { ids: string[]; flags: string[] };
  excludeAccounts?: string[];
}

const uniqueSorted = (xs: readonly string[]): string[] => [...new Set(xs)].sort();

/** Every service is the same scan as no `--services`: both are recorded as null. */
function normaliseServices(services: readonly ServiceId[] | undefined): ServiceId[] | null {
  if (!services || services.length === 0) return null;
  const set = new Set(services);
  if (SERVICES.every((s) => set.has(s))) return null;
  return SERVICES.filter((s) => set.has(s));
}

const nonEmpty = (xs: readonly string[] | undefined): string[] | null =>
  xs && xs.length > 0 ? uniqueSorted(xs) : null;

/** The selection a run uses when nothing is recorded: the options given, with the defaults. */
export function selectionFromOptions(given: GivenOptions): Selection {
  const include = nonEmpty(given.accounts?.ids);
  const exclude = nonEmpty(given.excludeAccounts);
  return {
    ...(given.profile !== undefined ? { profile: given.profile } : {}),
    ...(given.regions ? { regions: given.regions } : {}),
    ...(given.services ? { services: given.services } : {}),
    roleName: given.roleName ?? DEFAULT_ROLE_NAME,
    ...(given.externalId !== undefined ? { externalId: given.externalId } : {}),
    ...(include ? { include } : {}),
    ...(exclude ? { exclude } : {}),
  };
}

/** The record written next to the evidence (never the external id itself). */
export function recordParameters(selection: Selection, startedAt: string): ScanParameters {
  return {
    format: 1,
    startedAt,
    profile: selection.profile ?? null,
    regions: selection.regions && selection.regions.length > 0 ? [...selection.regions] : null,
    services: normaliseServices(selection.services),
    roleName: selection.roleName,
    externalId: selection.externalId !== undefined,
    accounts: nonEmpty(selection.include),
    excludeAccounts: nonEmpty(selection.exclude),
  };
}

/** A list for a one-line message: at most five items, then how many there are. */
function listed(xs: readonly string[]): string {
  return xs.length <= 5 ? xs.join(',') : `${xs.slice(0, 5).join(',')},… (${xs.length} in all)`;
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const x = uniqueSorted(a);
  const y = uniqueSorted(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

/**
 * The selection for `--resume` from the recorded parameters and the options given. Options left out take
 * the recorded value; an option that says something else throws an `InputError` naming the option and the
 * recorded value. `--profile` may differ (it names how to reach the organization on this machine, not what
 * is scanned; the scan checks that it reaches the same organization).
 */
export function resumeSelection(recorded: ScanParameters, given: GivenOptions, dir: string): Selection {
  const contradiction = (flag: string, was: string): InputError =>
    new InputError(
      `${flag} contradicts the scan being resumed in ${dir}, which was started with ${was}; leave ${flag.split(' ')[0]} out to use the recorded value`,
    );

  if (given.regions && !(recorded.regions && sameSet(given.regions, recorded.regions))) {
    throw contradiction(
      `--regions ${listed(given.regions)}`,
      recorded.regions ? `--regions ${listed(recorded.regions)}` : 'every enabled region (no --regions)',
    );
  }
  if (given.services) {
    const services = normaliseServices(given.services);
    const same =
      services === null || recorded.services === null
        ? services === recorded.services
        : sameSet(services, recorded.services);
    if (!same) {
      throw contradiction(
        `--services ${listed(given.services)}`,
        recorded.services ? `--services ${listed(recorded.services)}` : 'every service (no --services)',
      );
    }
  }
  if (given.roleName !== undefined && given.roleName !== recorded.roleName) {
    throw contradiction(`--role-name ${given.roleName}`, `--role-name ${recorded.roleName}`);
  }
  if (given.accounts) {
    const ids = nonEmpty(given.accounts.ids);
    const same =
      ids === null || recorded.accounts === null
        ? ids === recorded.accounts
        : sameSet(ids, recorded.accounts);
    if (!same) {
      throw contradiction(
        `${given.accounts.flags.join('/')} ${ids ? listed(ids) : '(no account)'}`,
        recorded.accounts
          ? `--accounts ${listed(recorded.accounts)}`
          : 'every active account (no --accounts or --accounts-from)',
      );
    }
  }
  if (given.excludeAccounts) {
    const ids = nonEmpty(given.excludeAccounts);
    const same =
      ids === null || recorded.excludeAccounts === null
        ? ids === recorded.excludeAccounts
        : sameSet(ids, recorded.excludeAccounts);
    if (!same) {
      throw contradiction(
        `--exclude-accounts ${ids ? listed(ids) : '(no account)'}`,
        recorded.excludeAccounts
          ? `--exclude-accounts ${listed(recorded.excludeAccounts)}`
          : 'no --exclude-accounts',
      );
    }
  }
  if (recorded.externalId && given.externalId === undefined) {
    throw new InputError(
      `the scan being resumed in ${dir} assumed its roles with --external-id, which watchpost does not store; give --external-id again`,
    );
  }
  if (!recorded.externalId && given.externalId !== undefined) {
    throw contradiction('--external-id', 'no --external-id');
  }

  const profile = given.profile ?? recorded.profile;
  return {
    ...(profile !== null ? { profile } : {}),
    ...(recorded.regions ? { regions: [...recorded.regions] } : {}),
    ...(recorded.services ? { services: [...recorded.services] } : {}),
    roleName: recorded.roleName,
    ...(given.externalId !== undefined ? { externalId: given.externalId } : {}),
    ...(recorded.accounts ? { include: [...recorded.accounts] } : {}),
    ...(recorded.excludeAccounts ? { exclude: [...recorded.excludeAccounts] } : {}),
  };
}

/**
 * The parameters recorded in `dir`, or null when there are none (a folder written by an older watchpost).
 * A file that cannot be read, is not valid, or belongs to another scan than `dir/evidence.json` (started
 * at another time) is an `InputError`: resuming with guessed parameters could mix two scans.
 */
export function readParameters(dir: string, evidenceStartedAt: string): ScanParameters | null {
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
