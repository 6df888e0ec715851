/**
 * The consultant's own sentences, held against the evidence (docs/templates.md, "When your own wording
 * contradicts the evidence"). In a kept subsection without `{==AUTO==}`, each sentence that is still in the
 * finding is read for what it claims of the subsection's services:
 *
 * - "not enabled" (not a partial "not … for all") for a service that is on somewhere: where it is also off
 *   somewhere, the fix is the sentence with its scope added ("… in eu-west-1 (it was on in us-east-1)");
 *   where it is on everywhere it was checked, the sentence goes;
 * - "although it is configured" for a service that is off everywhere;
 * - a negative sentence about a service of the subsection that has no gap at all (WAF wording in a "WAF &
 *   Shield" subsection kept for Shield);
 * - a kind of resource (a check's `resourceWords`: "API Gateways") that no failure is about, or workloads
 *   (a fact's words: "Lambda functions") the inventory does not list.
 *
 * Each becomes a blocking `wording` review item with its suggested fix; `--answer wording=watchpost`
 * applies every fix. A sentence that goes is replaced by watchpost's own sentences for the subsection,
 * which follow the consultant's text ("In this review: …", compose/subsections.ts).
 */
import type { Result } from '../../evidence/schema.js';
import {
  CHECKS,
  checkLabel,
  FACT_WORDS,
  isEnablementCheck,
  LABELS,
  type ServiceId,
} from '../../services/registry.js';
import type { Analysis } from '../analysis.js';
import { comment, type Inline, text, value } from '../document.js';
import { list, name, prose, review } from '../prose.js';
import { sourceInline } from './assemble.js';
import { type Draft, isDead, remove, replace, type Subsection } from './draft.js';
import { namesService } from './infer.js';

/** A negation of being on ("was not enabled", "did not appear to be in use"). */
export const SAYS_OFF =
  /\b(?:not|n't|never)\b[^.!?\n]{0,40}?\b(?:(?:seen|found|appear(?:ed)?|seem(?:ed)?) (?:to be |to have been )?)?(?:enabled|configured|in use|used|set up|turned on|active|running)\b|\bdid not (?:appear|seem) to be(?: in use| enabled| configured| used| active| running)?/gi;
/** Words after a negation that make it partial ("not configured for all services", "in some regions"). */
export const PARTIAL =
  /^[^.!?\n]{0,25}\b(?:for all|in all|across all|everywhere|in every|fully|in line with|correctly|properly|in some|in several|in a number of|in certain|in (?:the )?following|in \d+ (?:of|regions?|accounts?)|consistently)\b/i;
/** "Although it is configured …": the service is said to be on. */
export const SAYS_ON =
  /\b(?:although|while|whilst)\b[^.!?\n]{0,80}?\b(?:configured|enabled|used|in use|being used|active)\b/i;

/** Does the text say, without a partial qualifier, that a service is not on? */
export function saysOff(words: string): boolean {
  return [...words.matchAll(SAYS_OFF)].some((m) => !PARTIAL.test(words.slice((m.index ?? 0) + m[0].length)));
}

interface Sentence {
  start: number;
  end: number;
  /** Its words, markers taken out. */
  words: string;
  /** Text ranges of the template that make it up (markers between them are not part of them). */
  pieces: [number, number][];
}

type Fix =
  /** Add the scope after the negation: [at, atEnd) is the negation's text. */
  | { kind: 'scope'; service: ServiceId; at: number; atEnd: number; off: Result[]; on: string[]; why: string }
  | { kind: 'drop'; why: string };

function enablement(a: Analysis, s: ServiceId): Result[] {
  return a.forService(s).filter((r) => isEnablementCheck(s, r.checkId));
}

/** The sentences of a subsection's body still in the finding, in order. */
function sentencesOf(d: Draft, sub: Subsection): Sentence[] {
  const src = d.tpl.text;
  const from = sub.markerLineEnd;
  const to = sub.contentEnd;
  // 0: text; 1: a marker; 2: removed.
  const kind = new Uint8Array(to - from);
  for (const n of d.tpl.nodes) {
    if (n.end <= from || n.start >= to) continue;
    for (let p = Math.max(n.start, from); p < Math.min(n.end, to); p++) kind[p - from] = 1;
  }
  for (let p = from; p < to; p++) if (isDead(d, p)) kind[p - from] = 2;
  const out: Sentence[] = [];
  let cur: Sentence | null = null;
  const close = () => {
    if (cur && /[A-Za-z]/.test(cur.words)) {
      cur.words = cur.words.replace(/\s+/g, ' ').trim();
      out.push(cur);
    }
    cur = null;
  };
  for (let p = from; p < to; p++) {
    const k = kind[p - from]!;
    const ch = src[p]!;
    if (k === 2) continue;
    if (k === 1) {
      if (cur) cur.words += ' ';
      continue;
    }
    // A blank line or a list item ends a sentence.
    if (ch === '\n' && (src[p + 1] === '\n' || /^\s*(?:[-*+]|\d+[.)])\s/.test(src.slice(p + 1, p + 8)))) {
      close();
      continue;
    }
    if (!cur) {
      if (/\s/.test(ch)) continue;
      // A list item's marker ("- ", "1. ") is not part of its sentence.
      const bullet = /^(?:[-*+]|\d+[.)])\s/.exec(src.slice(p, p + 6));
      if (
        bullet &&
        (p === 0 || src[p - 1] === '\n' || /^\s*$/.test(src.slice(src.lastIndexOf('\n', p - 1) + 1, p)))
      ) {
        p += bullet[0].length - 1;
        continue;
      }
      cur = { start: p, end: p, words: '', pieces: [] };
    }
    const c: Sentence = cur;
    const last = c.pieces[c.pieces.length - 1];
    if (last && last[1] === p) last[1] = p + 1;
    else c.pieces.push([p, p + 1]);
    c.words += ch;
    c.end = p + 1;
    if (/[.!?]/.test(ch) && (p + 1 >= to || /\s/.test(src[p + 1]!))) close();
  }
  close();
  return out;
}

