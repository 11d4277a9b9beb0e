import type { Label, LabelledRequest } from './label.ts';
import { labelKey } from './label-key.ts';
import type { AuditPromptLookup, LabelStore } from './label-store.ts';

/** `store.kind: memory`: labels in this process, gone when it ends (tests, trying things out). */
export class MemoryLabelStore implements LabelStore {
  readonly kind = 'memory' as const;
  readonly #labels = new Map<string, Label>();
  readonly #prompts = new Map<string, { prompt: string; router: string | undefined }>();
  readonly #auditPrompt: AuditPromptLookup;

  constructor(options: { auditPrompt: AuditPromptLookup }) {
    this.#auditPrompt = options.auditPrompt;
  }

  async put(label: Label): Promise<void> {
    const key = labelKey(label);
    // A replaced label moves to the end, as a new row would.
    this.#labels.delete(key);
    this.#labels.set(key, { ...label });
  }

  async putPrompt(requestId: string, prompt: string, router: string | undefined): Promise<void> {
    this.#prompts.set(requestId, { prompt, router });
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
