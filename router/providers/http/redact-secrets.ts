const SECRET_PATTERNS = [
  /\b(?:sk|pk|rk)-(?:ant-|proj-)?[A-Za-z0-9_-]{8,}/g,
  /\bAIza[0-9A-Za-z_-]{20,}/g,
  /\bBearer\s+[A-Za-z0-9._~+/-]{8,}=*/gi,
  /\b[A-Za-z0-9_-]{32,}\b/g,
];

/** Upstream error messages sometimes echo a (partial) key. Strip anything that looks like one. */
export function redactSecrets(text: string): string {
  let result = text;
  for (const pattern of SECRET_PATTERNS) result = result.replace(pattern, '[redacted]');
  return result;
}

/** A short, single-line, secret-free excerpt of an upstream message for error bodies and logs. */
export function safeExcerpt(text: string, maxLength = 200): string {
  const line = redactSecrets(text.replace(/\s+/g, ' ').trim());
  return line.length > maxLength ? `${line.slice(0, maxLength)}…` : line;
}

/** The upstream's own words for a client: longer than a log excerpt, still one line and secret-free. */
export const CLIENT_MESSAGE_LENGTH = 1000;
