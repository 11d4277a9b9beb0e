import { DEFAULT_AUDIT_LIMIT, matchesAuditFilter, type AuditFilter, type AuditRecord } from './audit-record.ts';
import type { AuditStore } from './audit-store.ts';

/**
 * `store.kind: memory`: the last `capacity` records in a ring buffer, gone when the process ends.
 * Retention still applies on read, so nothing older than `retention_days` is returned.
 */
export class MemoryAuditStore implements AuditStore {
  readonly kind = 'memory' as const;
  readonly #ring: Array<AuditRecord | undefined>;
  readonly #retentionMs: number;
  readonly #now: () => number;
  #next = 0;
  #lastId = 0;

  constructor(options: { capacity?: number; retentionDays: number; now: () => number }) {
    this.#ring = new Array<AuditRecord | undefined>(options.capacity ?? 10_000).fill(undefined);
    this.#retentionMs = options.retentionDays * 86_400_000;
    this.#now = options.now;
  }

  append(record: AuditRecord): void {
    this.#ring[this.#next] = { ...record, id: ++this.#lastId };
    this.#next = (this.#next + 1) % this.#ring.length;
  }

  async query(filter: AuditFilter): Promise<AuditRecord[]> {
    const limit = filter.limit ?? DEFAULT_AUDIT_LIMIT;
    const oldest = this.#now() - this.#retentionMs;
    const found: AuditRecord[] = [];
    for (let offset = 1; offset <= this.#ring.length && found.length < limit; offset++) {
      const record = this.#ring[(this.#next - offset + this.#ring.length) % this.#ring.length];
      if (record === undefined) break;
      if (record.at >= oldest && matchesAuditFilter(record, filter)) found.push(record);
    }
    return found;
  }

  *scan(range: { since?: number; until?: number }): Iterable<AuditRecord> {
    const oldest = Math.max(this.#now() - this.#retentionMs, range.since ?? 0);
    for (let offset = this.#ring.length; offset >= 1; offset--) {
      const record = this.#ring[(this.#next - offset + this.#ring.length) % this.#ring.length];
      if (record === undefined || record.at < oldest) continue;
      if (range.until !== undefined && record.at >= range.until) continue;
      yield record;
    }
  }

  async get(requestId: string): Promise<AuditRecord | undefined> {
    const oldest = this.#now() - this.#retentionMs;
    return this.#ring.find((record) => record !== undefined && record.requestId === requestId && record.at >= oldest);
  }

  async close(): Promise<void> {}
}
