/**
 * What an organization scan keeps in memory until its outputs are written (results, slim accounts, cost
 * lines) is mostly the same text over and over: at 1,000 accounts ~320,000 results have a few hundred
 * distinct sentences (`detail`) and facts (`data`), and each account's copy of a region name, a cost line's
 * basis or a trail's home region arrives as a string of its own (every account is judged from evidence
 * parsed or cloned on its own). The interner keeps one copy of each equal string and of each equal small
 * plain object, and the values stay what they were: equal strings, objects equal key for key in the same
 * order, so every output is byte for byte the same (test/unit/interner.test.ts).
 *
 * It is only for values nobody changes afterwards: results, slim accounts and cost lines are read, never
 * written, once judged (a shared `data` object changed for one result would change it for all).
 */
import type { CostLine } from '../costs/estimate.js';
import type { AccountEvidence, Result } from '../evidence/schema.js';

/**
 * The JSON text of a plain value whose JSON says all of it (strings, finite numbers other than -0,
 * booleans, null, arrays and plain objects of those), or null: only such values can be shared by their
 * text. (`undefined`, NaN, -0, dates and class instances would meet a different value of the same text.)
 */
function plainKey(v: unknown): string | null {
  return isPlain(v, 0) ? JSON.stringify(v) : null;
}

function isPlain(v: unknown, depth: number): boolean {
  if (v === null) return true;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0);
    case 'object': {
      if (depth > 4) return false;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!(i in v) || !isPlain(v[i], depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) return false;
      for (const x of Object.values(v as Record<string, unknown>)) if (!isPlain(x, depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

export class Interner {
  private readonly strings = new Map<string, string>();
  private readonly objects = new Map<string, object>();

  /** One copy of each equal string. */
  string<T extends string | null | undefined>(s: T): T {
    if (typeof s !== 'string') return s;
    const known = this.strings.get(s);
    if (known !== undefined) return known as T;
    this.strings.set(s, s);
    return s;
  }

  /** One copy of each equal plain object (see `plainKey`); any other value is returned as it is. */
  object<T>(o: T): T {
    if (o === null || typeof o !== 'object') return o;
    const key = plainKey(o);
    if (key === null) return o;
    const known = this.objects.get(key);
    if (known !== undefined) return known as T;
    this.objects.set(key, o);
    return o;
  }

  /**
   * The result's repeated values shared, in place (its keys keep their order). Its check id and account
   * id are already one string per check and per account, and the resource (an ARN or a name, mostly one
   * account's own) would not repeat: they are left as they are.
   */
  result(r: Result): Result {
    r.region = this.string(r.region);
    r.detail = this.string(r.detail);
    r.cause = this.object(r.cause);
    r.data = this.object(r.data);
    return r;
  }

  /** The cost line's repeated values shared, in place. */
  costLine(l: CostLine): CostLine {
    l.accountId = this.string(l.accountId);
    l.region = this.string(l.region);
    l.item = this.string(l.item);
    l.basis = this.string(l.basis);
    if (l.terms !== undefined) l.terms = this.string(l.terms);
    l.monthlyUsd = this.object(l.monthlyUsd);
    return l;
  }

  /**
   * Every string of a slim account (slimAccount: names, regions, states, small lists) shared, in place,
   * and each of its arrays' and objects' strings likewise, to any depth.
   */
  deep<T>(v: T): T {
    if (typeof v === 'string') return this.string(v);
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = this.deep(v[i] as unknown);
      return v;
    }
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const x = o[k];
      if (typeof x === 'string') o[k] = this.string(x);
      else if (x !== null && typeof x === 'object') this.deep(x);
    }
    return v;
  }

  /** The slim account's strings shared (see `deep`). */
  account(a: AccountEvidence): AccountEvidence {
    return this.deep(a);
  }
}
