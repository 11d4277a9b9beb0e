import type { IncomingHttpHeaders } from 'node:http';

const EXACT = new Set(['retry-after', 'retry-after-ms', 'x-request-id', 'request-id']);
const PREFIXES = ['x-ratelimit-', 'anthropic-ratelimit-'];

/**
 * The upstream response headers a client may act on, passed back as they came: rate-limit state
 * (`x-ratelimit-*`, `anthropic-ratelimit-*`), `retry-after` (and OpenAI's `retry-after-ms`) and the
 * provider's request id (`x-request-id`, `request-id`), which its support asks for.
 */
export function pickPassBackHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (!EXACT.has(name) && !PREFIXES.some((prefix) => name.startsWith(prefix))) continue;
    picked[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return picked;
}
