import type { RawRouter } from '../../config/config-schema.ts';
import { smartAxisPresets } from './smart-axis-presets.ts';
import type { AxisWeights } from './smart-score-candidates.ts';

type SmartRouter = Extract<RawRouter, { strategy: 'smart' }>;
type PresetAxis = keyof typeof smartAxisPresets;

export type ResolvedAxis = { readonly axis: string; readonly weights: AxisWeights; readonly note?: string };

export const axisHeader = 'x-switchyard-axis';

function describe(axis: SmartRouter['axis']): ResolvedAxis {
  if (typeof axis === 'string') return { axis, weights: smartAxisPresets[axis] };
  return { axis: 'custom', weights: { quality: axis.quality, cost: axis.cost, speed: axis.speed } };
}

/**
 * The axis for one request: the router's configured axis, unless the client's `x-switchyard-axis`
 * header names one of the router's `allowed_axes` (a header naming anything else is ignored,
 * and said so in the decision detail).
 */
export function compileAxisResolver(router: SmartRouter): (headers: Readonly<Record<string, string | undefined>>) => ResolvedAxis {
  const configured = Object.freeze(describe(router.axis));
  const allowed = new Set<string>(router.allowed_axes ?? []);
  const byName = new Map([...allowed].map((axis) => [axis, Object.freeze(describe(axis as PresetAxis))]));
  return (headers) => {
    const requested = headers[axisHeader]?.trim().toLowerCase();
    if (requested === undefined || requested === '') return configured;
    const resolved = byName.get(requested);
    if (resolved !== undefined) return resolved;
    return { ...configured, note: `${axisHeader}: '${requested}' is not in allowed_axes [${[...allowed].join(', ')}]; using ${configured.axis}` };
  };
}
