import type { IncomingHttpHeaders } from 'node:http';
import type { Caller } from '../governance/caller.ts';
import { authenticateRequest } from '../governance/govern-request.ts';
import type { GatewayServices } from '../runtime/gateway-services.ts';

/** Node's headers → plain string values (repeated headers joined), for framework-free code. */
export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  // Keys, not entries: entries made a [name, value] array per header on every request.
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/**
 * The caller (a `server.api_keys` entry or a virtual key), or a 401 `unauthorized` GatewayError when
 * the gateway needs a key and the request carries no valid one; undefined when it needs none.
 * Keys are compared by digest in constant time (router/governance/authenticate-caller.ts).
 */
export function requireApiKey(services: GatewayServices, headers: IncomingHttpHeaders): Promise<Caller | undefined> {
  return authenticateRequest(services, services.holder.current.config, headers);
}
