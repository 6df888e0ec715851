/**
 * Parses a finding template once: optional YAML front matter, the CriticMarkup highlights `{==…==}` that
 * are markers (see docs/templates.md), and the Markdown blocks around them (template-markdown.ts). Every
 * position is kept, so the composer keeps the consultant's bytes instead of re-serialising them.
 * Malformed templates throw `TemplateError` with line and column.
 */
import { parseDocument } from 'yaml';
import { SERVICE_MODULES, type ServiceId, serviceForMarkerName } from '../services/registry.js';
import { type Condition, ConditionSyntaxError, parseCondition } from './condition.js';
import { type MdDocument, parseMarkdown } from './template-markdown.js';
import { TemplateError } from './types.js';

export type Marker =
  | { type: 'subsection'; services: ServiceId[]; label: string }
  | { type: 'screenshot' }
  | { type: 'auto' }
  /** What the client accepted (compose/accepted.ts). */
  | { type: 'accepted' }
  /** The retest section, with `report --previous` (compose/retest.ts). */
  | { type: 'retest' }
  /** The cost estimate's table (compose/costs.ts, docs/costs.md). */
  | { type: 'costs' }
  | { type: 'xref'; key: string }
  | { type: 'note' }
  | { type: 'option'; condition: Condition | null; label: string }
  | { type: 'option-end' }
  | { type: 'highlight' };

export interface TemplateNode {
  /** Offsets in the template text: [start, end) covers `{==…==}`; [contentStart, contentEnd) the inside. */
  start: number;
  end: number;
  contentStart: number;
  contentEnd: number;
  content: string;
  marker: Marker;
  children: TemplateNode[];
  /** The highlight is the only thing on its line (apart from an ATX heading prefix and spaces). */
  standalone: boolean;
}

export interface ParsedTemplate {
  file: string;
  text: string;
  frontMatter: Record<string, unknown>;
  /** Offset where the Markdown body starts (after the front matter). */
  bodyStart: number;
  /** Top-level highlights in document order. */
  nodes: TemplateNode[];
  /** The Markdown blocks and inline runs of the body; subsection marker lines are blocks of their own. */
  markdown: MdDocument;
  lineCol(offset: number): { line: number; column: number };
  error(offset: number, message: string): TemplateError;
}

export const SERVICE_NAME_LIST = SERVICE_MODULES.map((m) => m.labels.short).join(', ');

/**
 * Deepest nesting of highlights accepted. A finding needs two or three levels; the parser, the composer
 * and the renderers walk nested highlights recursively, so a template of thousands of `{==` must be
 * refused with its position rather than overflow the stack.
 */
export const MAX_HIGHLIGHT_NESTING = 16;

