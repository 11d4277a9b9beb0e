import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeModelFiles } from '../export/write-model-files.ts';
import { train } from './train.ts';

/** `npx tsx scorer/training/train-cli.ts [--seed N] [--out models/] [--epochs N]` */
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: 'models/' },
    epochs: { type: 'string' },
  },
});
const seed = Number(values.seed);
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
const epochs = values.epochs === undefined ? undefined : Number(values.epochs);
const result = await train({
  seed,
  hyperparameters: epochs === undefined ? {} : { epochs },
  log: (line) => console.log(line),
});
const directory = resolve(values.out);
const manifest = await writeModelFiles(result, directory);
console.log(`wrote ${directory}/model.onnx (${(manifest.model.bytes / 1e6).toFixed(2)} MB, sha256 ${manifest.model.sha256.slice(0, 12)}…) and manifest.json in ${result.seconds.toFixed(1)} s`);
