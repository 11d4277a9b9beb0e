/** A prompt as a strong/weak routing decision sees it. */
export interface PairItem {
  /** Router score: higher means "send to the strong model" earlier. */
  readonly score: number;
  readonly strongQuality: number;
  readonly weakQuality: number;
}

export interface PairRoutingMetrics {
  /** Area under PGR vs. fraction of strong calls, in [~0, ~1]; 0.5 for a random router. */
  readonly apgr: number;
  /** Smallest fraction of strong calls reaching PGR 0.5 / 0.8 (linear interpolation); NaN if never. */
  readonly cpt50: number;
  readonly cpt80: number;
  /** PGR at strong-call fractions 0, 1/steps, …, 1. */
  readonly curve: readonly number[];
}

export const curveSteps = 100;

/** Router order of prompts (best candidates for the strong model first); ties broken by `tieBreak`. */
export function routingOrder(items: readonly PairItem[], tieBreak: readonly number[]): number[] {
  return items.map((_, index) => index).sort((left, right) => items[right]!.score - items[left]!.score || tieBreak[left]! - tieBreak[right]!);
}

/**
 * RouteLLM's metrics. Sending the top x of prompts (by router order; `weights` are per-prompt
 * multiplicities, e.g. bootstrap counts) to the strong model gives quality(x);
 * PGR(x) = (quality(x) − quality(0)) / (quality(1) − quality(0)); APGR = ∫₀¹ PGR(x) dx (trapezoids
 * on a 1 % grid); CPT(p) = the smallest x with PGR(x) ≥ p.
 */
export function pairRoutingMetrics(items: readonly PairItem[], order: readonly number[], weights?: ArrayLike<number>): PairRoutingMetrics {
  return preparePairRouting(items, order)(weights);
}

/**
 * `pairRoutingMetrics` for one router and many weightings (the bootstrap): the prompts' gains are
 * laid out once in router order as typed arrays, so each call is one tight O(n) pass.
 */
export function preparePairRouting(items: readonly PairItem[], order: readonly number[]): (weights?: ArrayLike<number>) => PairRoutingMetrics {
  const count = order.length;
  const gains = new Float64Array(count);
  const weakQualities = new Float64Array(count);
  const positions = Int32Array.from(order);
  for (let position = 0; position < count; position += 1) {
    const item = items[positions[position]!]!;
    gains[position] = item.strongQuality - item.weakQuality;
    weakQualities[position] = item.weakQuality;
  }
  const orderedWeights = new Float64Array(count);
  return (weights) => {
    let totalWeight = 0;
    let gap = 0;
    for (let position = 0; position < count; position += 1) {
      const weight = weights ? weights[positions[position]!]! : 1;
      orderedWeights[position] = weight;
      totalWeight += weight;
      gap += weight * gains[position]!;
    }
    const curve: number[] = [0];
    // Walk prompts in router order; each step moves a prompt's mass from weak to strong.
    let routedWeight = 0;
    let gain = 0;
    let position = 0;
    for (let step = 1; step <= curveSteps; step += 1) {
      const target = (totalWeight * step) / curveSteps;
      while (position < count && routedWeight + orderedWeights[position]! <= target + 1e-9) {
        routedWeight += orderedWeights[position]!;
        gain += orderedWeights[position]! * gains[position]!;
        position += 1;
      }
      // Part of the next prompt's mass when the grid point falls inside it.
      const partialGain = position < count && routedWeight < target ? (target - routedWeight) * gains[position]! : 0;
      curve.push(gap === 0 ? 0 : (gain + partialGain) / gap);
    }
    let area = 0;
    for (let step = 1; step <= curveSteps; step += 1) area += (curve[step - 1]! + curve[step]!) / (2 * curveSteps);
    return { apgr: area, cpt50: costToReach(curve, 0.5), cpt80: costToReach(curve, 0.8), curve };
  };
}

function costToReach(curve: readonly number[], target: number): number {
  if (curve[0]! >= target) return 0;
  for (let step = 1; step < curve.length; step += 1) {
    if (curve[step]! >= target) {
      const previous = curve[step - 1]!;
      const fraction = (target - previous) / (curve[step]! - previous);
      return (step - 1 + fraction) / curveSteps;
    }
  }
  return Number.NaN;
}
