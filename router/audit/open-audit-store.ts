import { dirname, isAbsolute, resolve } from 'node:path';
import type { CompiledConfig } from '../config/compiled-config.ts';
import type { AuditStore } from './audit-store.ts';
import type { PostgresConnection } from '../state/postgres-connection.ts';
import type { StoreLog } from '../state/store-status.ts';
import { MemoryAuditStore } from './memory-audit-store.ts';
import { PostgresAuditStore } from './postgres-audit-store.ts';
import { SqliteAuditStore } from './sqlite-audit-store.ts';

/** `store.path`, relative to the config file's folder (or the working directory for inline config). */
export function resolveStorePath(config: Pick<CompiledConfig, 'file' | 'store'>): string {
  const path = config.store.kind === 'postgres' ? '' : config.store.path;
  if (isAbsolute(path) || config.file.startsWith('<')) return resolve(path);
  return resolve(dirname(config.file), path);
}

/** The audit store the config asks for; undefined when `audit.enabled` is false. Opened once, at start. */
export function openAuditStore(
  config: Pick<CompiledConfig, 'file' | 'store' | 'audit'>,
  now: () => number,
  shared: { postgres?: PostgresConnection | undefined; log?: StoreLog } = {},
): AuditStore | undefined {
  if (!config.audit.enabled) return undefined;
  if (config.store.kind === 'memory') return new MemoryAuditStore({ retentionDays: config.audit.retention_days, now });
  if (config.store.kind === 'postgres') {
    if (shared.postgres === undefined || shared.log === undefined) throw new Error('store.kind postgres needs its connection');
    const { auditBatchSize, auditQueueMax, auditFlushMs } = config.store;
    return new PostgresAuditStore({ connection: shared.postgres, log: shared.log, retentionDays: config.audit.retention_days, now, batchSize: auditBatchSize, queueMax: auditQueueMax, flushIntervalMs: auditFlushMs });
  }
  return new SqliteAuditStore({ path: resolveStorePath(config), retentionDays: config.audit.retention_days, now });
}
