import { GatewayError } from './gateway-error.ts';

/** The caller's project (or key) does not include the router or model it named: 403. */
export class ModelNotAllowedError extends GatewayError {
  constructor(model: string, owner: string) {
    super('model_not_allowed', `The model '${model}' is not allowed for ${owner}.`, { param: 'model' });
    this.name = 'ModelNotAllowedError';
  }
}
