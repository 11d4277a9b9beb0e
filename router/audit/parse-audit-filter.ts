import { InvalidRequestError } from '../errors/invalid-request-error.ts';
import type { RequestOutcomeKind } from '../observability/routing-stats.ts';
import { DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT, type AuditFilter } from './audit-record.ts';

const STATUSES: ReadonlySet<string> = new Set<RequestOutcomeKind>(['success', 'rejected', 'error']);

/** A time as epoch ms or an ISO 8601 date. */
function parseTime(name: string, text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(value)) throw new InvalidRequestError(`${name} must be epoch milliseconds or an ISO 8601 time, got '${text}'`, name);
  return value;
}

/** `GET /admin/decisions?router=&rule=&status=&since=&until=&limit=` → a filter, or a 400 naming the bad parameter. */
export function parseAuditFilter(query: Readonly<Record<string, string | undefined>>): AuditFilter {
  const filter: AuditFilter = { limit: DEFAULT_AUDIT_LIMIT };
  if (query.router) filter.router = query.router;
  if (query.rule) filter.rule = query.rule;
  if (query.status) {
    if (!STATUSES.has(query.status)) throw new InvalidRequestError(`status must be one of ${[...STATUSES].join(', ')}`, 'status');
    filter.status = query.status as RequestOutcomeKind;
  }
  if (query.since) filter.since = parseTime('since', query.since);
  if (query.until) filter.until = parseTime('until', query.until);
  if (query.limit) {
    const limit = Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_LIMIT) throw new InvalidRequestError(`limit must be an integer from 1 to ${MAX_AUDIT_LIMIT}`, 'limit');
    filter.limit = limit;
  }
  return filter;
}
