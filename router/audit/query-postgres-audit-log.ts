import type pg from 'pg';
import type { PreparedStatement } from '../state/postgres-connection.ts';
import { DEFAULT_AUDIT_LIMIT, type AuditFilter, type AuditRecord } from './audit-record.ts';

/** Runs a named statement (the gateway's pool, or the CLI's client). */
export type RunStatement = <Row extends pg.QueryResultRow>(statement: PreparedStatement, values: unknown[]) => Promise<pg.QueryResult<Row>>;

type Row = { id: string; replica: string; record: AuditRecord };

/**
 * SELECT over the shared audit log, newest first (by arrival: ids follow write order, which differs
 * between replicas by up to a flush interval): every replica's rows. Each combination of
 * filters is its own named statement (at most 2^6), so PostgreSQL plans it once per connection.
 */
export async function queryPostgresAuditLog(run: RunStatement, filter: AuditFilter): Promise<AuditRecord[]> {
  const where: string[] = [];
  const values: unknown[] = [];
  const shape: string[] = [];
  const add = (name: string, condition: (parameter: string) => string, value: unknown) => {
    values.push(value);
    where.push(condition(`$${values.length}`));
    shape.push(name);
  };
  if (filter.router !== undefined) add('router', (p) => `(router = ${p} OR router_path @> ARRAY[${p}]::text[])`, filter.router);
  if (filter.rule !== undefined) add('rule', (p) => `rule = ${p}`, filter.rule);
  if (filter.status !== undefined) add('status', (p) => `status = ${p}`, filter.status);
  if (filter.since !== undefined) add('since', (p) => `at >= to_timestamp(${p}::float8 / 1000)`, filter.since);
  if (filter.until !== undefined) add('until', (p) => `at < to_timestamp(${p}::float8 / 1000)`, filter.until);
  if (filter.afterId !== undefined) add('after', (p) => `id > ${p}`, filter.afterId);
  values.push(filter.limit ?? DEFAULT_AUDIT_LIMIT);
  const text = `SELECT id, replica, record FROM audit_log ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`} ORDER BY at DESC, id DESC LIMIT $${values.length}`;
  const result = await run<Row>({ name: `switchyard_audit_query_${shape.join('_') || 'all'}`, text }, values);
  return result.rows.map((row) => ({ ...row.record, id: Number(row.id), replica: row.replica }));
}
