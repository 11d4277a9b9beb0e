import type { CompiledConfig } from '../config/compiled-config.ts';
import { claimPostgresAlert } from '../state/claim-postgres-alert.ts';
import { claimRedisAlert } from '../state/claim-redis-alert.ts';
import type { PostgresConnection } from '../state/postgres-connection.ts';
import type { RedisConnection } from '../state/redis-connection.ts';

/** Resolves true for the one caller (of all replicas, with a shared store) that may send the alert named `claim`. */
export type AlertClaims = (claim: string) => Promise<boolean>;

/**
 * Claims of alerts that are not budget thresholds (a key near expiry), in the store `store.kind`
 * names: `alert_claims` with postgres, SET NX with redis (either: once across replicas and
 * restarts), else this process (once per process). A claim asked for again in the same process is
 * answered here, so a request only reaches the store the first time; while the store is away a
 * replica claims locally (the alert may repeat once per replica rather than be lost).
 */
export function openAlertClaims(config: { store: Pick<CompiledConfig['store'], 'kind'> }, connections: { redis?: RedisConnection | undefined; postgres?: PostgresConnection | undefined }): AlertClaims {
  const { redis, postgres } = connections;
  const shared =
    config.store.kind === 'postgres' && postgres !== undefined
      ? (claim: string) => claimPostgresAlert(postgres, claim)
      : config.store.kind === 'redis' && redis !== undefined
        ? (claim: string) => claimRedisAlert(redis, claim)
        : undefined;
  const asked = new Set<string>();
  return async (claim) => {
    if (asked.has(claim)) return false;
    asked.add(claim);
    return shared === undefined ? true : shared(claim);
  };
}
