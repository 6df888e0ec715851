/**
 * The HTML report's data block: `reportData` (html.ts) writes it, the browser script (html-client/)
 * reads it, and both import its types from here, so a field one side changes and the other does not
 * follow is a compile error.
 *
 * Results and causes travel as tuples (an organization report holds 100,000+ results). The order of their
 * fields is written once, in RESULT_FIELDS and CAUSE_FIELDS, which must name every field of ResultFields /
 * Cause (else a compile error). html.ts builds tuples from named fields (`resultRow`, `causeTuple`); the
 * client reads them through RESULT / CAUSE, each field's position as a literal type, so
 * `row[RESULT.status]` has the status field's type and no code writes a position by hand.
 *
 * Compiled for Node (html.ts) and for the browser (tsconfig.client.json): type-only imports and plain
 * ES2020 code here, nothing Node-specific.
 */
import type { Acceptance } from '../evidence/acceptance.js';
import type { Cause } from '../evidence/observed.js';
import type { Status } from '../evidence/status.js';

export interface ResultFields {
  /** Index into `ReportData.accounts`. */
  account: number;
  /** Index into `ReportData.regions`. */
  region: number;
  /** Index into `ReportData.services`. */
  service: number;
  status: Status;
  /** Index into `ReportData.checks`. */
  check: number;
  resource: string | null;
  detail: string;
  /** Index into `ReportData.causes`, or -1 when the result has no cause. */
  cause: number;
  /** Index into `ReportData.acceptances` for an `accepted` result, else -1. */
  acceptance: number;
}

/** The fields of a result, in their order in a row. */
export const RESULT_FIELDS = [
  'account',
  'region',
  'service',
  'status',
  'check',
  'resource',
  'detail',
  'cause',
  'acceptance',
] as const;
export type ResultRow = Tuple<typeof RESULT_FIELDS, ResultFields>;
/** Each result field's position in a ResultRow. */
export const RESULT = layout<ResultFields>()(RESULT_FIELDS);

/** The fields of a cause (the AWS error and the IAM action it needed), in their order in a tuple. */
export const CAUSE_FIELDS = ['kind', 'code', 'action', 'message'] as const;
export type CauseTuple = Tuple<typeof CAUSE_FIELDS, Cause>;
/** Each cause field's position in a CauseTuple. */
export const CAUSE = layout<Cause>()(CAUSE_FIELDS);

export function resultRow(fields: ResultFields): ResultRow {
  return toTuple(RESULT_FIELDS, fields);
}

export function causeTuple(cause: Cause): CauseTuple {
  return toTuple(CAUSE_FIELDS, cause);
}

export interface AccountEntry {
  id: string;
  name: string | null;
  /** Indexes into `ReportData.regions`: the regions scanned in this account. */
  regions: number[];
}

export interface CheckEntry {
  id: string;
  title: string;
  severity: string | null;
  remediation: string | null;
}

export interface StatusDisplay {
  symbol: string;
  label: string;
  /** Higher is worse: a grid cell shows its worst result; details list the worst first. */
  rank: number;
}

export interface ReportData {
  version: 1;
  accounts: AccountEntry[];
  /** In display order: `global`, `*` (region list unreadable), then by name. */
  regions: string[];
  /** Service ids, in registry order. */
  services: string[];
  serviceLabels: Record<string, string>;
  display: Record<Status, StatusDisplay>;
  checks: CheckEntry[];
  causes: CauseTuple[];
  /** The accept entries behind `accepted` results (reason, who, until when, control, file and line), each once. */
  acceptances: Acceptance[];
  results: ResultRow[];
}

// ------------------------------------------------------------------------------------------- tuples

/** The tuple of `Values`' fields in the order `Fields` names them. */
export type Tuple<Fields extends readonly (keyof Values)[], Values> = {
  -readonly [I in keyof Fields]: Values[Fields[I]];
};

/** The position of `Name` in `Fields`, as a literal number type. */
type PositionOf<
  Fields extends readonly unknown[],
  Name,
  Before extends unknown[] = [],
> = Fields extends readonly [infer First, ...infer Rest]
  ? First extends Name
    ? Before['length']
    : PositionOf<Rest, Name, [...Before, First]>
  : never;

export type Positions<Fields extends readonly PropertyKey[]> = {
  readonly [Name in Fields[number]]: PositionOf<Fields, Name>;
};

/** The fields of `Values` that `Fields` does not name. */
type Missing<Values, Fields extends readonly unknown[]> = Exclude<keyof Values, Fields[number]>;

/** `unknown` when `Fields` names every field of `Values`; else a type no list matches, naming what is missing. */
type NamesEvery<Values, Fields extends readonly unknown[]> = [Missing<Values, Fields>] extends [never]
  ? unknown
  : { missingFields: Missing<Values, Fields> };

/**
 * Each field's position in a tuple of `Values` laid out as `fields`, which must name every field of
 * `Values` (test/render/html-client.test.ts checks the positions computed here against their types).
 */
function layout<Values>() {
  return <const Fields extends readonly (keyof Values)[]>(
    fields: Fields & NamesEvery<Values, Fields>,
  ): Positions<Fields> => Object.fromEntries(fields.map((name, i) => [name, i])) as Positions<Fields>;
}

/** The values of `values` in the order of `fields`. */
function toTuple<const Fields extends readonly (keyof Values)[], Values>(
  fields: Fields,
  values: Values,
): Tuple<Fields, Values> {
  const tuple: unknown[] = [];
  for (const name of fields) tuple.push(values[name]);
  return tuple as Tuple<Fields, Values>;
}
