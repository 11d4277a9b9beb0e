import type { RedisConnection } from './redis-connection.ts';

/** An alert's "already sent" mark outlives its month. */
const ALERT_TTL_SECONDS = 40 * 86_400;

/**
 * True for exactly one replica per claim (SET NX on `<prefix><claim>`), so an alert is sent once
 * across replicas. Without Redis it claims locally: the alert may then repeat once per replica
 * rather than be lost.
 */
export async function claimRedisAlert(connection: RedisConnection, claim: string): Promise<boolean> {
  if (!connection.available) return true;
  try {
    return (await connection.bounded(connection.client.set(connection.key(claim), '1', 'EX', ALERT_TTL_SECONDS, 'NX'))) === 'OK';
  } catch (error) {
    connection.failed(error);
    return true;
  }
}

/**
 * True for one replica per `ttlMs` (SET NX PX on `<prefix><claim>`): who takes a periodic job's
 * round (a health probe). Without Redis, or while it is away, every replica takes it.
 */
export async function claimRedisRound(connection: RedisConnection, claim: string, ttlMs: number): Promise<boolean> {
  if (!connection.available) return true;
  try {
    return (await connection.bounded(connection.client.set(connection.key(claim), '1', 'PX', Math.max(1, Math.round(ttlMs)), 'NX'))) === 'OK';
  } catch (error) {
    connection.failed(error);
    return true;
  }
}
