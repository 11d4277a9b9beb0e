import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AuditWriterData, AuditWriterReply, AuditWriterRequest } from './sqlite-audit-writer-messages.ts';

const runsFromSources = import.meta.url.endsWith('.ts');
const workerFile = fileURLToPath(new URL(runsFromSources ? './sqlite-audit-writer-bootstrap.mjs' : './sqlite-audit-writer-worker.js', import.meta.url));

type Pending = { resolve: (changes: number) => void; reject: (error: Error) => void };

/**
 * The gateway's side of the audit writer thread (sqlite-audit-writer-worker.ts): sends batches,
 * and answers `sync` / `prune` / `close` once the thread has done them. The thread is unref'd, so
 * an idle gateway can still exit; `close` is what makes the last rows durable.
 */
export class SqliteAuditWriter {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #failure: Error | undefined;

  constructor(path: string, onWriteFailed: (rows: number, message: string) => void) {
    this.#worker = new Worker(workerFile, { workerData: { path } satisfies AuditWriterData });
    this.#worker.unref();
    this.#worker.on('message', (message: AuditWriterReply) => {
      if (message.type === 'write-failed') return onWriteFailed(message.rows, message.message);
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.type === 'done') pending?.resolve(message.changes ?? 0);
      else pending?.reject(new Error(message.message));
    });
    const fail = (error: Error) => {
      this.#failure ??= error;
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
    this.#worker.on('error', fail);
    this.#worker.on('exit', (code) => fail(new Error(`the audit writer thread exited (code ${code})`)));
  }

  /** Undefined while the thread runs; the reason once it has stopped (the store then writes on its own thread). */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** `batch`: sqlite-audit-rows.ts lines joined by newlines; `rows`: how many. */
  write(batch: string, rows: number): void {
    this.#send({ type: 'write', batch, rows });
  }

  /** Resolves once every batch sent before it is written. */
  async sync(): Promise<void> {
    await this.#ask((id) => ({ type: 'sync', id }));
  }

  /** Deletes rows that arrived before `before`; resolves with how many. */
  prune(before: number): Promise<number> {
    return this.#ask((id) => ({ type: 'prune', id, before }));
  }

  /** Writes what was sent, closes the thread's connection and waits for the thread to end. */
  async close(): Promise<void> {
    if (this.#failure !== undefined) return;
    this.#worker.ref();
    const exited = new Promise<void>((resolve) => this.#worker.once('exit', () => resolve()));
    await this.#ask((id) => ({ type: 'close', id }));
    await exited;
  }

  #send(message: AuditWriterRequest): void {
    this.#worker.postMessage(message);
  }

  #ask(request: (id: number) => AuditWriterRequest): Promise<number> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    const answered = new Promise<number>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    this.#send(request(id));
    return answered;
  }
}
