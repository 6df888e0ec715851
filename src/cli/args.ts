import { parseArgs } from 'node:util';
import { InputError } from '../evidence/bundle.js';
import { REGION_RE } from '../evidence/scan-parameters.js';
import { SERVICES, type ServiceId } from '../evidence/schema.js';
import { ANSWERS, type Answers } from '../finding/index.js';

/** Wrong command-line usage: printed as one line plus a hint, exit 2. */
export class UsageError extends InputError {
  override name = 'UsageError';
}

type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };

export function parse(
  command: string,
  argv: string[],
  options: Record<string, OptionSpec>,
  positionals: { min: number; max: number; names: string },
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const res = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    if (res.positionals.length < positionals.min) {
      throw new UsageError(`watchpost ${command}: missing ${positionals.names}`);
    }
    if (res.positionals.length > positionals.max) {
      throw new UsageError(
        `watchpost ${command}: unexpected argument ${JSON.stringify(res.positionals[positionals.max])}`,
      );
    }
    return res as { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const msg =
      (e as Error).message.split('\n')[0]?.replace(/\. To specify a positional.*$/, '') ?? 'bad arguments';
    throw new UsageError(`watchpost ${command}: ${msg}`);
  }
}

export function parseRegions(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const regions = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (regions.length === 0)
    throw new UsageError('--regions: give at least one region, e.g. --regions eu-west-1,us-east-1');
  for (const r of regions) {
    if (!REGION_RE.test(r))
      throw new UsageError(`--regions: ${JSON.stringify(r)} is not a region name (e.g. eu-west-1)`);
  }
  return [...new Set(regions)];
}

export function parseServices(value: string | undefined): ServiceId[] | undefined {
  if (value === undefined) return undefined;
  const out: ServiceId[] = [];
  for (const s of value.split(',').map((x) => x.trim().toLowerCase())) {
    if (!s) continue;
    if (!(SERVICES as readonly string[]).includes(s)) {
      throw new UsageError(
        `--services: unknown service ${JSON.stringify(s)} (known: ${SERVICES.join(', ')})`,
      );
    }
    out.push(s as ServiceId);
  }
  if (out.length === 0) throw new UsageError('--services: give at least one service');
  return out;
}

export function parsePositiveInt(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new UsageError(`--${name}: expected a whole number from 1 to ${max}, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** `--xref KEY=TEXT`, repeatable. */
export function parseXrefs(values: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`--xref: expected KEY=TEXT, got ${JSON.stringify(v)}`);
    const key = v.slice(0, eq).trim();
    if (!/^[A-Za-z0-9_.-]+$/.test(key))
      throw new UsageError(`--xref: key ${JSON.stringify(key)} may only use letters, digits, _ . -`);
    out[key] = v.slice(eq + 1);
  }
  return out;
}

/** `--answer KEY=VALUE`, repeatable: the consultant's decisions (see ANSWERS in the finding). */
export function parseAnswers(values: string[] | undefined): Answers {
  const out: Record<string, string> = {};
  const known = ANSWERS as Record<string, readonly string[]>;
  for (const v of values ?? []) {
    const [key = '', value = ''] = v.split('=', 2);
    const allowed = known[key];
    if (!allowed) {
      throw new UsageError(
        `--answer: unknown question ${JSON.stringify(key)} (known: ${Object.keys(ANSWERS).join(', ')})`,
      );
    }
    if (!allowed.includes(value)) {
      throw new UsageError(`--answer ${key}: expected ${allowed.join(' or ')}, got ${JSON.stringify(value)}`);
    }
    out[key] = value;
  }
  return out as Answers;
}
