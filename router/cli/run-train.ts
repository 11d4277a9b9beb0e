import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultConfigPath } from './default-config-path.ts';

const usage = `usage: switchyard train [--seed N] [--out DIR] [--epochs N]
         train the shipped difficulty model on the datasets' train splits (writes model.onnx + manifest.json)
       switchyard train --file ROWS.jsonl | --from-labels [--config FILE] [--strong M --weak M]
                        [--min-gain 0.02] [--dir DIR] [--dry-run] [--max-rows N] [--resamples N] [--seed N] [--json]
         train a per-pair gain model on your labels; activate it only if its out-of-fold APGR beats the current router by --min-gain
`;

/**
 * `switchyard train`: without --file / --from-labels, trains the shipped difficulty model (the
 * trainer is loaded only then). With them, trains a learned router for one model pair on the
 * user's labels, reports 5-fold out-of-fold APGR against the current router and the length
 * heuristic, and lets the guard decide whether the running gateway switches to it (hot: the
 * gateway watches learned/active.json).
 */
export async function runTrain(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        seed: { type: 'string', default: '1' },
        out: { type: 'string', default: 'models/' },
        epochs: { type: 'string' },
        file: { type: 'string' },
        'from-labels': { type: 'boolean', default: false },
        config: { type: 'string' },
        strong: { type: 'string' },
        weak: { type: 'string' },
        'min-gain': { type: 'string', default: '0.02' },
        dir: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'max-rows': { type: 'string' },
        resamples: { type: 'string', default: '1000' },
        json: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`switchyard train: ${(error as Error).message}\n${usage}`);
    return 1;
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) return fail(`--seed must be an integer, got ${values.seed}`);
  if (values.file !== undefined || values['from-labels']) return trainOnLabels(values, seed);

  const epochs = values.epochs === undefined ? undefined : Number(values.epochs);
  if (epochs !== undefined && !(Number.isInteger(epochs) && epochs > 0)) return fail(`--epochs must be a positive integer, got ${values.epochs}`);
  const { train } = await import('../../scorer/training/train.ts');
  const { writeModelFiles } = await import('../../scorer/export/write-model-files.ts');
  const result = await train({ seed, hyperparameters: epochs === undefined ? {} : { epochs }, log: (line) => process.stdout.write(`${line}\n`) });
  const directory = resolve(values.out);
  const manifest = await writeModelFiles(result, directory);
  process.stdout.write(`wrote ${directory}/model.onnx (${(manifest.model.bytes / 1e6).toFixed(2)} MB) and manifest.json in ${result.seconds.toFixed(1)} s\n`);
  process.stdout.write('re-run the smart axis calibration: npx tsx bench/scorer/calibrate-smart-axes.ts\n');
  return 0;
}

function fail(message: string): number {
  process.stderr.write(`switchyard train: ${message}\n${usage}`);
  return 1;
}

type TrainValues = {
  file?: string | undefined;
  'from-labels'?: boolean | undefined;
  config?: string | undefined;
  strong?: string | undefined;
  weak?: string | undefined;
  'min-gain'?: string | undefined;
  dir?: string | undefined;
  'dry-run'?: boolean | undefined;
  'max-rows'?: string | undefined;
  resamples?: string | undefined;
  json?: boolean | undefined;
};

