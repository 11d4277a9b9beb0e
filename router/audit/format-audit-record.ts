import type { AuditRecord } from './audit-record.ts';

/**
 * One line per request for `switchyard audit tail`:
 * `2026-11-22T04:01:27.120Z  success 200  auto → gpt-5.4 [rule rules[1]]  attempts a:failed(HTTP 500) b:success  in 12 out 30  $0.000123  84 ms  <request id>`
 */
export function formatAuditRecord(record: AuditRecord): string {
  const route = [record.routerPath.length > 0 ? record.routerPath.join(' → ') : record.requestedModel, record.deployment ?? '✗'].join(' → ');
  const parts = [new Date(record.at).toISOString(), `${record.status.padEnd(8)} ${record.httpStatus}`, route];
  if (record.rule !== undefined) parts.push(`[rule ${record.rule}]`);
  if (record.attempts.length > 0) {
    parts.push(`attempts ${record.attempts.map((attempt) => `${attempt.deployment}:${attempt.outcome}${attempt.reason === undefined ? '' : `(${attempt.reason})`}`).join(' ')}`);
  }
  if (record.errorCode !== undefined) parts.push(`error ${record.errorCode}`);
  if (record.inputTokens !== undefined) parts.push(`in ${record.inputTokens} out ${record.outputTokens ?? 0}`);
  if (record.costUsd !== undefined) parts.push(`$${record.costUsd.toFixed(6)}`);
  parts.push(`${Math.round(record.latencyMs)} ms`, record.requestId);
  return parts.join('  ');
}