/** What is wrong with a sentence, and its fix; null when it says nothing the evidence contradicts. */
function judge(d: Draft, sub: Subsection, s: Sentence): Fix | null {
  const { a } = d;
  const named = sub.services.filter((x) => namesService(s.words, x));
  const subjects = named.length > 0 ? named : sub.services;
  const negations = [...s.words.matchAll(SAYS_OFF)];
  const fullNegation = negations.find((m) => !PARTIAL.test(s.words.slice((m.index ?? 0) + m[0].length)));
  for (const x of subjects) {
    const en = enablement(a, x);
    const on = [...new Set(en.filter((r) => r.status === 'pass').map((r) => a.regionLabel(r)))];
    const off = en.filter((r) => r.status === 'fail');
    const title = LABELS[x].title;
    if (fullNegation && on.length > 0) {
      if (off.length > 0) {
        // Find the negation in the template text (the words were read with markers taken out).
        const at = locate(d, s, fullNegation[0]);
        if (at)
          return {
            kind: 'scope',
            service: x,
            at: at[0],
            atEnd: at[1],
            off,
            on,
            why: `${title} was on in some places and off in others; this sentence says it was not on at all`,
          };
      }
      return { kind: 'drop', why: `${title} was on wherever it was checked; this sentence says it was not` };
    }
    if (SAYS_ON.test(s.words) && on.length === 0 && off.length > 0 && a.serviceState(x, 'off'))
      return { kind: 'drop', why: `${title} was off wherever it was checked; this sentence says it was on` };
    if (negations.length > 0 && named.includes(x) && !a.hasFail(x))
      return { kind: 'drop', why: `no gap was found in ${title}; this sentence says there is one` };
  }
  for (const c of CHECKS) {
    if (!c.meta.resourceWords || !subjects.includes(c.meta.service)) continue;
    const m = s.words.match(c.meta.resourceWords);
    if (!m) continue;
    const fails = a.forService(c.meta.service).some((r) => r.checkId === c.meta.id && r.status === 'fail');
    if (!fails)
      return {
        kind: 'drop',
        why: `this sentence names "${m[0]}", but no ${checkLabel(c.meta.id)} was found lacking protection`,
      };
  }
  for (const [fact, re] of FACT_WORDS) {
    const m = s.words.match(re);
    if (m && !a.fact(fact))
      return { kind: 'drop', why: `this sentence names "${m[0]}", but the review found none (${fact})` };
  }
  return null;
}