async function trainOnLabels(values: TrainValues, seed: number): Promise<number> {
  if (values.file !== undefined && values['from-labels']) return fail('--file and --from-labels exclude each other');
  const minGain = Number(values['min-gain']);
  if (!Number.isFinite(minGain)) return fail(`--min-gain must be a number, got '${values['min-gain']}'`);
  const resamples = Number(values.resamples);
  if (!Number.isInteger(resamples) || resamples < 10) return fail(`--resamples must be an integer >= 10, got '${values.resamples}'`);
  const maxRows = values['max-rows'] === undefined ? undefined : Number(values['max-rows']);
  if (maxRows !== undefined && !(Number.isInteger(maxRows) && maxRows >= 10)) return fail(`--max-rows must be an integer >= 10, got '${values['max-rows']}'`);

  const { readFile } = await import('node:fs/promises');
  const { parseRoutingFile } = await import('../../datasets/parse-routing-file.ts');
  const { trainFromRows } = await import('../learning/training/train-from-rows.ts');
  const { defaultGuardSettings } = await import('../learning/training/guard-decide-activation.ts');
  const { learnedDirectory } = await import('../learning/learned-model-files.ts');
  // The learned/ directory: --dir, else beside the state file of the config (when one is given or found).
  let directory = values.dir === undefined ? undefined : resolve(values.dir);
  let file;
  let source: string;
  try {
    if (values['from-labels'] || (directory === undefined && values.config !== undefined)) {
      const { loadConfigFile } = await import('../config/load-config.ts');
      const config = await loadConfigFile(defaultConfigPath(values.config, process.env), process.env);
      directory ??= learnedDirectory(config);
      if (values['from-labels']) {
        const { readLabelRows } = await import('../learning/labels/label-rows.ts');
        const lines: string[] = [];
        const models = values.strong !== undefined && values.weak !== undefined ? [values.strong, values.weak] : undefined;
        for await (const row of readLabelRows(config, models === undefined ? {} : { models })) lines.push(JSON.stringify(row));
        file = parseRoutingFile(lines.join('\n'), `labels of ${config.file}`);
        source = `the labels of ${config.file}`;
      }
    }
    if (values.file !== undefined) {
      file = parseRoutingFile(await readFile(values.file, 'utf8'), values.file);
      source = values.file;
    }
  } catch (error) {
    process.stderr.write(`switchyard train: ${(error as Error).message}\n`);
    return 1;
  }
  directory ??= resolve('.switchyard', 'learned');
  try {
    const result = await trainFromRows({
      file: file!,
      source: source!,
      strongModel: values.strong,
      weakModel: values.weak,
      directory,
      guard: { ...defaultGuardSettings, minGain },
      dryRun: values['dry-run'] === true,
      ...(maxRows === undefined ? {} : { maxRows }),
      resamples,
      seed,
    });
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ strong: result.strongModel, weak: result.weakModel, rows: result.rows, outOfFold: result.comparison.apgr, versusCurrent: result.comparison.versusBaseline, guard: result.decision, written: `${directory}/${result.written}`, activated: result.activated })}\n`);
    } else {
      process.stdout.write(formatTrainReport(result, directory));
    }
    return 0;
  } catch (error) {
    process.stderr.write(`switchyard train: ${(error as Error).message}\n`);
    return 1;
  }
}

function formatTrainReport(result: Awaited<ReturnType<typeof import('../learning/training/train-from-rows.ts').trainFromRows>>, directory: string): string {
  const format = (value: number) => value.toFixed(3);
  const names: Record<string, string> = { learned: 'learned (per-pair gain model)', current: result.currentRouter, length: 'length heuristic (longer → strong)' };
  const lines = [
    result.pairNote,
    `${result.rows} labelled rows${result.leftOut.contaminated > 0 ? `, ${result.leftOut.contaminated} contaminated left out` : ''}${result.leftOut.sampledAway > 0 ? `, ${result.leftOut.sampledAway} left out by sampling (--max-rows)` : ''}.`,
    '',
    '5-fold out-of-fold APGR on these labels (95 % bootstrap intervals; difference to the current router paired):',
    '',
    '| router | APGR | 95 % interval | − current |',
    '|---|---:|---:|---:|',
    ...Object.entries(result.comparison.apgr).map(([router, interval]) => {
      const versus = result.comparison.versusBaseline[router];
      return `| ${names[router] ?? router} | ${format(interval.estimate)} | ${format(interval.lower)} – ${format(interval.upper)} | ${versus ? `${versus.estimate >= 0 ? '+' : ''}${format(versus.estimate)} (${format(versus.lower)} … ${format(versus.upper)})` : '–'} |`;
    }),
    '',
    `Guard: ${result.decision.reason}.`,
    `Wrote ${directory}/${result.written}/ (learned-gain-model.json, manifest.json, model-card.md).`,
    result.activated
      ? `Activated in ${directory}/active.json: a gateway using this state directory switches on its next request, no restart.`
      : result.decision.activate
        ? '--dry-run: not activated.'
        : 'Not activated: the current router keeps serving.',
    '',
  ];
  return lines.join('\n');
}
