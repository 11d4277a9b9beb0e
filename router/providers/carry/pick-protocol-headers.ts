/**
 * Client headers that carry protocol meaning and reach a same-format upstream. An allow-list: a
 * header not named here is never forwarded. Credentials (`authorization`, `x-api-key`, `cookie`),
 * account selectors (`openai-organization`, `openai-project`), hop-by-hop headers and SDK telemetry
 * (`x-stainless-*`: it describes the client's machine and its own retry count, not the request)
 * stay at the gateway.
 */
export const PROTOCOL_HEADERS = ['anthropic-beta', 'anthropic-version', 'openai-beta', 'idempotency-key'] as const;

/** The allow-listed protocol headers of a request (lower-case names, as Node gives them). */
export function pickProtocolHeaders(headers: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of PROTOCOL_HEADERS) {
    const value = headers[name];
    if (value !== undefined && value !== '') picked[name] = value;
  }
  return picked;
}
