/**
 * How many audit rows per second one replica's PostgresAuditStore writes, with its default
 * settings (batch 500, one batch in flight), when the request path offers more than it can take:
 * the queue is kept half full (never dropping) for DURATION_MS, and the rows written in that time
 * are counted. Also this process's CPU per row (JSON encoding and the driver; the database's own
 * work is in the server process).
 *
 *   DATABASE_URL=postgresql://… node --import tsx bench/postgres/measure-audit-throughput.ts
 *
 * Writes into the database's audit_log (use a scratch database).
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { AuditRecord } from '../../router/audit/audit-record.ts';
import { PostgresAuditStore } from '../../router/audit/postgres-audit-store.ts';
import { Secret } from '../../router/config/secret.ts';
import { PostgresConnection } from '../../router/state/postgres-connection.ts';

const url = process.env.DATABASE_URL;
if (url === undefined) throw new Error('set DATABASE_URL to a scratch database');
const durationMs = Number(process.env.DURATION_MS ?? 10_000);
const batchSize = Number(process.env.BATCH_SIZE ?? 500);

/** A routed call as the gateway records it: a rules decision, one attempt, usage, cost. */
function sampleRecord(): AuditRecord {
  return {
    at: Date.now(), requestId: randomUUID(), status: 'success', httpStatus: 200, requestedModel: 'auto', router: 'auto', routerPath: ['auto', 'smart'],
    rule: 'rules[1]', decisions: [{ router: 'auto', strategy: 'rules', targets: ['smart'], rule: 'rules[1]', detail: { signals: { input_tokens: 812, has_tools: false } } }],
    attempts: [{ deployment: 'gpt-5.4', provider: 'openai', outcome: 'success', durationMs: 412 }],
    deployment: 'gpt-5.4', provider: 'openai', providerModel: 'gpt-5.4', inputTokens: 812, outputTokens: 233, costUsd: 0.004321,
    latencyMs: 415.2, overheadMs: 0.8, stream: true, clientFormat: 'openai-chat', caller: 'app-frontend', tags: { tier: 'pro', region: 'eu' },
  };
}

const log = { warn: (details: object, message: string) => console.warn(message, details), info: () => undefined };
const settings = {
  kind: 'postgres' as const, url: new Secret(url), replica: 'bench', poolSize: 4, connectTimeoutMs: 2_000, queryTimeoutMs: 5_000, syncMs: 1_000,
  auditQueueMax: 20_000, auditBatchSize: batchSize, auditFlushMs: 200, redis: undefined,
};
const connection = new PostgresConnection(settings, { log, now: Date.now });
await connection.connect();
if (!connection.available) throw new Error(`cannot reach the database: ${connection.status().lastError}`);
const store = new PostgresAuditStore({ connection, log, retentionDays: 30, now: Date.now, batchSize, queueMax: settings.auditQueueMax, flushIntervalMs: settings.auditFlushMs });

const startWritten = store.status().written;
const cpuBefore = process.cpuUsage();
const started = performance.now();
let appended = 0;
while (performance.now() - started < durationMs) {
  while (store.status().queued < settings.auditQueueMax / 2) {
    store.append(sampleRecord());
    appended++;
  }
  await yieldToLoop();
}
const elapsedMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const written = store.status().written - startWritten;
await store.close();
await connection.close();
const rowsPerSecond = (written / elapsedMs) * 1000;
console.log(JSON.stringify({ batchSize, durationMs: Math.round(elapsedMs), appended, written, dropped: store.status().dropped, rowsPerSecond: Math.round(rowsPerSecond), cpuMsPerRow: ((cpu.user + cpu.system) / 1000 / Math.max(written, 1)).toFixed(4) }));
