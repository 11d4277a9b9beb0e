import type { GatewayError } from './gateway-error.ts';
import { ModelNotFoundError } from './model-not-found-error.ts';
import { ModelRequiredError } from './model-required-error.ts';

/** Why a `model` resolved to nothing: an empty or absent one is the request's fault (400), an unknown one a 404. */
export function unresolvedModelError(requested: string): GatewayError {
  return requested === '' ? new ModelRequiredError() : new ModelNotFoundError(requested);
}