/** The template range of `needle` (found in a sentence's words) when it lies in one piece of it. */
function locate(d: Draft, s: Sentence, needle: string): [number, number] | null {
  for (const [ps, pe] of s.pieces) {
    const i = d.tpl.text.slice(ps, pe).indexOf(needle);
    if (i !== -1) return [ps + i, ps + i + needle.length];
  }
  return null;
}

/** The regions a scoped sentence adds: where the service was off (claimed) and where it was on. */
function scopeInline(d: Draft, fix: Extract<Fix, { kind: 'scope' }>): Inline[] {
  const off = [...new Set(fix.off.map((r) => d.a.regionLabel(r)))].map((r) => [name(r)]);
  return prose` in ${list(off, 12)} (it was on in ${list(
    fix.on.map((r) => [name(r)]),
    12,
  )})`;
}

export function checkWording(d: Draft): void {
  if (d.isDefault) return;
  const apply = d.ctx.answers.wording === 'watchpost';
  for (const sub of d.subsections) {
    if (sub.fate !== 'keep' || sub.hasAuto) continue;
    for (const s of sentencesOf(d, sub)) {
      const fix = judge(d, sub, s);
      if (!fix) continue;
      const original = s.pieces.map(([ps, pe]) => d.tpl.text.slice(ps, pe)).join(' ');
      if (fix.kind === 'scope') {
        const scope = scopeInline(d, fix);
        if (apply) {
          d.ctx.claim(fix.off);
          const note =
            d.mode === 'review'
              ? [comment(text(`watchpost added the regions (--answer wording=watchpost): ${fix.why}.`))]
              : [];
          replace(d, fix.at, fix.atEnd, {
            inline: [sourceInline(d.tpl, fix.at, fix.atEnd), ...scope, ...note],
          });
          continue;
        }
        // The suggested sentence: the consultant's words with the scope inserted; names from the account
        // (account names in an organization) stay value nodes, escaped by every renderer.
        const before: string[] = [];
        const after: string[] = [];
        for (const [ps, pe] of s.pieces) {
          const piece = d.tpl.text.slice(ps, pe);
          if (fix.atEnd > pe) before.push(piece);
          else if (fix.atEnd <= ps) after.push(piece);
          else {
            before.push(piece.slice(0, fix.atEnd - ps));
            after.push(piece.slice(fix.atEnd - ps));
          }
        }
        const clean = (x: string[]) => x.join(' ').replace(/\s+/g, ' ');
        wrap(d, s, [
          text(`${capital(fix.why)}. Suggested: "`),
          value(clean(before).trimStart(), 600),
          ...scope,
          value(clean(after).trimEnd(), 600),
          text('" (--answer wording=watchpost uses every suggestion).'),
        ]);
        continue;
      }
      sub.reworded = true;
      if (apply) {
        const [first, ...rest] = s.pieces;
        const note =
          d.mode === 'review'
            ? {
                inline: [
                  comment(
                    text('watchpost removed "'),
                    value(original, 600),
                    text(`" (--answer wording=watchpost): ${fix.why}. Its own sentences follow.`),
                  ),
                ],
              }
            : null;
        const end = trailingSpace(d, first![1], rest.length === 0);
        d.dead.push([first![0], end]);
        replace(d, first![0], end, note);
        for (const [ps, pe] of rest) remove(d, ps, trailingSpace(d, pe, true));
        // Markers inside it (cross-references, optional clauses) go with it.
        for (const n of d.tpl.nodes)
          if (n.start > s.start && n.end < s.end && !d.handled.has(n) && !isDead(d, n.start)) {
            d.handled.add(n);
            remove(d, n.start, n.end);
          }
        continue;
      }
      wrap(d, s, [
        text(
          `${capital(fix.why)}. Suggested: delete it; watchpost's own sentences after this paragraph say what was found (--answer wording=watchpost uses every suggestion).`,
        ),
      ]);
    }
  }
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The end of a removed sentence, with the spaces after it when it is the last piece. */
function trailingSpace(d: Draft, end: number, last: boolean): number {
  let e = end;
  if (last) while (d.tpl.text[e] === ' ' || d.tpl.text[e] === '\t') e++;
  return e;
}

/** The sentence's first piece highlighted as a blocking `wording` item with its fix. */
function wrap(d: Draft, s: Sentence, why: Inline[]): void {
  const [ps, pe] = s.pieces[0]!;
  replace(d, ps, pe, { inline: [review('wording', [sourceInline(d.tpl, ps, pe)], why)] });
}
