import { dirname, isAbsolute, resolve } from 'node:path';
import type { CompiledConfig } from '../config/compiled-config.ts';
import type { AuditStore } from './audit-store.ts';
import { MemoryAuditStore } from './memory-audit-store.ts';
import { SqliteAuditStore } from './sqlite-audit-store.ts';

/** `store.path`, relative to the config file's folder (or the working directory for inline config). */
export function resolveStorePath(config: Pick<CompiledConfig, 'file' | 'store'>): string {
  const path = config.store.path;
  if (isAbsolute(path) || config.file.startsWith('<')) return resolve(path);
  return resolve(dirname(config.file), path);
}

/** The audit store the config asks for; undefined when `audit.enabled` is false. Opened once, at start. */
export function openAuditStore(config: Pick<CompiledConfig, 'file' | 'store' | 'audit'>, now: () => number): AuditStore | undefined {
  if (!config.audit.enabled) return undefined;
  if (config.store.kind === 'memory') return new MemoryAuditStore({ retentionDays: config.audit.retention_days, now });
  return new SqliteAuditStore({ path: resolveStorePath(config), retentionDays: config.audit.retention_days, now });
}
