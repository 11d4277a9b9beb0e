import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { watchConfigFile } from '../config/watch-config-file.ts';
import { createGainPredictor, type GainModelInput, type LearnedGainModel } from '../../scorer/learned/learned-gain-model.ts';
import { activeFileName, pairKey, readActiveFile, readLearnedModel, type LearnedManifest } from './learned-model-files.ts';

export type LearnedRoutersLog = { info(details: object, message: string): void; error(details: object, message: string): void };

interface ActiveModel {
  readonly pair: string;
  readonly directory: string;
  readonly manifest: LearnedManifest;
  readonly model: LearnedGainModel;
  readonly predict: (input: GainModelInput, textTerm?: number) => number;
}

export interface LearnedRouterStatus {
  readonly pair: string;
  readonly strongModel: string;
  readonly weakModel: string;
  readonly directory: string;
  readonly sha256: string;
  readonly rows: number;
}

/**
 * The learned per-pair gain models the running gateway uses, from `learned/active.json`. A
 * gateway-long service: `load` reads the file and every model it names and swaps them in at once
 * (a request sees the old set or the new one, never a mix); a file that cannot be read leaves the
 * current set serving and is logged. `watch` reloads whenever active.json changes — the same
 * debounced directory watch as the config file's hot reload, so activating (`switchyard train`)
 * or rolling back needs no restart.
 */
export class LearnedRouters {
  readonly directory: string;
  readonly #log: LearnedRoutersLog | undefined;
  readonly #onChange: ((status: readonly LearnedRouterStatus[]) => void) | undefined;
  readonly #onFailure: (() => void) | undefined;
  #models: ReadonlyMap<string, ActiveModel> = new Map();
  #generation = 0;
  #loading: Promise<unknown> = Promise.resolve();
  readonly #swapListeners = new Set<() => void>();

  constructor(directory: string, options: { log?: LearnedRoutersLog; onChange?: (status: readonly LearnedRouterStatus[]) => void; onFailure?: () => void } = {}) {
    this.directory = directory;
    this.#log = options.log;
    this.#onChange = options.onChange;
    this.#onFailure = options.onFailure;
  }

  /** Times the active set was swapped. */
  get generation(): number {
    return this.#generation;
  }

  /** Re-reads active.json (serialized: concurrent calls run one after the other). */
  load(): Promise<{ ok: true; pairs: string[] } | { ok: false; error: string }> {
    const run = this.#loading.then(() => this.#load());
    this.#loading = run;
    return run;
  }

  async #load(): Promise<{ ok: true; pairs: string[] } | { ok: false; error: string }> {
    try {
      const active = await readActiveFile(this.directory);
      const next = new Map<string, ActiveModel>();
      for (const [pair, directory] of Object.entries(active.active)) {
        const previous = this.#models.get(pair);
        if (previous?.directory === directory) {
          next.set(pair, previous);
          continue;
        }
        const { model, manifest } = await readLearnedModel(this.directory, directory);
        if (pairKey(model.strongModel, model.weakModel) !== pair) throw new Error(`${directory} holds the pair '${pairKey(model.strongModel, model.weakModel)}', not '${pair}'`);
        next.set(pair, { pair, directory, manifest, model, predict: createGainPredictor(model) });
      }
      const changed = next.size !== this.#models.size || [...next].some(([pair, model]) => this.#models.get(pair) !== model);
      this.#models = next;
      if (changed) {
        this.#generation++;
        this.#log?.info({ directory: this.directory, pairs: [...next.keys()], generation: this.#generation }, 'learned routers reloaded');
        this.#onChange?.(this.status());
        for (const listener of this.#swapListeners) listener();
      }
      return { ok: true, pairs: [...next.keys()] };
    } catch (error) {
      const message = `learned routers not reloaded: ${(error as Error).message} (still serving the previous set)`;
      this.#log?.error({ directory: this.directory }, message);
      this.#onFailure?.();
      return { ok: false, error: message };
    }
  }

  /** Reloads on every change of active.json until the returned function is called (creates the directory: a watch needs one). */
  watch(debounceMs = 100): () => void {
    try {
      mkdirSync(this.directory, { recursive: true });
    } catch (error) {
      this.#log?.error({ directory: this.directory }, `learned routers not watched: ${(error as Error).message}; they reload with the config`);
      return () => undefined;
    }
    return watchConfigFile(join(this.directory, activeFileName), () => void this.load(), debounceMs);
  }

  /** Calls `listener` after every swap of the active set, until the returned function is called. */
  onSwap(listener: () => void): () => void {
    this.#swapListeners.add(listener);
    return () => this.#swapListeners.delete(listener);
  }

  /** The active models, keyed by version directory: what the scorer's workers compute text terms for. */
  textModels(): { key: string; model: LearnedGainModel }[] {
    return [...this.#models.values()].map(({ directory, model }) => ({ key: directory, model }));
  }

  /** Whether a learned model serves this pair (deployment names, the more capable first). */
  has(strongModel: string, weakModel: string): boolean {
    return this.#models.has(pairKey(strongModel, weakModel));
  }

  /**
   * The learned model's predicted score(strong) − score(weak); undefined when none is active for
   * the pair. `textTerms` are text terms a scorer worker computed for `input.text`, by version
   * directory: the active model's is used when present (a worker holding an older set has none
   * for a new version; it is then computed here).
   */
  gain(strongModel: string, weakModel: string, input: GainModelInput, textTerms?: Readonly<Record<string, number>>): number | undefined {
    const active = this.#models.get(pairKey(strongModel, weakModel));
    return active?.predict(input, textTerms?.[active.directory]);
  }

  status(): LearnedRouterStatus[] {
    return [...this.#models.values()].map(({ pair, directory, manifest }) => ({
      pair,
      strongModel: manifest.strongModel,
      weakModel: manifest.weakModel,
      directory,
      sha256: manifest.model.sha256,
      rows: manifest.training.rows,
    }));
  }
}
