import type { PostgresConnection, PreparedStatement } from '../../state/postgres-connection.ts';
import type { LabelledRequest } from './label.ts';
import type { Label } from './label.ts';
import type { LabelStore } from './label-store.ts';
import { groupByRequest, rowOfLabel, type LabelRow } from './sqlite-label-store.ts';

const PUT: PreparedStatement = {
  name: 'switchyard_label_put',
  text: `INSERT INTO labels (at, request_id, source, model, rater, score, router, caller, project, comment, cost_usd)
VALUES (to_timestamp($1::float8 / 1000), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
ON CONFLICT (request_id, source, model, rater) DO UPDATE SET
  at = excluded.at, score = excluded.score, router = excluded.router, caller = excluded.caller,
  project = excluded.project, comment = excluded.comment, cost_usd = excluded.cost_usd`,
};

const PUT_PROMPT: PreparedStatement = {
  name: 'switchyard_label_put_prompt',
  text: `INSERT INTO label_prompts (request_id, at, router, prompt) VALUES ($1, to_timestamp($2::float8 / 1000), $3, $4)
ON CONFLICT (request_id) DO UPDATE SET prompt = excluded.prompt, router = excluded.router`,
};

/** Every label with its request's stored prompt (the shadow run's, else the audit row's), by request. */
export const SELECT_LABELLED_REQUESTS = `
SELECT l.request_id, (extract(epoch FROM l.at) * 1000)::float8 AS at, l.source, l.model, l.rater, l.score, l.router, l.caller, l.project, l.comment, l.cost_usd,
       p.prompt AS stored_prompt, p.router AS prompt_router, a.record->>'prompt' AS audit_prompt
FROM labels l
LEFT JOIN label_prompts p ON p.request_id = l.request_id
LEFT JOIN audit_log a ON a.request_id = l.request_id
ORDER BY l.request_id, l.id`;

/** What a label's row is sent as (the order of PUT's parameters). */
export function labelParameters(label: Label): unknown[] {
  const row = rowOfLabel(label);
  return [row.at, row.request_id, row.source, row.model, row.rater, row.score, row.router, row.caller, row.project, row.comment, row.cost_usd];
}

export type LabelledRequestRow = LabelRow & { stored_prompt: string | null; prompt_router: string | null; audit_prompt: string | null };

/**
 * Labels of every replica in the shared PostgreSQL database (tables of migration 4), written at
 * once (feedback answers after its label is committed; judge labels are written off the request path).
 */
export class PostgresLabelStore implements LabelStore {
  readonly kind = 'postgres' as const;
  readonly #connection: PostgresConnection;
  readonly #now: () => number;

  constructor(options: { connection: PostgresConnection; now: () => number }) {
    this.#connection = options.connection;
    this.#now = options.now;
  }

  async put(label: Label): Promise<void> {
    await this.#connection.query(PUT, labelParameters(label));
  }

  async putPrompt(requestId: string, prompt: string, router: string | undefined): Promise<void> {
    await this.#connection.query(PUT_PROMPT, [requestId, this.#now(), router ?? null, prompt.replaceAll('\u0000', '\ufffd')]);
  }

  async *requests(): AsyncIterable<LabelledRequest> {
    const result = await this.#connection.pool.query<LabelledRequestRow>(SELECT_LABELLED_REQUESTS);
    yield* groupByRequest(result.rows);
  }

  async close(): Promise<void> {}
}
