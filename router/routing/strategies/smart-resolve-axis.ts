import type { RawRouter } from '../../config/config-schema.ts';
import { axisStrongShares, smartAxisPresets } from './smart-axis-presets.ts';
import type { AxisWeights } from './smart-score-candidates.ts';

type SmartRouter = Extract<RawRouter, { strategy: 'smart' }>;
type PresetAxis = keyof typeof smartAxisPresets;

/**
 * A smart router's trade-off for one request. With `strongShare` (the named axes and
 * `strong_share`), that share of traffic goes to the most capable candidate and `weights` only
 * choose among the others; without it (explicit `{ quality, cost, speed }` weights) the weights
 * score every candidate.
 */
export type ResolvedAxis = { readonly axis: string; readonly weights: AxisWeights; readonly strongShare?: number; readonly note?: string };

export const axisHeader = 'x-switchyard-axis';

const presetOrder: readonly PresetAxis[] = ['cost', 'balanced', 'quality'];

/** Weights for a share between the presets': the cost weight interpolated linearly by share, clamped to the end presets. */
function weightsForShare(share: number): AxisWeights {
  const points = presetOrder.map((axis) => ({ share: axisStrongShares[axis], cost: smartAxisPresets[axis].cost }));
  let cost = share <= points[0]!.share ? points[0]!.cost : points[points.length - 1]!.cost;
  for (let index = 1; index < points.length; index += 1) {
    const [low, high] = [points[index - 1]!, points[index]!];
    if (share >= low.share && share <= high.share) cost = low.cost + ((share - low.share) / (high.share - low.share)) * (high.cost - low.cost);
  }
  return { quality: 1 - cost, cost, speed: 0 };
}

function describe(axis: SmartRouter['axis'], strongShare: number | undefined): ResolvedAxis {
  if (strongShare !== undefined) return { axis: 'strong_share', weights: weightsForShare(strongShare), strongShare };
  if (typeof axis === 'string') return { axis, weights: smartAxisPresets[axis], strongShare: axisStrongShares[axis] };
  return { axis: 'custom', weights: { quality: axis.quality, cost: axis.cost, speed: axis.speed } };
}

/**
 * The axis for one request: the router's configured axis (or `strong_share`), unless the client's
 * `x-switchyard-axis` header names one of the router's `allowed_axes` (a header naming anything
 * else is ignored, and said so in the decision detail).
 */
export function compileAxisResolver(router: SmartRouter): (headers: Readonly<Record<string, string | undefined>>) => ResolvedAxis {
  const configured = Object.freeze(describe(router.axis, router.strong_share));
  const allowed = new Set<string>(router.allowed_axes ?? []);
  const byName = new Map([...allowed].map((axis) => [axis, Object.freeze(describe(axis as PresetAxis, undefined))]));
  return (headers) => {
    const requested = headers[axisHeader]?.trim().toLowerCase();
    if (requested === undefined || requested === '') return configured;
    const resolved = byName.get(requested);
    if (resolved !== undefined) return resolved;
    return { ...configured, note: `${axisHeader}: '${requested}' is not in allowed_axes [${[...allowed].join(', ')}]; using ${configured.axis}` };
  };
}
