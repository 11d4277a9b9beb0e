/** Where a store connection reports outages: pino's `warn`/`info` shape, so `app.log` fits. */
export type StoreLog = {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
};

/** The audit log's write queue, for a store that writes it over the network (postgres). */
export type AuditQueueStatus = {
  /** Rows waiting to be written (bounded by `store.audit_queue_max`). */
  queued: number;
  /** Rows written since start. */
  written: number;
  /** Rows dropped since start: the queue was full, or the database refused the row itself. */
  dropped: number;
};

/** What /readyz, /admin/store and /metrics show of a shared store. Secret-free. */
export type StoreStatus = {
  kind: 'redis' | 'postgres';
  /** Where it points, without credentials: `redis://10.0.0.5:6379/0`, `postgresql://db:5432/switchyard`. */
  target: string;
  available: boolean;
  /** When `available` last changed (epoch ms). */
  since: number;
  /** Times the store went from available to unavailable (the first failed connect counts). */
  outages: number;
  /** Admissions decided on per-process state because the store was unavailable (redis). */
  fallbacks: number;
  lastError: string | undefined;
  /** postgres: the schema version the database is at (0 until the first migration ran). */
  schemaVersion?: number;
  /** postgres: the audit log's write queue. */
  audit?: AuditQueueStatus;
  /** postgres: USD of spend this replica holds that is not in the database yet. */
  unsyncedSpendUsd?: number;
  /** postgres with `store.redis`: the Redis that holds the rate-limit windows and circuits. */
  redis?: StoreStatus;
};
