/**
 * Hollow 200 answers, shaped for each protocol: what a captive portal, a broken middlebox or a broken
 * service may send instead of an AWS answer. Used by the emulator's `hollow-*` faults (proxy.ts), the
 * gateway's unit tests and the fuzz test.
 *
 * - `empty`: status 200, the protocol's content type, no body.
 * - `document`: the protocol's empty document: JSON `{}`; XML: the real answer's root element (and, for
 *   query protocols, its `…Result` element and ResponseMetadata; for EC2 its requestId) with nothing else.
 * - `html`: a captive portal's sign-in page, `text/html`.
 * - `types`: the real answer with its values of the wrong type: JSON: every top-level field (a list becomes
 *   text, an object a number, text a number, a number or true/false text); XML: every child of the result
 *   element that holds elements holds text instead, and every one that holds text holds an element.
 */

export type HollowKind = 'empty' | 'document' | 'html' | 'types';
export const HOLLOW_KINDS: readonly HollowKind[] = ['empty', 'document', 'html', 'types'];

export type WireProtocol = 'json' | 'rest-json' | 'query' | 'ec2' | 'rest-xml';

export interface WireAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export const CAPTIVE_PORTAL = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Guest Wi-Fi</title></head>
<body><form method="post" action="/login"><p>Please accept the terms of use to continue.</p>
<button type="submit">Accept</button></form></body></html>
`;

const isJson = (p: WireProtocol) => p === 'json' || p === 'rest-json';

function contentType(p: WireProtocol): string {
  if (p === 'json') return 'application/x-amz-json-1.1';
  if (p === 'rest-json') return 'application/json';
  return 'text/xml';
}

/**
 * The hollow answer of `kind` for a request of `protocol`. `real` is what the service answered (needed by
 * `document` for XML and by `types`); when it is not a 200 it is returned unchanged (a fault on top of an
 * error is the error).
 */
export function hollowAnswer(kind: HollowKind, protocol: WireProtocol, real?: WireAnswer): WireAnswer {
  const headers = (type: string) => ({ 'content-type': type, 'x-amzn-requestid': 'hollow-0000' });
  switch (kind) {
    case 'empty':
      return { status: 200, headers: headers(contentType(protocol)), body: Buffer.alloc(0) };
    case 'html':
      return { status: 200, headers: headers('text/html; charset=utf-8'), body: Buffer.from(CAPTIVE_PORTAL) };
    case 'document':
      if (isJson(protocol))
        return { status: 200, headers: headers(contentType(protocol)), body: Buffer.from('{}') };
      if (real?.status !== 200) return real ?? hollowAnswer('empty', protocol);
      return { ...real, body: Buffer.from(emptyXmlDocument(real.body.toString('utf8'), protocol)) };
    case 'types':
      if (real?.status !== 200) return real ?? hollowAnswer('empty', protocol);
      return {
        ...real,
        body: Buffer.from(
          isJson(protocol)
            ? mistypedJson(real.body.toString('utf8'))
            : mistypedXml(real.body.toString('utf8'), protocol),
        ),
      };
  }
}

// ------------------------------------------------------------------------------------------- JSON

/** A value of another type than `v`, never absent: what a field of the wrong type looks like. */
export function wrongType(v: unknown): unknown {
  if (Array.isArray(v)) return 'x';
  if (v === null) return 7;
  switch (typeof v) {
    case 'object':
      return 42;
    case 'string':
      return 42;
    case 'number':
      return 'x';
    case 'boolean':
      return 'x';
    default:
      return 'x';
  }
}

export function mistypedJson(text: string): string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return text;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return JSON.stringify(wrongType(v));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = wrongType(x);
  // An answer with no field at all still gets one of the wrong type.
  if (Object.keys(out).length === 0) out.items = 'x';
  return JSON.stringify(out);
}

// -------------------------------------------------------------------------------------------- XML

/** A minimal XML element tree: enough for the emulator's answers (no DTDs, no mixed content kept). */
export interface XmlElement {
  name: string;
  attrs: string;
  children: (XmlElement | string)[];
}

export function parseXml(text: string): { prolog: string; root: XmlElement } | null {
  let i = 0;
  let prolog = '';
  const skipMisc = () => {
    for (;;) {
      const ws = /^\s*/.exec(text.slice(i))![0];
      i += ws.length;
      if (text.startsWith('<?', i)) {
        const end = text.indexOf('?>', i);
        if (end < 0) return false;
        prolog += text.slice(i, end + 2);
        i = end + 2;
      } else if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i);
        if (end < 0) return false;
        i = end + 3;
      } else return true;
    }
  };
  const element = (): XmlElement | null => {
    const open = /^<([A-Za-z_][\w.:-]*)([^>]*?)(\/?)>/.exec(text.slice(i));
    if (!open) return null;
    i += open[0].length;
    const el: XmlElement = { name: open[1]!, attrs: open[2]!, children: [] };
    if (open[3] === '/') return el;
    for (;;) {
      if (text.startsWith('</', i)) {
        const close = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(text.slice(i));
        if (!close || close[1] !== el.name) return null;
        i += close[0].length;
        return el;
      }
      if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i);
        if (end < 0) return null;
        el.children.push(text.slice(i, end + 3));
        i = end + 3;
      } else if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i);
        if (end < 0) return null;
        i = end + 3;
      } else if (text[i] === '<') {
        const child = element();
        if (!child) return null;
        el.children.push(child);
      } else {
        const next = text.indexOf('<', i);
        if (next < 0) return null;
        el.children.push(text.slice(i, next));
        i = next;
      }
    }
  };
  if (!skipMisc()) return null;
  const root = element();
  return root ? { prolog, root } : null;
}

export function serializeXml(el: XmlElement | string): string {
  if (typeof el === 'string') return el;
  if (el.children.length === 0) return `<${el.name}${el.attrs}/>`;
  return `<${el.name}${el.attrs}>${el.children.map(serializeXml).join('')}</${el.name}>`;
}

const elements = (el: XmlElement) => el.children.filter((c): c is XmlElement => typeof c !== 'string');
const hasText = (el: XmlElement) => el.children.some((c) => typeof c === 'string' && c.trim() !== '');

/** The element holding an answer's fields: query protocols wrap them in `<Operation>Result`. */
function container(root: XmlElement, protocol: WireProtocol): XmlElement {
  if (protocol === 'query') return elements(root).find((c) => c.name.endsWith('Result')) ?? root;
  return root;
}

function emptyXmlDocument(text: string, protocol: WireProtocol): string {
  const doc = parseXml(text);
  if (!doc) return text;
  const { root } = doc;
  if (protocol === 'query') {
    root.children = elements(root).map((c) => (c.name.endsWith('Result') ? { ...c, children: [] } : c));
  } else if (protocol === 'ec2') {
    root.children = elements(root).filter((c) => c.name === 'requestId');
  } else {
    root.children = [];
  }
  return `${doc.prolog}\n${serializeXml(root)}`;
}

function mistypedXml(text: string, protocol: WireProtocol): string {
  const doc = parseXml(text);
  if (!doc) return text;
  const box = container(doc.root, protocol);
  const kids = elements(box);
  if (kids.length === 0) {
    // an answer that is one text value (GetBucketLocation): an element where the text belongs
    box.children = [{ name: 'x', attrs: '', children: [] }];
  } else {
    box.children = kids.map((c) => {
      if (protocol === 'ec2' && c.name === 'requestId') return c;
      if (elements(c).length > 0) return { ...c, children: ['x'] };
      if (hasText(c)) return { ...c, children: [{ name: 'x', attrs: '', children: [] }] };
      return { ...c, children: ['x'] };
    });
  }
  return `${doc.prolog}\n${serializeXml(doc.root)}`;
}
