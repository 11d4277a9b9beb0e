/**
 * A streaming quantile estimator for the smart router's share axes: the last `capacity` scores,
 * kept sorted, so the cut for any share (one per axis a client may pick) is read in O(1) and a new score
 * costs one binary search and one array shift. Exact over its window, so it follows a drifting
 * stream: after `capacity` requests nothing older counts. No labels needed.
 *
 * `prior` scores (the reference mix's) fill the window until live traffic arrives; each live
 * score replaces one prior score, oldest first, so after `prior.length` requests the quantiles
 * come from live traffic only.
 */
export class ScoreQuantileWindow {
  readonly capacity: number;
  /** Scores in arrival order (a ring once full). */
  private readonly arrivals: number[] = [];
  private next = 0;
  private readonly sorted: number[] = [];
  private prior: number[];
  private live = 0;

  constructor(capacity: number, prior: readonly number[] = []) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.prior = [...prior].slice(0, capacity);
    for (const score of this.prior) insertSorted(this.sorted, score);
  }

  /** Live scores seen so far (all of them, not only those still in the window). */
  get observed(): number {
    return this.live;
  }

  /** Scores the quantiles are read from right now (prior ones included). */
  get size(): number {
    return this.sorted.length;
  }

  observe(score: number): void {
    if (!Number.isFinite(score)) return;
    this.live += 1;
    if (this.prior.length > 0) removeSorted(this.sorted, this.prior.shift()!);
    if (this.arrivals.length < this.capacity) {
      this.arrivals.push(score);
    } else {
      removeSorted(this.sorted, this.arrivals[this.next]!);
      this.arrivals[this.next] = score;
      this.next = (this.next + 1) % this.capacity;
    }
    insertSorted(this.sorted, score);
  }

  /**
   * The smallest score that at least a fraction `share` of the window reaches: sending every
   * score ≥ it one way sends about `share` of the traffic that way. +Infinity for share 0,
   * -Infinity for share 1.
   */
  cutForShare(share: number): number {
    const count = this.sorted.length;
    if (share <= 0) return Number.POSITIVE_INFINITY;
    if (share >= 1 || count === 0) return Number.NEGATIVE_INFINITY;
    const above = Math.max(1, Math.round(share * count));
    return this.sorted[count - above]!;
  }
}

/** First index whose value is ≥ `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function insertSorted(sorted: number[], value: number): void {
  sorted.splice(lowerBound(sorted, value), 0, value);
}

function removeSorted(sorted: number[], value: number): void {
  const index = lowerBound(sorted, value);
  if (sorted[index] === value) sorted.splice(index, 1);
}
