import { GatewayError } from './gateway-error.ts';

/**
 * An admin call that needs the shared store (writing or listing virtual keys) while Redis or
 * PostgreSQL is unavailable: 503 `store_unavailable`, retryable, never a 500. The cause (which may
 * quote the connection) stays in the log.
 */
export class StoreUnavailableError extends GatewayError {
  constructor(kind: 'redis' | 'postgres', cause?: unknown) {
    super('store_unavailable', `The ${kind} store is unavailable; try again once it is back (GET /admin/store shows its state).`, { cause, isRetryable: true, retryAfterSeconds: 1 });
    this.name = 'StoreUnavailableError';
  }
}
