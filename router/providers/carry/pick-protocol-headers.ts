/**
 * Client headers that carry protocol meaning and reach a same-format upstream. An allow-list: a
 * header not named here (or not under an allowed prefix) is never forwarded. Credentials
 * (`authorization`, `x-api-key`, `cookie`), account selectors (`openai-organization`,
 * `openai-project`), hop-by-hop headers and SDK telemetry (`x-stainless-*`: it describes the
 * client's machine and its own retry count, not the request) stay at the gateway.
 *
 * Besides the APIs' own (`anthropic-beta`, `anthropic-version`, `openai-beta`, `idempotency-key`),
 * the session headers the real clients send so the provider can keep a conversation's prompt
 * cache and state together: Codex's `session-id` (older versions `session_id`), `thread-id`,
 * `x-client-request-id`, `originator` and its `x-codex-*` headers (beta features, window id, turn
 * metadata); Claude Code's `x-claude-code-session-id`.
 */
export const PROTOCOL_HEADERS = [
  'anthropic-beta',
  'anthropic-version',
  'openai-beta',
  'idempotency-key',
  'session-id',
  'session_id',
  'thread-id',
  'x-client-request-id',
  'originator',
  'x-claude-code-session-id',
] as const;

/** Header name prefixes on the allow-list. */
export const PROTOCOL_HEADER_PREFIXES = ['x-codex-'] as const;

/** The allow-listed protocol headers of a request (lower-case names, as Node gives them). */
export function pickProtocolHeaders(headers: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of PROTOCOL_HEADERS) {
    const value = headers[name];
    if (value !== undefined && value !== '') picked[name] = value;
  }
  // for-in and a plain loop, not Object.entries and some(): those made arrays and a closure per request.
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || value === '' || !Object.hasOwn(headers, name)) continue;
    if (hasProtocolPrefix(name)) picked[name] = value;
  }
  return picked;
}

function hasProtocolPrefix(name: string): boolean {
  for (const prefix of PROTOCOL_HEADER_PREFIXES) if (name.startsWith(prefix)) return true;
  return false;
}
