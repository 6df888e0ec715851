/**
 * Removes credentials from any text before it is stored, printed or logged. Known secret values (the
 * ones the gateway resolved) are removed verbatim; access key ids and signing material by pattern.
 */
const knownSecrets = new Set<string>();
/**
 * Known secrets by their first PREFIX characters, longest first. An organization scan registers three
 * values per account (thousands at 1,000 accounts); looking up each position of the text costs the text's
 * length, whatever the number of secrets, where replacing each secret in turn cost their number.
 */
const PREFIX = 8;
const byPrefix = new Map<string, string[]>();

/** Registers a credential value (key id, secret, session token) so that it never leaves the process. */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < PREFIX || knownSecrets.has(value)) return;
  knownSecrets.add(value);
  const key = value.slice(0, PREFIX);
  const list = byPrefix.get(key) ?? [];
  list.push(value);
  list.sort((a, b) => b.length - a.length);
  byPrefix.set(key, list);
}

/** Every occurrence of a known secret replaced, leftmost first, the longest where several start there. */
function withoutKnownSecrets(text: string): string {
  if (byPrefix.size === 0) return text;
  let out = '';
  let copied = 0;
  let i = 0;
  while (i + PREFIX <= text.length) {
    const hit = byPrefix.get(text.slice(i, i + PREFIX))?.find((s) => text.startsWith(s, i));
    if (hit) {
      out += `${text.slice(copied, i)}[REDACTED]`;
      i += hit.length;
      copied = i;
    } else {
      i++;
    }
  }
  return out + text.slice(copied);
}

const PATTERNS: [RegExp, string][] = [
  [/\b(AKIA|ASIA|AROA|AIDA|ABIA|ACCA)[A-Z0-9]{12,}\b/g, '[REDACTED-KEY-ID]'],
  [
    /(X-Amz-Security-Token|X-Amz-Credential|X-Amz-Signature|Signature|Credential)=([^&\s,"]+)/gi,
    '$1=[REDACTED]',
  ],
  [
    /(aws_secret_access_key|aws_session_token|secretAccessKey|sessionToken|SecretAccessKey|SessionToken)(["']?\s*[:=]\s*["']?)([^\s"',}]+)/g,
    '$1$2[REDACTED]',
  ],
];

export function redact(text: string): string {
  let out = withoutKnownSecrets(text);
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  return out;
}
