/** undici's codes for a call refused because our own pool was closed or destroyed. */
const OWN_SHUTDOWN_CODES = new Set(['UND_ERR_CLOSED', 'UND_ERR_DESTROYED']);

/**
 * The call failed because the gateway itself closed the connection pool (shutdown, or a reload
 * past its drain grace), not because the upstream did anything: it must not count against the
 * deployment's health. Looks through a few levels of `cause`, as adapters wrap what undici throws.
 */
export function isOwnShutdown(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && OWN_SHUTDOWN_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
