import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../errors/gateway-error.ts';

/** Node's headers → plain string values (repeated headers joined), for framework-free code. */
export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

/** The caller's gateway key from `Authorization: Bearer …` or `x-api-key`. */
export function callerKey(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string' && authorization.toLowerCase().startsWith('bearer ')) return authorization.slice(7).trim();
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey : undefined;
}

/**
 * The caller's entry of `server.api_keys`, or a 401 `unauthorized` GatewayError when keys are
 * configured and the request carries none of them; undefined when the gateway has no keys.
 */
export function requireApiKey<Entry extends { key: string }>(apiKeys: readonly Entry[] | undefined, headers: IncomingHttpHeaders): Entry | undefined {
  if (apiKeys === undefined) return undefined;
  const key = callerKey(headers);
  const entry = key === undefined ? undefined : apiKeys.find((candidate) => candidate.key === key);
  if (entry === undefined) throw new GatewayError('unauthorized', 'Missing or invalid API key: send `Authorization: Bearer <key>` or `x-api-key`.');
  return entry;
}
