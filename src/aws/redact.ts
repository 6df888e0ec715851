/**
 * Removes credentials from any text before it is stored, printed or logged. Known secret values (the
 * ones the gateway resolved) are removed verbatim; access key ids and signing material by pattern.
 */
const knownSecrets = new Set<string>();

/** Registers a credential value (key id, secret, session token) so that it never leaves the process. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) knownSecrets.add(value);
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
  let out = text;
  for (const secret of knownSecrets) out = out.split(secret).join('[REDACTED]');
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  return out;
}
