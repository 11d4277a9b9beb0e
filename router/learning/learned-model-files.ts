import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { resolveStorePath } from '../audit/open-audit-store.ts';
import type { CompiledConfig } from '../config/compiled-config.ts';
import { denseFeatureCount, type DenseVector, type LearnedGainModel } from '../../scorer/learned/learned-gain-model.ts';

/**
 * Where learned routers live: `learned/` beside the state file (`store.path`'s folder; with the
 * postgres store, `.switchyard/learned` beside the config). Not in models/: that folder ships in the
 * package (read-only once installed, the same for every user), while a learned router is one
 * user's data, trained on their traffic, kept and backed up with the rest of their state.
 *
 * ```
 * learned/
 *   active.json                          which version serves each pair (written atomically; the gateway watches it)
 *   <strong>__<weak>-<sha12>/
 *     learned-gain-model.json            the weights (typed arrays as base64 float32)
 *     manifest.json                      pair, sha256, rows, penalty, out-of-fold APGRs, guard decision
 *     model-card.md                      the same for people
 * ```
 */
export function learnedDirectory(config: Pick<CompiledConfig, 'file' | 'store'>): string {
  if (config.store.kind !== 'postgres') return join(dirname(resolveStorePath(config)), 'learned');
  const base = config.file.startsWith('<') ? resolve('.') : dirname(resolve(config.file));
  return join(base, '.switchyard', 'learned');
}

export const activeFileName = 'active.json';
export const modelFileName = 'learned-gain-model.json';

/** The pair key of active.json: the strong model, then the weak one. */
export const pairKey = (strongModel: string, weakModel: string) => `${strongModel} > ${weakModel}`;

export interface LearnedManifest {
  readonly kind: 'switchyard-learned-gain-model';
  readonly version: 1;
  readonly strongModel: string;
  readonly weakModel: string;
  readonly createdAt: string;
  readonly model: { readonly file: string; readonly sha256: string; readonly bytes: number };
  readonly training: {
    readonly source: string;
    readonly rows: number;
    readonly penalty: number;
    readonly leaveOneOutError: number;
    readonly features: string;
  };
  /** Out-of-fold APGR of each router on the labels, with its 95 % interval. */
  readonly outOfFold: Readonly<Record<string, { estimate: number; lower: number; upper: number }>>;
  readonly guard: { readonly activate: boolean; readonly gain: number; readonly minGain: number; readonly reason: string };
}

export interface ActiveFile {
  readonly version: 1;
  /** Pair key → the version directory serving it. */
  readonly active: Readonly<Record<string, string>>;
  /** What changed and why, newest last (activations and rollbacks). */
  readonly history: readonly { at: string; pair: string; action: 'activate' | 'rollback'; directory: string; reason: string }[];
}

const emptyActive: ActiveFile = { version: 1, active: {}, history: [] };

const encodeFloats = (values: Float32Array) => Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
function decodeFloats(text: string, length: number, field: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength !== length * 4) throw new Error(`${field}: expected ${length} float32 values, got ${bytes.byteLength / 4}`);
  const values = new Float32Array(length);
  new Uint8Array(values.buffer).set(bytes);
  return values;
}

export function serializeGainModel(model: LearnedGainModel): string {
  return JSON.stringify({
    strongModel: model.strongModel,
    weakModel: model.weakModel,
    ngrams: model.ngrams,
    denseMeans: model.denseMeans,
    denseDeviations: model.denseDeviations,
    denseWeights: model.denseWeights,
    bias: model.bias,
    penalty: model.penalty,
    idf: encodeFloats(model.idf),
    textWeights: encodeFloats(model.textWeights),
  });
}

export function parseGainModel(text: string, file: string): LearnedGainModel {
  const value = JSON.parse(text) as Record<string, unknown>;
  const ngrams = value.ngrams as LearnedGainModel['ngrams'];
  const bucketCount = ngrams?.bucketCount;
  if (typeof bucketCount !== 'number' || !Number.isInteger(Math.log2(bucketCount))) throw new Error(`${file}: ngrams.bucketCount must be a power of two`);
  for (const field of ['strongModel', 'weakModel'] as const) if (typeof value[field] !== 'string') throw new Error(`${file}: ${field} must be a string`);
  for (const field of ['bias', 'penalty'] as const) if (typeof value[field] !== 'number') throw new Error(`${file}: ${field} must be a number`);
  return {
    strongModel: value.strongModel as string,
    weakModel: value.weakModel as string,
    ngrams,
    denseMeans: denseVector(value.denseMeans, `${file}: denseMeans`),
    denseDeviations: denseVector(value.denseDeviations, `${file}: denseDeviations`),
    denseWeights: denseVector(value.denseWeights, `${file}: denseWeights`),
    bias: value.bias as number,
    penalty: value.penalty as number,
    idf: decodeFloats(String(value.idf), bucketCount, `${file}: idf`),
    textWeights: decodeFloats(String(value.textWeights), bucketCount, `${file}: textWeights`),
  };
}

