import type { Label, LabelledRequest } from './label.ts';
import { labelKey } from './label-key.ts';
import type { AuditPromptLookup, LabelStore } from './label-store.ts';

/**
 * `store.kind: memory`: labels in this process, gone when it ends (tests, trying things out). The
 * newest `capacity` labels and prompts are kept (default 10,000 each, like the audit ring).
 */
export class MemoryLabelStore implements LabelStore {
  readonly kind = 'memory' as const;
  readonly #labels = new Map<string, Label>();
  readonly #prompts = new Map<string, { prompt: string; router: string | undefined }>();
  readonly #auditPrompt: AuditPromptLookup;
  readonly #capacity: number;

  constructor(options: { auditPrompt: AuditPromptLookup; capacity?: number }) {
    this.#auditPrompt = options.auditPrompt;
    this.#capacity = options.capacity ?? 10_000;
  }

  async put(label: Label): Promise<void> {
    const key = labelKey(label);
    // A replaced label moves to the end, as a new row would; past capacity the oldest goes.
    this.#labels.delete(key);
    this.#labels.set(key, { ...label });
    dropOldest(this.#labels, this.#capacity);
  }

  async putPrompt(requestId: string, prompt: string, router: string | undefined): Promise<void> {
    this.#prompts.delete(requestId);
    this.#prompts.set(requestId, { prompt, router });
    dropOldest(this.#prompts, this.#capacity);
  }

  async *requests(): AsyncIterable<LabelledRequest> {
    const byRequest = new Map<string, Label[]>();
    for (const label of this.#labels.values()) {
      const list = byRequest.get(label.requestId) ?? [];
      list.push(label);
      byRequest.set(label.requestId, list);
    }
    for (const [requestId, labels] of byRequest) {
      const stored = this.#prompts.get(requestId);
      const prompt = stored?.prompt ?? (await this.#auditPrompt(requestId));
      yield { requestId, router: stored?.router ?? labels.find((label) => label.router !== undefined)?.router, prompt, labels };
    }
  }

  async close(): Promise<void> {}
}

/** Deletes a map's first-inserted entries until it holds at most `capacity`. */
function dropOldest(map: Map<string, unknown>, capacity: number): void {
  for (const key of map.keys()) {
    if (map.size <= capacity) return;
    map.delete(key);
  }
}
