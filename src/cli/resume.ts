/**
 * `scan --resume DIR` finishes the scan it finds in DIR with the parameters that scan was started with.
 * An organization scan records them in `DIR/scan-parameters.json` (src/evidence/scan-parameters.ts); on
 * resume, options left out are taken from there, options given must agree with it, and a contradiction
 * stops the run before anything is read from AWS or written to DIR. A folder without the file (written by
 * an older watchpost) resumes as before: with the options given.
 */
import { InputError } from '../evidence/input.js';
import type { ScanParameters } from '../evidence/scan-parameters.js';
import { SERVICES, type ServiceId } from './catalog.js';

export const DEFAULT_ROLE_NAME = 'OrganizationAccountAccessRole';

/** What an organization scan runs with: the options given, or on resume the recorded ones. */
export interface Selection {
  profile?: string;
  regions?: string[];
  services?: ServiceId[];
  roleName: string;
  externalId?: string;
  include?: string[];
  exclude?: string[];
  /** `--shard` and `--shard-run`. */
  shard?: ShardSelection;
}

/** One shard of the selection (1-based index of count) and the run all its shards share. */
export interface ShardSelection {
  index: number;
  count: number;
  run: string | null;
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
  shard?: ShardSelection;
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
    ...(given.shard ? { shard: given.shard } : {}),
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
    shard: selection.shard ?? null,
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
  const recordedShard = recorded.shard ?? null;
  if (given.shard) {
    const g = given.shard;
    const r = recordedShard;
    if (!r || r.index !== g.index || r.count !== g.count || (g.run !== null && g.run !== r.run)) {
      throw contradiction(
        `--shard ${g.index}/${g.count}${g.run !== null ? ` --shard-run ${g.run}` : ''}`,
        r ? `--shard ${r.index}/${r.count}${r.run !== null ? ` --shard-run ${r.run}` : ''}` : 'no --shard',
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
    ...(recordedShard ? { shard: { ...recordedShard } } : {}),
  };
}
