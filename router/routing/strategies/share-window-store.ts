import { ScoreQuantileWindow } from './score-quantile-window.ts';

/**
 * The smart routers' share windows, kept by the gateway across config reloads: a reloaded router
 * with the same candidate pair (same abilities, same gain model, same window size) goes on from
 * the cut live traffic taught it instead of starting from the reference mix again. Bounded: past
 * `limit` windows the least recently made one is dropped.
 */
export class ShareWindowStore {
  readonly #windows = new Map<string, ScoreQuantileWindow>();
  readonly #limit: number;

  constructor(limit = 1000) {
    this.#limit = limit;
  }

  /** The window for `key`, made with `create` the first time. */
  windowFor(key: string, create: () => ScoreQuantileWindow): ScoreQuantileWindow {
    let window = this.#windows.get(key);
    if (window === undefined) {
      window = create();
      this.#windows.set(key, window);
      if (this.#windows.size > this.#limit) this.#windows.delete(this.#windows.keys().next().value!);
    }
    return window;
  }

  get size(): number {
    return this.#windows.size;
  }
}
