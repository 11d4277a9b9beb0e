import type { AuditRecord } from '../../audit/audit-record.ts';
import type { Label, LabelledRequest } from './label.ts';

/**
 * Where labels live: the same store as the audit log (memory, SQLite at `store.path`, or the
 * shared PostgreSQL database). Writes are not on the path of a routed request: feedback is its own
 * endpoint, judge labels are written once a shadow evaluation ends.
 */
export interface LabelStore {
  readonly kind: 'memory' | 'sqlite' | 'postgres';
  /** Inserts, or replaces the label of the same (request, source, model, rater). */
  put(label: Label): Promise<void>;
  /** The prompt of a shadow-evaluated request (only with `shadow.store_prompts`). */
  putPrompt(requestId: string, prompt: string, router: string | undefined): Promise<void>;
  /** Every labelled request, oldest label first; `audit` supplies prompts for requests without a stored one. */
  requests(): AsyncIterable<LabelledRequest>;
  close(): Promise<void>;
}

/** What a label store reads from the audit log of the same store: a request's stored prompt. */
export type AuditPromptLookup = (requestId: string) => Promise<AuditRecord['prompt']>;
