import { GatewayError } from './gateway-error.ts';

/** A request with an empty or absent `model` where no default router applies: 400 `invalid_request` on `model`. */
export class ModelRequiredError extends GatewayError {
  constructor() {
    super(
      'invalid_request',
      "The request names no `model` and no default router applies (neither the caller's project nor the gateway has a `default_router`): set `model` to a router or model; GET /v1/models lists them.",
      { param: 'model' },
    );
    this.name = 'ModelRequiredError';
  }
}
