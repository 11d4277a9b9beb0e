/**
 * The SQLite audit store's writer thread: owns the one writing connection, inserts each batch the
 * store sends in one transaction and prunes on request, so neither the JSON of the rows nor SQLite's
 * B-tree and WAL work runs on the gateway's event loop. Messages are handled in order, so a `sync`
 * answered means every earlier batch is written.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteDatabase } from '../state/open-sqlite-database.ts';
import { AUDIT_LOG_SCHEMA, prepareAuditRowWriter } from './sqlite-audit-rows.ts';
import type { AuditWriterData, AuditWriterReply, AuditWriterRequest } from './sqlite-audit-writer-messages.ts';

const port = parentPort;
if (port === null) throw new Error('sqlite-audit-writer-worker runs as a worker thread');
const { path } = workerData as AuditWriterData;
const db = openSqliteDatabase(path, AUDIT_LOG_SCHEMA);
const writeRows = prepareAuditRowWriter(db);
const prune = db.prepare('DELETE FROM audit_log WHERE at < ?');
const reply = (message: AuditWriterReply) => port.postMessage(message);

port.on('message', (message: AuditWriterRequest) => {
  if (message.type === 'write') {
    try {
      writeRows(message.batch);
    } catch (error) {
      reply({ type: 'write-failed', rows: message.rows, message: (error as Error).message });
    }
    return;
  }
  try {
    if (message.type === 'prune') reply({ type: 'done', id: message.id, changes: prune.run(message.before).changes });
    else if (message.type === 'sync') reply({ type: 'done', id: message.id });
    else {
      db.close();
      reply({ type: 'done', id: message.id });
      port.close();
    }
  } catch (error) {
    reply({ type: 'failed', id: message.id, message: (error as Error).message });
  }
});
