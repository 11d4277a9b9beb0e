/** The last `capacity` latencies, in a fixed ring: recording is O(1) and allocates nothing. */
export class LatencyWindow {
  readonly #values: Float64Array;
  #count = 0;
  #next = 0;

  constructor(capacity = 512) {
    this.#values = new Float64Array(capacity);
  }

  record(ms: number): void {
    this.#values[this.#next] = ms;
    this.#next = (this.#next + 1) % this.#values.length;
    if (this.#count < this.#values.length) this.#count++;
  }

  /** The q-quantile (0 … 1) of the window, nearest rank; undefined while empty. Sorts a copy: for reads, not the hot path. */
  quantile(q: number): number | undefined {
    if (this.#count === 0) return undefined;
    const sorted = this.#values.slice(0, this.#count).sort();
    return sorted[Math.min(this.#count - 1, Math.max(0, Math.ceil(q * this.#count) - 1))];
  }
}
