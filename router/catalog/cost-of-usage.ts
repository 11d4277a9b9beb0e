import type { Usage } from '../core/chat-result.ts';
import type { ModelPrice } from './model-price.ts';

/**
 * USD for one call's real usage. `inputTokens` is the whole prompt: the share read from the cache
 * is billed at `cache_read`, the share written at `cache_write` (5-minute TTL) or `cache_write_1h`,
 * the rest at `input`. Reasoning tokens are part of `outputTokens`, billed as output. A cache price
 * the catalog and config leave out is the input price (what it cost before caching was priced),
 * and a 1-hour write without its own price costs a 5-minute one.
 */
export function costOfUsage(price: ModelPrice, usage: Usage): number {
  const cacheRead = usage.cachedInputTokens ?? 0;
  const cacheWrite = usage.cacheCreationInputTokens ?? 0;
  const cacheWrite1h = Math.min(usage.cacheCreation1hInputTokens ?? 0, cacheWrite);
  const uncached = Math.max(0, usage.inputTokens - cacheRead - cacheWrite);
  const writePrice = price.cache_write ?? price.input;
  const micros =
    uncached * price.input +
    cacheRead * (price.cache_read ?? price.input) +
    (cacheWrite - cacheWrite1h) * writePrice +
    cacheWrite1h * (price.cache_write_1h ?? writePrice) +
    usage.outputTokens * price.output;
  return micros / 1_000_000;
}
