import { GatewayError } from './gateway-error.ts';

export class InvalidRequestError extends GatewayError {
  constructor(message: string, param?: string) {
    super('invalid_request', message, { param });
    this.name = 'InvalidRequestError';
  }
}
