/**
 * Per-request metric updates without per-request allocation. prom-client's `inc(labels)` builds a
 * label object and a hash string on every call, a handful per request on the hot path; here a
 * label tuple is looked up in nested maps (no key string) once it has been seen, and its pending
 * value is handed to prom-client at scrape time (its `collect` hook), so `/metrics` reads the same.
 */

class Cell {
  /** Counters: the sum not yet handed to prom-client. */
  pending = 0;
  /** Handed over at least once: prom-client shows a series from its first `inc`, even of 0. */
  reported = false;
  /** Histograms: observations not yet handed to prom-client (bounded: flushed when full). */
  readonly observations: number[] = [];
  constructor(readonly labels: Record<string, string>) {}
}

type Level = Map<string, Level | Cell>;

/** Cells keyed by label tuple; the tuple's arity is the label names'. */
class CellTree {
  readonly #root: Level = new Map();
  readonly cells: Cell[] = [];
  /** The one series of a metric without labels. */
  readonly #unlabelled: Cell | undefined;
  constructor(readonly labelNames: readonly string[]) {
    if (labelNames.length === 0) this.cells.push((this.#unlabelled = new Cell({})));
  }

  /** The cell of one tuple; `a`..`e` are the values in label-name order (unused ones undefined). */
  cellOf(a?: string, b?: string, c?: string, d?: string, e?: string): Cell {
    if (this.#unlabelled !== undefined) return this.#unlabelled;
    const depth = this.labelNames.length;
    let level = this.#root;
    for (let index = 0; index < depth; index++) {
      const value = (index === 0 ? a : index === 1 ? b : index === 2 ? c : index === 3 ? d : e) ?? '';
      const found = level.get(value);
      if (index === depth - 1) {
        if (found instanceof Cell) return found;
        return this.#create(level, value, a, b, c, d, e);
      }
      if (found instanceof Map) level = found;
      else {
        const next: Level = new Map();
        level.set(value, next);
        level = next;
      }
    }
    throw new Error('unreachable: depth is at least one here');
  }

  #create(level: Level, key: string, ...values: Array<string | undefined>): Cell {
    const labels: Record<string, string> = {};
    this.labelNames.forEach((name, index) => (labels[name] = values[index] ?? ''));
    const cell = new Cell(labels);
    level.set(key, cell);
    this.cells.push(cell);
    return cell;
  }
}

interface PromCounter {
  inc(labels: Record<string, string>, value: number): void;
}
interface PromHistogram {
  observe(labels: Record<string, string>, value: number): void;
}

/** Counter sums per label tuple, moved into a prom-client counter by `flushInto` (its collect). */
export class CounterCells {
  readonly #tree: CellTree;
  constructor(labelNames: readonly string[]) {
    this.#tree = new CellTree(labelNames);
  }

  add(value: number, a: string, b?: string, c?: string, d?: string, e?: string): void {
    this.#tree.cellOf(a, b, c, d, e).pending += value;
  }

  flushInto(counter: PromCounter): void {
    for (const cell of this.#tree.cells) {
      if (cell.pending === 0 && cell.reported) continue;
      counter.inc(cell.labels, cell.pending);
      cell.pending = 0;
      cell.reported = true;
    }
  }
}

/** Beyond this many pending observations a series is handed over at once: memory stays bounded without scrapes. */
const MAX_PENDING_OBSERVATIONS = 256;

/** Histogram observations per label tuple, moved into a prom-client histogram by `flushInto`. */
export class HistogramCells {
  readonly #tree: CellTree;
  #histogram: PromHistogram | undefined;
  constructor(labelNames: readonly string[]) {
    this.#tree = new CellTree(labelNames);
  }

  /** The histogram full buffers are handed to between scrapes. */
  bind(histogram: PromHistogram): void {
    this.#histogram = histogram;
  }

  observe(value: number, a?: string, b?: string, c?: string, d?: string, e?: string): void {
    const cell = this.#tree.cellOf(a, b, c, d, e);
    cell.observations.push(value);
    if (cell.observations.length >= MAX_PENDING_OBSERVATIONS && this.#histogram !== undefined) flushCell(cell, this.#histogram);
  }

  flushInto(histogram: PromHistogram): void {
    for (const cell of this.#tree.cells) flushCell(cell, histogram);
  }
}

function flushCell(cell: Cell, histogram: PromHistogram): void {
  for (const value of cell.observations) histogram.observe(cell.labels, value);
  cell.observations.length = 0;
}
