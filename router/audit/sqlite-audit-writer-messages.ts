/** What the audit store's thread asks its writer thread, in order; every request but `write` is answered with its `id`. */
export type AuditWriterRequest =
  /** Rows as sqlite-audit-rows.ts lines, joined by newlines. */
  | { type: 'write'; batch: string; rows: number }
  /** Answered once every earlier write is in the database. */
  | { type: 'sync'; id: number }
  | { type: 'prune'; id: number; before: number }
  /** Answered after the last write, once the connection is closed; the thread then ends. */
  | { type: 'close'; id: number };

/** The writer's answers. Error classes do not survive the thread boundary, so failures are plain messages. */
export type AuditWriterReply =
  | { type: 'done'; id: number; changes?: number }
  | { type: 'failed'; id: number; message: string }
  /** A batch that could not be written (the store warns, as it did when writing on the main thread). */
  | { type: 'write-failed'; rows: number; message: string };

export type AuditWriterData = { path: string };
