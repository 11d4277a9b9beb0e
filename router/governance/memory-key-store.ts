import type { KeyStore } from './key-store.ts';
import type { VirtualKeyRecord } from './virtual-key.ts';

/** `store.kind: memory`: keys live as long as the process. */
export class MemoryKeyStore implements KeyStore {
  readonly kind = 'memory' as const;
  readonly #records = new Map<string, VirtualKeyRecord>();

  async get(id: string): Promise<VirtualKeyRecord | undefined> {
    const record = this.#records.get(id);
    return record === undefined ? undefined : structuredClone(record);
  }

  async list(): Promise<VirtualKeyRecord[]> {
    return [...this.#records.values()].map((record) => structuredClone(record));
  }

  async put(record: VirtualKeyRecord): Promise<void> {
    this.#records.set(record.id, structuredClone(record));
  }

  async close(): Promise<void> {}
}
