/**
 * The globs of accept files, deliberately small: `*` matches any run of characters (also none, and also
 * across `.`, `/` and `:`, so `arn:aws:apigateway:*` covers every REST API ARN), `?` matches exactly one
 * character, `\` makes the next character literal (`\*`, `\?`, `\\`). Everything else matches itself,
 * case-sensitively. Character classes, braces and negation (`[ab]`, `{a,b}`, `!x`) are refused rather
 * than read literally, so that a pattern never means something other than what its writer expected.
 * Matching is linear in practice (no regular expressions, no catastrophic backtracking).
 */

const STAR: unique symbol = Symbol('*');
const ANY: unique symbol = Symbol('?');
type Token = string | typeof STAR | typeof ANY;

export class GlobSyntaxError extends Error {
  override name = 'GlobSyntaxError';
}

export interface Glob {
  /** The pattern as written. */
  readonly source: string;
  /** True when the pattern matches every text, the empty one included (it is made of `*` only). */
  readonly matchesAll: boolean;
  /** True when the pattern has no wildcard: it matches exactly one text. */
  readonly literal: boolean;
  /** The text a literal pattern matches (escapes removed); null for a pattern with wildcards. */
  readonly literalText: string | null;
  matches(text: string): boolean;
}

const UNSUPPORTED: Record<string, string> = {
  '[': 'character classes ([…]) are not supported',
  ']': 'character classes ([…]) are not supported',
  '{': 'alternatives ({a,b}) are not supported: give a list of patterns instead',
  '}': 'alternatives ({a,b}) are not supported: give a list of patterns instead',
};

/** Compiles a pattern; a malformed one throws `GlobSyntaxError` saying what is wrong. */
export function compileGlob(source: string): Glob {
  if (source.length === 0) throw new GlobSyntaxError('the pattern is empty');
  if (source.startsWith('!')) {
    throw new GlobSyntaxError('negation (a leading "!") is not supported; write \\! for a literal "!"');
  }
  const chars = Array.from(source);
  const tokens: Token[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '\\') {
      const next = chars[i + 1];
      if (next === undefined) throw new GlobSyntaxError('the pattern ends with a lone "\\"');
      tokens.push(next);
      i++;
    } else if (c === '*') {
      if (tokens[tokens.length - 1] !== STAR) tokens.push(STAR); // "**" means the same as "*"
    } else if (c === '?') {
      tokens.push(ANY);
    } else if (c in UNSUPPORTED) {
      throw new GlobSyntaxError(
        `"${c}" at character ${i + 1}: ${UNSUPPORTED[c]} (write \\${c} for a literal "${c}")`,
      );
    } else {
      tokens.push(c);
    }
  }
  const literal = tokens.every((t) => typeof t === 'string');
  const literalText = literal ? (tokens as string[]).join('') : null;
  return {
    source,
    matchesAll: tokens.length === 1 && tokens[0] === STAR,
    literal,
    literalText,
    matches: literalText !== null ? (text) => text === literalText : (text) => matchTokens(tokens, text),
  };
}

/** Greedy wildcard matching that backtracks only to the last `*`: O(pattern × text) at worst. */
function matchTokens(pattern: readonly Token[], text: string): boolean {
  const s = Array.from(text);
  let p = 0;
  let t = 0;
  let starAt = -1;
  let starText = 0;
  while (t < s.length) {
    const tok = pattern[p];
    if (tok === STAR) {
      starAt = p++;
      starText = t;
    } else if (tok !== undefined && (tok === ANY || tok === s[t])) {
      p++;
      t++;
    } else if (starAt >= 0) {
      p = starAt + 1;
      t = ++starText;
    } else {
      return false;
    }
  }
  while (pattern[p] === STAR) p++;
  return p === pattern.length;
}