function denseVector(value: unknown, field: string): DenseVector {
  if (!Array.isArray(value) || value.length !== denseFeatureCount || !value.every((entry) => typeof entry === 'number')) throw new Error(`${field}: expected ${denseFeatureCount} numbers`);
  return value as unknown as DenseVector;
}

const slug = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_');

/** Writes a trained model's version directory (model, manifest, card); returns its name. */
export async function writeLearnedModel(
  directory: string,
  model: LearnedGainModel,
  describe: Omit<LearnedManifest, 'kind' | 'version' | 'strongModel' | 'weakModel' | 'model'>,
  card: (manifest: LearnedManifest) => string,
): Promise<{ name: string; manifest: LearnedManifest }> {
  const text = serializeGainModel(model);
  const sha256 = createHash('sha256').update(text).digest('hex');
  const name = `${slug(model.strongModel)}__${slug(model.weakModel)}-${sha256.slice(0, 12)}`;
  const folder = join(directory, name);
  await mkdir(folder, { recursive: true });
  const manifest: LearnedManifest = {
    kind: 'switchyard-learned-gain-model',
    version: 1,
    strongModel: model.strongModel,
    weakModel: model.weakModel,
    ...describe,
    model: { file: modelFileName, sha256, bytes: Buffer.byteLength(text) },
  };
  await writeFile(join(folder, modelFileName), text);
  await writeFile(join(folder, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(folder, 'model-card.md'), card(manifest));
  return { name, manifest };
}

/** Reads a version directory, checking the model file against its manifest's sha256. */
export async function readLearnedModel(directory: string, name: string): Promise<{ model: LearnedGainModel; manifest: LearnedManifest }> {
  const folder = isAbsolute(name) ? name : join(directory, name);
  const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')) as LearnedManifest;
  if (manifest.kind !== 'switchyard-learned-gain-model') throw new Error(`${folder}/manifest.json: not a learned gain model manifest`);
  const text = await readFile(join(folder, manifest.model.file), 'utf8');
  const sha256 = createHash('sha256').update(text).digest('hex');
  if (sha256 !== manifest.model.sha256) throw new Error(`${folder}/${manifest.model.file}: sha256 ${sha256.slice(0, 12)}… does not match the manifest's ${manifest.model.sha256.slice(0, 12)}…`);
  return { model: parseGainModel(text, `${folder}/${manifest.model.file}`), manifest };
}

export async function readActiveFile(directory: string): Promise<ActiveFile> {
  let text: string;
  try {
    text = await readFile(join(directory, activeFileName), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyActive;
    throw error;
  }
  const value = JSON.parse(text) as ActiveFile;
  if (value.version !== 1 || typeof value.active !== 'object' || value.active === null) throw new Error(`${join(directory, activeFileName)}: not an active-routers file`);
  return { version: 1, active: value.active, history: Array.isArray(value.history) ? value.history : [] };
}

/** Changes active.json atomically (temp file + rename), so a watching gateway never reads half a file. */
export async function updateActiveFile(directory: string, change: (current: ActiveFile) => ActiveFile): Promise<ActiveFile> {
  await mkdir(directory, { recursive: true });
  const next = change(await readActiveFile(directory));
  const temporary = join(directory, `.${activeFileName}.${process.pid}.${Date.now()}`);
  await writeFile(temporary, `${JSON.stringify(next, null, 2)}\n`);
  await rename(temporary, join(directory, activeFileName));
  return next;
}

/**
 * When the newest version of a pair in `directory` was trained (its manifest's createdAt), as
 * epoch ms; 0 when there is none. Periodic retraining counts only labels newer than this.
 */
export async function newestTrainingAt(directory: string, strongModel: string, weakModel: string): Promise<number> {
  const prefix = `${slug(strongModel)}__${slug(weakModel)}-`;
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let newest = 0;
  for (const name of names.filter((entry) => entry.startsWith(prefix))) {
    try {
      const manifest = JSON.parse(await readFile(join(directory, name, 'manifest.json'), 'utf8')) as Partial<LearnedManifest>;
      if (manifest.strongModel === strongModel && manifest.weakModel === weakModel) newest = Math.max(newest, Date.parse(manifest.createdAt ?? '') || 0);
    } catch {
      // A folder without a readable manifest is not a version (a half-written one, or someone's notes).
    }
  }
  return newest;
}
