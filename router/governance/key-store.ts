import type { VirtualKeyRecord } from './virtual-key.ts';

/**
 * Where virtual keys live: `store.kind` memory (this process), sqlite (a table beside the audit
 * log, survives restarts) or redis (one set of keys for every replica). A PostgreSQL store
 * implements the same interface.
 */
export interface KeyStore {
  readonly kind: 'memory' | 'sqlite' | 'redis' | 'postgres';
  /** The record of an id, revoked and expired ones included; undefined when none. */
  get(id: string): Promise<VirtualKeyRecord | undefined>;
  list(): Promise<VirtualKeyRecord[]>;
  /** Creates or replaces the record of `record.id`. */
  put(record: VirtualKeyRecord): Promise<void>;
  close(): Promise<void>;
}
