import type Database from 'better-sqlite3';
import { openSqliteDatabase } from '../../state/open-sqlite-database.ts';
import type { Label, LabelledRequest, LabelSource } from './label.ts';
import type { LabelStore } from './label-store.ts';

/** The label tables of a SQLite state file (beside `audit_log`; idempotent). */
export const SQLITE_LABEL_SCHEMA = `
CREATE TABLE IF NOT EXISTS labels (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  request_id TEXT NOT NULL,
  source TEXT NOT NULL,
  model TEXT NOT NULL,
  rater TEXT NOT NULL,
  score REAL NOT NULL,
  router TEXT,
  caller TEXT,
  project TEXT,
  comment TEXT,
  cost_usd REAL,
  UNIQUE (request_id, source, model, rater)
);
CREATE INDEX IF NOT EXISTS labels_request ON labels (request_id);
CREATE TABLE IF NOT EXISTS label_prompts (
  request_id TEXT PRIMARY KEY,
  at INTEGER NOT NULL,
  router TEXT,
  prompt TEXT NOT NULL
);
`;

export type LabelRow = {
  request_id: string;
  at: number;
  source: string;
  model: string;
  rater: string;
  score: number;
  router: string | null;
  caller: string | null;
  project: string | null;
  comment: string | null;
  cost_usd: number | null;
};

/** A stored row back into a label (absent columns are left out). */
export function labelOfRow(row: LabelRow): Label {
  const label: Label = { requestId: row.request_id, at: Number(row.at), source: row.source as LabelSource, model: row.model, score: row.score, rater: row.rater };
  if (row.router !== null) label.router = row.router;
  if (row.caller !== null) label.caller = row.caller;
  if (row.project !== null) label.project = row.project;
  if (row.comment !== null) label.comment = row.comment;
  if (row.cost_usd !== null) label.costUsd = row.cost_usd;
  return label;
}

/** The label's columns (undefined → NULL). */
export function rowOfLabel(label: Label): LabelRow {
  return {
    request_id: label.requestId,
    at: label.at,
    source: label.source,
    model: label.model,
    rater: label.rater,
    score: label.score,
    router: label.router ?? null,
    caller: label.caller ?? null,
    project: label.project ?? null,
    comment: label.comment ?? null,
    cost_usd: label.costUsd ?? null,
  };
}

const SELECT_REQUESTS = `
SELECT l.*, p.prompt AS stored_prompt, p.router AS prompt_router, __AUDIT_PROMPT__ AS audit_prompt
FROM labels l
LEFT JOIN label_prompts p ON p.request_id = l.request_id
ORDER BY l.request_id, l.id`;

/**
 * Labels in the SQLite state file the audit log lives in (`store.path`), in their own tables. Opened
 * on first use, so a gateway that never labels anything does not touch the file for it. Also read
 * by `switchyard labels export` (a second connection; WAL lets it read while the gateway writes).
 */
export class SqliteLabelStore implements LabelStore {
  readonly kind = 'sqlite' as const;
  readonly #path: string;
  readonly #now: () => number;
  #db: Database.Database | undefined;

  constructor(options: { path: string; now: () => number }) {
    this.#path = options.path;
    this.#now = options.now;
  }

  #open(): Database.Database {
    this.#db ??= openSqliteDatabase(this.#path, SQLITE_LABEL_SCHEMA);
    return this.#db;
  }

  async put(label: Label): Promise<void> {
    this.#open()
      .prepare(
        `INSERT INTO labels (at, request_id, source, model, rater, score, router, caller, project, comment, cost_usd)
         VALUES (@at, @request_id, @source, @model, @rater, @score, @router, @caller, @project, @comment, @cost_usd)
         ON CONFLICT (request_id, source, model, rater) DO UPDATE SET
           at = excluded.at, score = excluded.score, router = excluded.router, caller = excluded.caller,
           project = excluded.project, comment = excluded.comment, cost_usd = excluded.cost_usd`,
      )
      .run(rowOfLabel(label));
  }

  async putPrompt(requestId: string, prompt: string, router: string | undefined): Promise<void> {
    this.#open()
      .prepare('INSERT INTO label_prompts (request_id, at, router, prompt) VALUES (?, ?, ?, ?) ON CONFLICT (request_id) DO UPDATE SET prompt = excluded.prompt, router = excluded.router')
      .run(requestId, this.#now(), router ?? null, prompt);
  }

  async *requests(): AsyncIterable<LabelledRequest> {
    const db = this.#open();
    const hasAudit = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").get() !== undefined;
    // The audit row's prompt (audit.store_prompts), for requests whose prompt the shadow run did not store.
    const auditPrompt = hasAudit ? `(SELECT json_extract(a.record, '$.prompt') FROM audit_log a WHERE a.request_id = l.request_id ORDER BY a.id DESC LIMIT 1)` : 'NULL';
    const rows = db.prepare(SELECT_REQUESTS.replace('__AUDIT_PROMPT__', auditPrompt)).iterate() as Iterable<LabelRow & { stored_prompt: string | null; prompt_router: string | null; audit_prompt: string | null }>;
    yield* groupByRequest(rows);
  }

  async close(): Promise<void> {
    this.#db?.close();
    this.#db = undefined;
  }
}

/** Rows ordered by request id → one LabelledRequest per request. */
export function* groupByRequest(rows: Iterable<LabelRow & { stored_prompt: string | null; prompt_router: string | null; audit_prompt: string | null }>): Generator<LabelledRequest> {
  let current: LabelledRequest | undefined;
  for (const row of rows) {
    if (current === undefined || current.requestId !== row.request_id) {
      if (current !== undefined) yield current;
      current = { requestId: row.request_id, router: row.prompt_router ?? undefined, prompt: row.stored_prompt ?? row.audit_prompt ?? undefined, labels: [] };
    }
    const label = labelOfRow(row);
    current.router ??= label.router;
    current.labels.push(label);
  }
  if (current !== undefined) yield current;
}
