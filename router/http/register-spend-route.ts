import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../errors/gateway-error.ts';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';
import { SPEND_DIMENSIONS, summarizeSpend, type SpendDimension } from '../governance/summarize-spend.ts';
import type { GatewayServices } from '../runtime/gateway-services.ts';

const DIMENSIONS: ReadonlySet<string> = new Set(SPEND_DIMENSIONS);

function isSpendDimension(name: string): name is SpendDimension {
  return DIMENSIONS.has(name);
}

function parseTime(name: string, text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(value)) throw new InvalidRequestError(`${name} must be epoch milliseconds or an ISO 8601 time, got '${text}'`, name);
  return value;
}

/**
 * `GET /admin/spend?group_by=project,key,user,model,router&from=&to=`: requests, tokens and USD
 * from the audit log (`from` inclusive, `to` exclusive; default the current calendar month so far),
 * so the report is the sum of the rows `/admin/decisions` shows.
 */
export function registerSpendRoute(admin: FastifyInstance, services: GatewayServices): void {
  admin.get<{ Querystring: Record<string, string | undefined> }>('/admin/spend', async (request) => {
    if (services.audit === undefined) throw new GatewayError('not_found', 'The audit log is off (`audit.enabled: false`); spend reports read it.');
    const query = request.query;
    const named = (query.group_by ?? 'project').split(',').map((part) => part.trim()).filter((part) => part !== '');
    const unknown = named.find((dimension) => !isSpendDimension(dimension));
    const groupBy = named.filter(isSpendDimension);
    if (unknown !== undefined) throw new InvalidRequestError(`group_by: unknown dimension '${unknown}' (known: ${SPEND_DIMENSIONS.join(', ')})`, 'group_by');
    const now = new Date((services.now ?? Date.now)());
    const from = query.from ? parseTime('from', query.from) : Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    const to = query.to ? parseTime('to', query.to) : now.getTime() + 1;
    const summary = summarizeSpend(await services.audit.scan({ since: from, until: to }), [...new Set(groupBy)]);
    return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), store: services.audit.kind, ...summary };
  });
}
