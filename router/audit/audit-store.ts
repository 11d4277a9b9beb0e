import type { AuditFilter, AuditRecord } from './audit-record.ts';

/**
 * Where audit records go. `append` is called on the request path, so it only buffers: writing
 * happens later, in batches, off the request.
 */
export interface AuditStore {
  readonly kind: 'memory' | 'sqlite' | 'postgres';
  /** `json`, when given, is the record's JSON text already made (by redaction): a store that writes JSON may use it. */
  append(record: AuditRecord, json?: string): void;
  /** Newest first. Flushes pending writes first, so a read sees every earlier request. */
  query(filter: AuditFilter): Promise<AuditRecord[]>;
  /**
   * Every record in `[since, until)`, oldest first, without a limit (spend reports). Flushes first.
   * A promise for a store over the network (postgres).
   */
  scan(range: { since?: number; until?: number }): Iterable<AuditRecord> | Promise<AuditRecord[]>;
  /** The record of one request (feedback labels attach to it); flushes first. Undefined when unknown or past retention. */
  get(requestId: string): Promise<AuditRecord | undefined>;
  /** Writes what is buffered and releases the store. */
  close(): Promise<void>;
}
