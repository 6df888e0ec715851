/**
 * What a usable AWS answer looks like. A 200 is not an answer by itself: a captive portal's HTML page, an
 * empty body, `{}` or a body of the wrong types would otherwise read as "there is nothing there" (no
 * detector, no load balancer, no web ACL) and become a false verdict. Every successful call is checked
 * twice by the gateway:
 * 1. the raw body against the protocol (`bodyProblem`): a JSON object for the JSON protocols, an XML
 *    document with the operation's own root element for the XML protocols; never empty, never HTML;
 * 2. the parsed answer against the operation's rule (`answerProblem`): the fields watchpost reads, with
 *    their types, and which of them must be present (next to each operation, in the operations.ts of its
 *    service).
 * A violation is an error of kind `unparseable` naming the operation and what was wrong, in plain words.
 *
 * A rule requires every list and scalar that a verdict rests on, unless the AWS API reference documents
 * what its absence means; those fields are marked `absent(…)` and the comment at the rule cites the doc.
 */
import * as z from 'zod';

/** Wire protocol families of the services watchpost calls. */
export type Protocol = 'json' | 'rest-json' | 'query' | 'ec2' | 'rest-xml';

/** The fields of an answer watchpost reads, keyed by the SDK's member names. */
export type AnswerFields<O> = { readonly [K in Exclude<keyof O, '$metadata'>]?: z.ZodType };

export interface AnswerRule<O = unknown> {
  readonly fields: AnswerFields<O>;
  /**
   * A rule across fields, run once the fields have their types (its parameter is typed by the function
   * itself): returns what is wrong, in plain words ("with Quantity 2 but no Items"), or null.
   */
  readonly check?: (answer: never) => string | null;
}

// ------------------------------------------------------------------------------------ building blocks

/** Metadata on a schema whose absence the AWS API reference gives a meaning ("none", a default). */
const ABSENT_MEANS = new WeakSet<z.ZodType>();

/** Required text. */
export const text = (): z.ZodString => z.string();
/** Required true/false. */
export const flag = (): z.ZodBoolean => z.boolean();
/** Required number. */
export const num = (): z.ZodNumber => z.number();
/** A required list of `element`. */
export const list = <T extends z.ZodType>(element: T) => z.array(element);
/** A required object with these fields (others are ignored). */
export const record = <S extends Record<string, z.ZodType>>(shape: S) => z.object(shape);

/**
 * A field watchpost reads but may be absent (or null): read for what the answer says, never relied on for
 * a verdict by its absence. Present, it must have its type.
 */
export const optional = <T extends z.ZodType>(schema: T) => schema.nullish();

/**
 * A field whose absence the AWS API reference documents ("none", "by default All", "null when no web ACL
 * is associated"): absent is a legitimate answer that says so. Cite the doc next to its use.
 */
export function absent<T extends z.ZodType>(schema: T) {
  const s = schema.nullish();
  ABSENT_MEANS.add(s);
  return s;
}

/** True for a schema made by `absent(…)` (the fuzz test lets those fields' removal change a verdict). */
export function absenceIsDocumented(schema: z.ZodType): boolean {
  return ABSENT_MEANS.has(schema);
}

// ------------------------------------------------------------------------------------------ checking

type PathPart = string | number | symbol;

function pathText(path: readonly PathPart[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

function valueAt(root: unknown, path: readonly PathPart[]): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p as PropertyKey];
  }
  return v;
}

/** What a value is, in words ("a number", "a list", "text"). */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'an invalid date' : 'a date';
  switch (typeof v) {
    case 'string':
      return 'text';
    case 'number':
      return Number.isNaN(v) ? 'not a number' : 'a number';
    case 'boolean':
      return 'true/false';
    case 'object':
      return 'an object';
    default:
      return typeof v;
  }
}

const EXPECTED: Record<string, string> = {
  array: 'a list',
  string: 'text',
  number: 'a number',
  boolean: 'true/false',
  object: 'an object',
  date: 'a date',
};

const schemas = new WeakMap<AnswerRule<never>, z.ZodType>();

function compiled<O>(rule: AnswerRule<O>): z.ZodType {
  let schema = schemas.get(rule as AnswerRule<never>);
  if (!schema) {
    schema = z.object(rule.fields as Record<string, z.ZodType>);
    schemas.set(rule as AnswerRule<never>, schema);
  }
  return schema;
}

interface SchemaDef {
  type: string;
  checks?: unknown[];
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: unknown;
}

/**
 * A quick walk of the answer for the usual case, an answer that meets its rule: true only where zod accepts
 * the value too (texts, true/false, finite numbers, lists, objects, absent or null where the schema allows
 * it, with no further refinements). Anything else, a problem or a schema it does not know (dates, enums),
 * is left to zod, which also words the problem. zod builds a parsed copy of every answer; this builds nothing.
 */
