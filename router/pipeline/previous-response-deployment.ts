import { GatewayError } from '../errors/gateway-error.ts';
import type { ResponseAffinity } from '../state/response-affinity.ts';

/**
 * The deployment a Responses follow-up must reach: the one that answered its
 * `previous_response_id` (it holds that response's state), for the same API key. Undefined when
 * the body names none. A response id the gateway did not see answered (or answered for another
 * key) is a clear 400: no other deployment could read it.
 */
export async function previousResponseDeployment(affinity: ResponseAffinity | undefined, body: unknown, keyId: string | undefined): Promise<string | undefined> {
  const id = (body as { previous_response_id?: unknown } | null)?.previous_response_id;
  if (id === undefined || id === null) return undefined;
  if (typeof id !== 'string' || id === '') throw new GatewayError('invalid_request', 'previous_response_id must be a response id string.', { param: 'previous_response_id' });
  const owner = await affinity?.lookup(id);
  if (owner === undefined || owner.keyId !== keyId) {
    throw new GatewayError(
      'unsupported_feature',
      `previous_response_id '${id}' was not answered by a Responses deployment through this gateway (or has expired), so no deployment holds its state. Send the whole conversation in input instead.`,
      { param: 'previous_response_id' },
    );
  }
  return owner.deployment;
}
