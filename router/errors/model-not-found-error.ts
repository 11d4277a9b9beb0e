import { GatewayError } from './gateway-error.ts';

export class ModelNotFoundError extends GatewayError {
  constructor(model: string) {
    super('model_not_found', `The model '${model}' does not exist: it names neither a router nor a model of this gateway. GET /v1/models lists what does.`, { param: 'model' });
    this.name = 'ModelNotFoundError';
  }
}