/** CR LF and a lone CR (old Mac files) are line breaks like LF; one line break stays one line. */
export function normaliseLineEndings(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

export function lineColOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function lineBounds(text: string, offset: number): { start: number; end: number } {
  // lastIndexOf clamps a negative position to 0: at offset 0 it would find a newline there, "after" it.
  const start = offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  return { start, end: nl === -1 ? text.length : nl };
}

function parseFrontMatter(
  text: string,
  err: (offset: number, msg: string) => TemplateError,
): { data: Record<string, unknown>; bodyStart: number } {
  const bom = text.startsWith('\ufeff') ? 1 : 0;
  if (!/^---[ \t]*\r?\n/.test(text.slice(bom))) return { data: {}, bodyStart: 0 };
  const firstNl = text.indexOf('\n', bom);
  const close = /^(?:---|\.\.\.)[ \t]*\r?$/m;
  const rest = text.slice(firstNl + 1);
  const m = close.exec(rest);
  if (!m) throw err(bom, 'front matter is not closed (expected a line "---")');
  const yamlStart = firstNl + 1;
  const yamlText = rest.slice(0, m.index);
  const doc = parseDocument(yamlText, { prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const at = first.pos?.[0] ?? 0;
    const why = /call stack/i.test(first.message) ? 'nested too deeply' : first.message.split('\n')[0];
    throw err(yamlStart + at, `bad front matter: ${why}`);
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (e) {
    if (e instanceof RangeError) throw err(yamlStart, 'bad front matter: nested too deeply');
    throw e;
  }
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    throw err(yamlStart, 'bad front matter: expected key: value pairs');
  }
  let bodyStart = firstNl + 1 + m.index + m[0].length;
  if (text[bodyStart] === '\n') bodyStart++;
  return { data: (data ?? {}) as Record<string, unknown>, bodyStart };
}

interface RawNode {
  start: number;
  end: number;
  contentStart: number;
  contentEnd: number;
  children: RawNode[];
}

/** Finds the highlights (with nesting); skips fenced code, backslash escapes and comments. */
function scanHighlights(
  text: string,
  from: number,
  err: (offset: number, msg: string) => TemplateError,
): RawNode[] {
  const top: RawNode[] = [];
  const stack: RawNode[] = [];
  let i = from;
  let atLineStart = true;
  let fence: string | null = null;
  while (i < text.length) {
    if (atLineStart) {
      const { end } = lineBounds(text, i);
      const line = text.slice(i, end);
      const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
      if (fence) {
        if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length) fence = null;
        i = end + 1;
        continue;
      }
      if (f && stack.length === 0) {
        fence = f[1]!;
        i = end + 1;
        continue;
      }
      atLineStart = false;
    }
    const c = text[i];
    if (c === '\n') {
      atLineStart = true;
      i++;
      continue;
    }
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (text.startsWith('{>>', i)) {
      const close = text.indexOf('<<}', i + 3);
      if (close === -1) throw err(i, 'comment "{>>" is not closed with "<<}"');
      i = close + 3;
      continue;
    }
    if (text.startsWith('{==', i)) {
      if (stack.length >= MAX_HIGHLIGHT_NESTING)
        throw err(i, `highlights are nested more than ${MAX_HIGHLIGHT_NESTING} deep`);
      stack.push({ start: i, end: -1, contentStart: i + 3, contentEnd: -1, children: [] });
      i += 3;
      continue;
    }
    if (text.startsWith('==}', i)) {
      const node = stack.pop();
      if (!node) throw err(i, '"==}" closes a highlight that was never opened');
      node.contentEnd = i;
      node.end = i + 3;
      const parent = stack[stack.length - 1];
      (parent ? parent.children : top).push(node);
      i += 3;
      continue;
    }
    i++;
  }
  const open = stack[stack.length - 1];
  if (open) throw err(open.start, 'highlight "{==" is not closed with "==}"');
  return top;
}

function classify(
  text: string,
  raw: RawNode,
  nested: boolean,
  err: (offset: number, msg: string) => TemplateError,
): Marker {
  const content = text.slice(raw.contentStart, raw.contentEnd);
  const trimmed = content.trim();
  const lead = raw.contentStart + (content.length - content.trimStart().length);
  if (/^NOTE\b/.test(trimmed)) return { type: 'note' };
  if (/^SCREENSHOT\b/.test(trimmed)) {
    if (!/^SCREENSHOT\s*(?::.*)?$/s.test(trimmed))
      throw err(lead, 'bad SCREENSHOT marker (write {==SCREENSHOT==})');
    return { type: 'screenshot' };
  }
  if (trimmed === 'AUTO') return { type: 'auto' };
  if (trimmed === 'ACCEPTED') return { type: 'accepted' };
  if (trimmed === 'RETEST') return { type: 'retest' };
  if (trimmed === 'COSTS') return { type: 'costs' };
  if (/^(?:\/OPTION|END OPTION)$/.test(trimmed)) return { type: 'option-end' };
  if (/^XREF/.test(trimmed)) {
    const m = /^XREF(?:_([A-Za-z0-9][A-Za-z0-9_.-]*))?$/.exec(trimmed);
    if (!m)
      throw err(lead, `bad cross-reference "${trimmed.slice(0, 40)}" (write {==XREF==} or {==XREF_KEY==})`);
    return { type: 'xref', key: m[1] ?? 'XREF' };
  }
  const opt = /^OPTION\d*(?=$|[\s[:])/.exec(trimmed);
  if (opt) {
    let rest = trimmed.slice(opt[0].length);
    let condition: Condition | null = null;
    if (rest.startsWith('[')) {
      const close = rest.indexOf(']');
      const condOffset = lead + opt[0].length + 1;
      if (close === -1) throw err(condOffset - 1, 'option condition "[" is not closed with "]"');
      const src = rest.slice(1, close);
      try {
        condition = parseCondition(src);
      } catch (e) {
        if (e instanceof ConditionSyntaxError)
          throw err(condOffset + e.offset, `bad option condition: ${e.message}`);
        throw e;
      }
      rest = rest.slice(close + 1);
    }
    const label = rest.replace(/^\s*:?\s*/, '').trim();
    return { type: 'option', condition, label };
  }
  if (!nested && isStandalone(text, raw) && raw.children.length === 0 && !/[.:;?!()]/.test(trimmed)) {
    const services: ServiceId[] = [];
    const re = /[^&,/+]+/g;
    for (let m = re.exec(content); m; m = re.exec(content)) {
      for (const part of m[0].split(/\band\b/i)) {
        const name = part.trim();
        if (!name) continue;
        const at = raw.contentStart + m.index + m[0].indexOf(name);
        const s = serviceForMarkerName(name);
        if (!s)
          throw err(
            at,
            `unknown service name "${name}" in subsection marker (expected ${SERVICE_NAME_LIST})`,
          );
        if (!services.includes(s)) services.push(s);
      }
    }
    if (services.length === 0) throw err(raw.start, 'empty subsection marker');
    return { type: 'subsection', services, label: trimmed };
  }
  return { type: 'highlight' };
}

function isStandalone(text: string, raw: RawNode): boolean {
  const { start, end } = lineBounds(text, raw.start);
  if (raw.end > end) return false;
  const before = text.slice(start, raw.start);
  const after = text.slice(raw.end, end);
  return /^\s*(?:#{1,6}\s+)?$/.test(before) && /^\s*$/.test(after);
}

export function parseTemplate(source: string, file: string): ParsedTemplate {
  // Offsets, lines and columns are those of the normalised text: the same lines and columns as the file's.
  const text = normaliseLineEndings(source);
  const lineCol = (offset: number) => lineColOf(text, offset);
  const error = (offset: number, message: string) => {
    const { line, column } = lineCol(offset);
    return new TemplateError(file, line, column, message);
  };
  const { data, bodyStart } = parseFrontMatter(text, error);
  const raws = scanHighlights(text, bodyStart, error);

  const build = (raw: RawNode, parent: Marker | null): TemplateNode => {
    const marker = classify(text, raw, parent !== null, error);
    if (parent) {
      const allowed = marker.type === 'xref' || marker.type === 'highlight';
      if (!allowed) {
        const what = marker.type === 'option-end' ? '/OPTION' : marker.type.toUpperCase();
        throw error(raw.start, `${what} marker cannot be nested inside another highlight`);
      }
    }
    if (raw.children.length > 0 && marker.type !== 'highlight' && marker.type !== 'note') {
      throw error(raw.children[0]!.start, `a ${marker.type} marker cannot contain another highlight`);
    }
    const children = marker.type === 'note' ? [] : raw.children.map((c) => build(c, marker));
    return {
      start: raw.start,
      end: raw.end,
      contentStart: raw.contentStart,
      contentEnd: raw.contentEnd,
      content: text.slice(raw.contentStart, raw.contentEnd),
      marker,
      children,
      standalone: isStandalone(text, raw),
    };
  };
  const nodes = raws.map((r) => build(r, null));
  const markerLines = new Set(
    nodes.filter((n) => n.marker.type === 'subsection').map((n) => lineBounds(text, n.start).start),
  );
  const markdown = parseMarkdown(text, bodyStart, markerLines);
  return { file, text, frontMatter: data, bodyStart, nodes, markdown, lineCol, error };
}
