import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * `switchyard train [--seed N] [--out DIR] [--epochs N]`: trains the difficulty model on the train
 * splits of the datasets and writes model.onnx + manifest.json. The trainer is loaded only here.
 */
export async function runTrain(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { seed: { type: 'string', default: '1' }, out: { type: 'string', default: 'models/' }, epochs: { type: 'string' } } });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  const epochs = values.epochs === undefined ? undefined : Number(values.epochs);
  if (epochs !== undefined && !(Number.isInteger(epochs) && epochs > 0)) throw new Error(`--epochs must be a positive integer, got ${values.epochs}`);
  const { train } = await import('../../scorer/training/train.ts');
  const { writeModelFiles } = await import('../../scorer/export/write-model-files.ts');
  const result = await train({ seed, hyperparameters: epochs === undefined ? {} : { epochs }, log: (line) => process.stdout.write(`${line}\n`) });
  const directory = resolve(values.out);
  const manifest = await writeModelFiles(result, directory);
  process.stdout.write(`wrote ${directory}/model.onnx (${(manifest.model.bytes / 1e6).toFixed(2)} MB) and manifest.json in ${result.seconds.toFixed(1)} s\n`);
  process.stdout.write('re-run the smart axis calibration: npx tsx bench/scorer/calibrate-smart-axes.ts\n');
  return 0;
}