export function surelyValid(schema: z.ZodType, v: unknown): boolean {
  const def = (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
  switch (def.type) {
    case 'string':
      return typeof v === 'string' && !def.checks?.length;
    case 'boolean':
      return typeof v === 'boolean' && !def.checks?.length;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) && !def.checks?.length;
    case 'optional':
      return v === undefined || (def.innerType !== undefined && surelyValid(def.innerType, v));
    case 'nullable':
      return v === null || (def.innerType !== undefined && surelyValid(def.innerType, v));
    case 'array': {
      if (!Array.isArray(v) || def.checks?.length || !def.element) return false;
      for (const e of v) if (!surelyValid(def.element, e)) return false;
      return true;
    }
    case 'object': {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
      if (def.catchall !== undefined || def.checks?.length || !def.shape) return false;
      for (const key in def.shape) {
        if (!surelyValid(def.shape[key]!, (v as Record<string, unknown>)[key])) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * Checks a parsed answer against its rule. Returns what is wrong ("without DetectorIds", "with DetectorIds
 * as a number where a list belongs"), or null when the answer has every field watchpost relies on.
 */
export function answerProblem<O>(rule: AnswerRule<O>, answer: unknown): string | null {
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) {
    return `with ${kindOf(answer)} where an object belongs`;
  }
  const schema = compiled(rule);
  if (surelyValid(schema, answer)) return rule.check ? rule.check(answer as never) : null;
  const parsed = schema.safeParse(answer);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = pathText(issue.path);
    const got = valueAt(answer, issue.path);
    if (issue.code === 'invalid_type') {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      if (got === undefined) return `without ${where}`;
      return `with ${where} as ${kindOf(got)} where ${expected} belongs`;
    }
    return `with ${where || 'its fields'} in an unexpected form`;
  }
  return rule.check ? rule.check(answer as never) : null;
}

// ------------------------------------------------------------------------------------------ raw body

const decoder = new TextDecoder('utf-8', { fatal: false });

/** The first element name of an XML document (after the declaration, comments, doctype), or null. */
function rootElement(text: string): string | null {
  let s = text;
  for (;;) {
    s = s.trimStart();
    if (s.startsWith('<?')) {
      const end = s.indexOf('?>');
      if (end < 0) return null;
      s = s.slice(end + 2);
    } else if (s.startsWith('<!--')) {
      const end = s.indexOf('-->');
      if (end < 0) return null;
      s = s.slice(end + 3);
    } else if (s.startsWith('<!')) {
      const end = s.indexOf('>');
      if (end < 0) return null;
      s = s.slice(end + 1);
    } else break;
  }
  const m = /^<([A-Za-z_][\w.:-]*)/.exec(s);
  return m ? m[1]! : null;
}

function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(text);
}

/**
 * Checks the body of a 2xx answer before the SDK reads it. For the JSON protocols it must be a JSON object;
 * for the XML protocols an XML document whose root element is `root` (the SDK's XML reader accepts any
 * document, an HTML page included, and reads what it lacks as absent), whose list elements named in
 * `lists` hold elements, not text, and whose text elements named in `texts` hold text, not elements.
 * Returns what is wrong, or null. Well-formedness past the first element
 * is left to the SDK's reader.
 */
export function bodyProblem(
  protocol: Protocol,
  root: string | null,
  body: Uint8Array,
  lists: readonly string[] = [],
  texts: readonly string[] = [],
): string | null {
  const text = decoder.decode(body).replace(/^\uFEFF/, '');
  if (text.trim() === '') return 'with an empty body';
  if (looksLikeHtml(text)) return 'with an HTML page';
  if (protocol === 'json' || protocol === 'rest-json') {
    const start = text.trimStart()[0];
    if (start !== '{') return 'with a body that is not a JSON object';
    try {
      JSON.parse(text);
    } catch {
      return 'with a JSON body that is cut short or not well-formed';
    }
    return null;
  }
  const found = rootElement(text);
  if (found === null) return 'with a body that is not an XML document';
  if (root !== null && found !== root && found.replace(/^[\w.-]+:/, '') !== root) {
    const name = found.slice(0, 60);
    if (name.toLowerCase() === 'html') return 'with an HTML page';
    return `with an XML document <${name}> where <${root}> belongs`;
  }
  // The SDK reads a list element holding text (<LoadBalancers>x</LoadBalancers>) as an empty list.
  for (const name of lists) {
    const re = new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>([^<]*)`, 'g');
    for (const m of text.matchAll(re)) {
      if (m[1]!.trim() !== '') return `with text where the list <${name}> belongs`;
    }
  }
  // …and an element holding an element where its text belongs as absent (<LocationConstraint><x/>…).
  for (const name of texts) {
    const re = new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>([^]*?)</(?:[\\w.-]+:)?${name}\\s*>`, 'g');
    for (const m of text.matchAll(re)) {
      if (m[1]!.includes('<')) return `with an element where the text of <${name}> belongs`;
    }
  }
  return null;
}
