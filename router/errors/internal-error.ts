import { GatewayError } from './gateway-error.ts';

/**
 * A bug in switchyard (a TypeError in a translator, a RangeError while serialising): 500
 * `internal_error`, never retried, never failed over and never counted against a deployment's
 * circuit. The client sees only this fixed message; the thrown value is kept as `cause` for the log.
 */
export class InternalError extends GatewayError {
  constructor(cause: unknown) {
    super('internal_error', 'Internal error in the gateway. The request id in x-switchyard-request-id finds it in the log.', { cause });
    this.name = 'InternalError';
  }
}
