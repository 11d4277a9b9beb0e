import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config-error.ts';
import { loadConfigFile } from '../config/load-config.ts';
import type { LabelSource } from '../learning/labels/label.ts';
import { readLabelRows, type LabelRowSummary } from '../learning/labels/label-rows.ts';
import { defaultConfigPath } from './default-config-path.ts';

const USAGE = `usage: switchyard labels export [--config FILE] [--out FILE] [--models A,B,...] [--source judge|feedback|all]

  Writes the labels of the config's store (POST /v1/feedback, shadow evaluation) as JSONL rows in
  the datasets' schema (id, source, prompt, scores per model, costs when every row has them), to
  FILE or stdout, for 'switchyard bench accuracy --file' and 'switchyard train --file'. Only
  requests whose prompt was stored (shadow.store_prompts, or audit.store_prompts) can be written;
  every row scores the same models: --models, else the set of two or more models labelled on the
  most prompts. A summary goes to stderr.
`;

/** `switchyard labels export`: the label store as a routing rows file. */
export async function runLabels(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'export') {
    const help = sub === '--help' || sub === '-h';
    process.stderr.write(sub === undefined || help ? USAGE : `switchyard labels: unknown subcommand '${sub}'\n\n${USAGE}`);
    return help ? 0 : 1;
  }
  const { values } = parseArgs({ args: rest, options: { config: { type: 'string', short: 'c' }, out: { type: 'string', short: 'o' }, models: { type: 'string' }, source: { type: 'string' } } });
  const sources: Record<string, LabelSource[]> = { judge: ['judge'], feedback: ['feedback'], all: ['judge', 'feedback'] };
  const chosen = sources[values.source ?? 'all'];
  if (chosen === undefined) {
    process.stderr.write(`switchyard labels: --source must be judge, feedback or all, got '${values.source}'\n`);
    return 1;
  }
  const models = values.models?.split(',').map((model) => model.trim()).filter((model) => model !== '');
  if (models !== undefined && models.length < 2) {
    process.stderr.write('switchyard labels: --models names at least two models (routing compares them)\n');
    return 1;
  }
  let config;
  try {
    config = await loadConfigFile(defaultConfigPath(values.config, process.env), process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  let summary: LabelRowSummary | undefined;
  const lines: string[] = [];
  for await (const row of readLabelRows(config, { sources: chosen, ...(models === undefined ? {} : { models }), onSummary: (reported) => (summary = reported) })) lines.push(JSON.stringify(row));
  const left = summary === undefined ? '' : `; left out: ${summary.withoutPrompt} labelled requests without a stored prompt (enable shadow.store_prompts or audit.store_prompts), ${summary.incomplete} not scoring every model`;
  if (lines.length === 0) {
    process.stderr.write(`switchyard labels: no rows to export${summary?.models.length ? ` for models ${summary.models.join(', ')}` : ''}${left}\n`);
    return 1;
  }
  const text = `${lines.join('\n')}\n`;
  if (values.out === undefined) process.stdout.write(text);
  else await writeFile(values.out, text);
  process.stderr.write(`switchyard labels: ${lines.length} rows (models ${summary!.models.join(', ')})${values.out === undefined ? '' : ` written to ${values.out}`}${left}\n`);
  return 0;
}
