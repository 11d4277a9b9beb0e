import type { AuditStore } from '../../audit/audit-store.ts';
import { resolveStorePath } from '../../audit/open-audit-store.ts';
import type { CompiledConfig } from '../../config/compiled-config.ts';
import type { PostgresConnection } from '../../state/postgres-connection.ts';
import type { LabelStore } from './label-store.ts';
import { MemoryLabelStore } from './memory-label-store.ts';
import { PostgresLabelStore } from './postgres-label-store.ts';
import { SqliteLabelStore } from './sqlite-label-store.ts';

/**
 * The label store beside the audit log: in memory for `store.kind: memory`, the shared database
 * for postgres, else the SQLite file at `store.path` (sqlite and redis kinds).
 */
export function openLabelStore(config: Pick<CompiledConfig, 'file' | 'store'>, now: () => number, shared: { audit?: AuditStore | undefined; postgres?: PostgresConnection | undefined }): LabelStore {
  if (config.store.kind === 'memory') {
    const audit = shared.audit;
    return new MemoryLabelStore({ auditPrompt: async (requestId) => (await audit?.get(requestId))?.prompt });
  }
  if (config.store.kind === 'postgres') {
    if (shared.postgres === undefined) throw new Error('store.kind postgres needs its connection');
    return new PostgresLabelStore({ connection: shared.postgres, now });
  }
  return new SqliteLabelStore({ path: resolveStorePath(config), now });
}
