import { parseArgs } from 'node:util';
import type { SpendSummary } from '../governance/summarize-spend.ts';
import { adminTarget, callAdminApi, processIo, type CommandIo } from './admin-api-client.ts';

const USAGE = `usage: switchyard spend [--group-by project,key,user,model,router] [--from TIME] [--to TIME] [--json]
                       [--url URL] [--admin-token T]

  Requests, tokens and USD from the gateway's audit log (GET /admin/spend), per group, costliest
  first. TIME is ISO 8601 or epoch ms; default: this calendar month (UTC) so far.
`;

/** `switchyard spend`: the spend report of a running gateway. */
export async function runSpend(args: string[], io: CommandIo = processIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'group-by': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
      url: { type: 'string' },
      'admin-token': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const query = new URLSearchParams({ group_by: values['group-by'] ?? 'project' });
  if (values.from !== undefined) query.set('from', values.from);
  if (values.to !== undefined) query.set('to', values.to);
  const report = (await callAdminApi(adminTarget(values, io.environment), 'GET', `/admin/spend?${query}`)) as SpendSummary & { from: string; to: string };
  if (values.json) {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  const header = [...report.group_by, 'requests', 'tokens', 'usd'];
  const rows = report.groups.map((group) => [
    ...report.group_by.map((dimension) => String(group[dimension] ?? '-') + (dimension === 'key' && group.key_name ? ` (${group.key_name})` : '')),
    String(group.requests),
    String(group.input_tokens + group.output_tokens),
    group.cost_usd.toFixed(6),
  ]);
  rows.push([...report.group_by.map((_, index) => (index === 0 ? 'total' : '')), String(report.total.requests), String(report.total.input_tokens + report.total.output_tokens), report.total.cost_usd.toFixed(6)]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  io.stdout.write(`spend ${report.from} → ${report.to}\n${line(header)}\n${rows.map(line).join('\n')}\n`);
  return 0;
}
