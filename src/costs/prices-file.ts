/**
 * `--prices FILE`: a JSON file that overrides any part of the bundled price table (src/costs/prices.ts):
 * `date`, prices per service (`default` and `regions`), `assumptions`. Validated before anything is read or
 * written; a mistake is one line, `FILE:LINE: what is wrong`.
 */
import { InputError } from '../evidence/bundle.js';
import { INPUT, readInputUtf8 } from '../evidence/input.js';
import {
  ASSUMPTION_KEYS,
  type AssumptionKey,
  PRICE_KEYS,
  PRICES,
  type PricedService,
  type PriceTable,
  type ServicePrices,
} from './prices.js';

/** The line of `offset` in `text` (1-based). */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The line where the JSON key path is written (the last key's first occurrence after its parents'). */
function lineOfPath(text: string, path: readonly string[]): number {
  let at = 0;
  for (const key of path) {
    const i = text.indexOf(JSON.stringify(key), at);
    if (i < 0) break;
    at = i;
  }
  return lineOf(text, at);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Parses and validates a price file's text; throws InputError `FILE:LINE: …`. */
export function parsePrices(text: string, file: string): PriceTable {
  const fail = (path: readonly string[], message: string): never => {
    throw new InputError(`${file}:${lineOfPath(text, path)}: ${message}`);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec(String((e as Error).message));
    const line = m ? lineOf(text, Number(m[1])) : 1;
    throw new InputError(`${file}:${line}: not valid JSON (${String((e as Error).message).split('\n')[0]})`);
  }
  if (!isObject(doc)) throw new InputError(`${file}:1: a price table is a JSON object`);
  const known = ['date', 'currency', 'prices', 'assumptions', 'note'];
  for (const k of Object.keys(doc))
    if (!known.includes(k)) fail([k], `unknown key "${k}" (expected ${known.join(', ')})`);
  if (doc.currency !== undefined && doc.currency !== 'USD') fail(['currency'], 'currency must be "USD"');
  if (doc.date !== undefined && (typeof doc.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(doc.date)))
    fail(['date'], 'date must be YYYY-MM-DD (when the prices were read)');
  const amount = (path: string[], v: unknown): number => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      fail(path, `${path.at(-1)} must be a number ≥ 0`);
    return v as number;
  };
  const prices: Record<string, ServicePrices> = { ...PRICES.prices };
  if (doc.prices !== undefined) {
    if (!isObject(doc.prices)) fail(['prices'], 'prices must be an object of services');
    for (const [service, given] of Object.entries(doc.prices as Record<string, unknown>)) {
      if (!Object.hasOwn(PRICE_KEYS, service))
        fail(
          ['prices', service],
          `unknown service "${service}" (expected ${Object.keys(PRICE_KEYS).join(', ')})`,
        );
      const keys: readonly string[] = PRICE_KEYS[service as PricedService];
      if (!isObject(given)) fail(['prices', service], `prices.${service} must be an object`);
      const g = given as Record<string, unknown>;
      const base = PRICES.prices[service as PricedService];
      const figures = (path: string[], v: unknown): Record<string, number> => {
        if (!isObject(v)) fail(path, `${path.join('.')} must be an object of prices`);
        const out: Record<string, number> = {};
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
          if (!keys.includes(k))
            fail([...path, k], `unknown price "${k}" for ${service} (expected ${keys.join(', ')})`);
          out[k] = amount([...path, k], x);
        }
        return out;
      };
      for (const k of Object.keys(g))
        if (!['source', 'default', 'regions'].includes(k))
          fail(['prices', service, k], `unknown key "${k}" (expected source, default, regions)`);
      if (g.source !== undefined && typeof g.source !== 'string')
        fail(['prices', service, 'source'], 'source must be text');
      const regions: Record<string, Record<string, number>> = { ...base.regions };
      if (g.regions !== undefined) {
        if (!isObject(g.regions))
          fail(['prices', service, 'regions'], 'regions must be an object of regions');
        for (const [region, v] of Object.entries(g.regions as Record<string, unknown>)) {
          if (!REGION.test(region))
            fail(['prices', service, 'regions', region], `"${region}" is not a region name`);
          regions[region] = {
            ...(base.regions[region] ?? {}),
            ...figures(['prices', service, 'regions', region], v),
          };
        }
      }
      prices[service] = {
        source: typeof g.source === 'string' ? g.source : base.source,
        default: {
          ...base.default,
          ...(g.default === undefined ? {} : figures(['prices', service, 'default'], g.default)),
        },
        regions,
      };
    }
  }
  const assumptions = { ...PRICES.assumptions };
  if (doc.assumptions !== undefined) {
    if (!isObject(doc.assumptions)) fail(['assumptions'], 'assumptions must be an object');
    for (const [k, v] of Object.entries(doc.assumptions as Record<string, unknown>)) {
      if (!(ASSUMPTION_KEYS as readonly string[]).includes(k))
        fail(['assumptions', k], `unknown assumption "${k}" (expected ${ASSUMPTION_KEYS.join(', ')})`);
      if (!isObject(v)) fail(['assumptions', k], `assumptions.${k} must be {"low": …, "high": …}`);
      const o = v as Record<string, unknown>;
      const low = amount(['assumptions', k, 'low'], o.low);
      const high = amount(['assumptions', k, 'high'], o.high);
      if (low > high) fail(['assumptions', k], `assumptions.${k}: low is above high`);
      assumptions[k as AssumptionKey] = { low, high };
    }
  }
  return {
    date: typeof doc.date === 'string' ? doc.date : PRICES.date,
    currency: 'USD',
    prices: prices as unknown as PriceTable['prices'],
    assumptions,
  };
}

/** Reads `--prices FILE` (bounded, UTF-8) and validates it. */
export function readPrices(file: string): PriceTable {
  return parsePrices(readInputUtf8(file, INPUT.prices), file);
}
