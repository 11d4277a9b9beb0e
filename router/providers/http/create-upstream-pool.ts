import { Agent, type Dispatcher } from 'undici';

/**
 * One keep-alive connection pool per provider account. Timeouts are set per request
 * (headersTimeout / bodyTimeout), so a slow provider cannot hold a connection forever.
 */
export function createUpstreamPool(maxConnections: number): Dispatcher {
  return new Agent({ connections: maxConnections, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000, pipelining: 1 });
}
