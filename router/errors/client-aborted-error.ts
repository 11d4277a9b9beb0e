import { GatewayError } from './gateway-error.ts';

/** The client went away; the upstream call was cancelled. Nobody is left to read this error. */
export class ClientAbortedError extends GatewayError {
  constructor() {
    super('internal_error', 'client closed the connection', { statusCode: 499 });
    this.name = 'ClientAbortedError';
  }
}
