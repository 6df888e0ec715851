/**
 * The condition language of `{==OPTION[…]==}` markers (documented in docs/templates.md).
 *
 *   expr    := and ('or' and)*
 *   and     := unary ('and' unary)*
 *   unary   := 'not' unary | '(' expr ')' | atom
 *   atom    := CHECK '=' STATUS        any result of the check(s) has that status
 *            | CHECK '!=' STATUS       no result of the check(s) has that status
 *            | SUBJECT ':' STATE       a service state or an inventory fact
 *
 * CHECK is a check id (`cloudtrail.log-validation`), a service wildcard (`guardduty.*`) or `*`.
 * STATUS is pass | fail | not_applicable | unknown | accepted. SUBJECT:STATE is `<service>:off|partial|
 * misconfigured|gap|unknown|accepted|fine` or a fact the sources and services declare (`s3:used` from the
 * inventory, `web:exposed` from WAF). Words are case-insensitive. `accepted` (a gap the client's accept
 * file covers) is not a gap: `gap`, `off`, `partial` and `misconfigured` look at open failures only, and a
 * service with an accepted gap is not `fine`.
 */

import { STATUSES, type Status } from '../evidence/status.js';
import { checkMeta, FACTS, SERVICES, type ServiceId } from '../services/registry.js';

export type Condition =
  | { op: 'or' | 'and'; left: Condition; right: Condition }
  | { op: 'not'; arg: Condition }
  | { op: 'check'; pattern: string; negate: boolean; status: Status }
  | { op: 'state'; service: ServiceId; state: ServiceState }
  /** A fact a source or service declares (FACTS). */
  | { op: 'fact'; fact: string };

export const SERVICE_STATES = [
  'off',
  'partial',
  'misconfigured',
  'gap',
  'unknown',
  'accepted',
  'fine',
] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

/** What a condition is evaluated against. */
export interface ConditionContext {
  /** Statuses seen for a check id. */
  statuses(checkId: string): ReadonlySet<Status>;
  allCheckIds(): readonly string[];
  serviceState(service: ServiceId, state: ServiceState): boolean;
  fact(fact: string): boolean;
}

/** A syntax error at `offset` (0-based, within the condition text). */
export class ConditionSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Deepest nesting of parentheses and `not` accepted: the parser recurses into them, so thousands of "("
 * must be a syntax error at the place, not a stack overflow. Chains of `and` / `or` are not nested and
 * have no limit.
 */
export const MAX_CONDITION_NESTING = 32;

interface Token {
  text: string;
  offset: number;
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:(!=|=|:|\(|\))|([A-Za-z0-9_.*-]+))/y;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) {
      const at = pos + (src.slice(pos).length - src.slice(pos).trimStart().length);
      throw new ConditionSyntaxError(at, `unexpected character ${JSON.stringify(src[at])} in condition`);
    }
    const text = (m[1] ?? m[2])!;
    out.push({ text, offset: re.lastIndex - text.length });
    pos = re.lastIndex;
  }
  return out;
}

export function parseCondition(src: string): Condition {
  const tokens = tokenize(src);
  let i = 0;
  let depth = 0;
  const end = src.length;
  const peek = () => tokens[i];
  const word = (t: Token | undefined) => t?.text.toLowerCase();
  const fail = (t: Token | undefined, msg: string): never => {
    throw new ConditionSyntaxError(t ? t.offset : end, msg);
  };
  if (tokens.length === 0) fail(undefined, 'empty condition');

  const parseOr = (): Condition => {
    let left = parseAnd();
    while (word(peek()) === 'or') {
      i++;
      left = { op: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Condition => {
    let left = parseUnary();
    while (word(peek()) === 'and') {
      i++;
      left = { op: 'and', left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): Condition => {
    const t = peek();
    if (!t) return fail(t, 'condition ends too early');
    const nested = word(t) === 'not' || t.text === '(';
    if (nested && depth >= MAX_CONDITION_NESTING)
      fail(t, `condition nested more than ${MAX_CONDITION_NESTING} deep (parentheses and "not")`);
    if (word(t) === 'not') {
      i++;
      depth++;
      const arg = parseUnary();
      depth--;
      return { op: 'not', arg };
    }
    if (t.text === '(') {
      i++;
      depth++;
      const inner = parseOr();
      depth--;
      if (peek()?.text !== ')') fail(peek(), 'expected ")"');
      i++;
      return inner;
    }
    return parseAtom();
  };
  const parseAtom = (): Condition => {
    const subject = tokens[i++];
    if (!subject || /^[=:()!]/.test(subject.text))
      return fail(subject, 'expected a check id or a service name');
    const opTok = tokens[i++];
    const valueTok = tokens[i++];
    if (!opTok || !['=', '!=', ':'].includes(opTok.text)) return fail(opTok, 'expected "=", "!=" or ":"');
    if (!valueTok || /^[=:()!]/.test(valueTok.text)) return fail(valueTok, 'expected a value');
    const name = subject.text.toLowerCase();
    const value = valueTok.text.toLowerCase();
    if (opTok.text === ':') {
      if (FACTS.has(`${name}:${value}`)) return { op: 'fact', fact: `${name}:${value}` };
      const service = SERVICES.find((s) => s === name);
      if (!service)
        return fail(subject, `unknown service "${subject.text}" (expected one of ${SERVICES.join(', ')})`);
      const state = SERVICE_STATES.find((s) => s === value);
      if (!state)
        return fail(valueTok, `unknown state "${valueTok.text}" (expected ${SERVICE_STATES.join(', ')})`);
      return { op: 'state', service, state };
    }
    const status = STATUSES.find((s) => s === value);
    if (!status) return fail(valueTok, `unknown status "${valueTok.text}" (expected ${STATUSES.join(', ')})`);
    if (name !== '*') {
      const wildcard = name.endsWith('.*');
      const service = name.split('.')[0];
      // Conditions naming an id no service lists are rejected as typos.
      const known = wildcard ? SERVICES.some((s) => s === service) : checkMeta(name) !== undefined;
      if (!known) return fail(subject, `unknown check id "${subject.text}"`);
    }
    return { op: 'check', pattern: name, negate: opTok.text === '!=', status };
  };

  const cond = parseOr();
  if (i < tokens.length) fail(tokens[i], `unexpected "${tokens[i]!.text}"`);
  return cond;
}

function matches(pattern: string, checkId: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return checkId.startsWith(pattern.slice(0, -1));
  return checkId === pattern;
}

export function evaluateCondition(cond: Condition, ctx: ConditionContext): boolean {
  switch (cond.op) {
    case 'or':
    case 'and': {
      // `a or b or c` is parsed left-nested; walk the chain in a loop (it can be thousands long).
      const operands: Condition[] = [];
      let c: Condition = cond;
      while (c.op === cond.op) {
        operands.push(c.right);
        c = c.left;
      }
      operands.push(c);
      operands.reverse();
      return cond.op === 'or'
        ? operands.some((x) => evaluateCondition(x, ctx))
        : operands.every((x) => evaluateCondition(x, ctx));
    }
    case 'not':
      return !evaluateCondition(cond.arg, ctx);
    case 'state':
      return ctx.serviceState(cond.service, cond.state);
    case 'fact':
      return ctx.fact(cond.fact);
    case 'check': {
      const any = ctx
        .allCheckIds()
        .filter((id) => matches(cond.pattern, id))
        .some((id) => ctx.statuses(id).has(cond.status));
      return cond.negate ? !any : any;
    }
  }
}
