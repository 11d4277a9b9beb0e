import type { CacheBreakpoint } from '../../core/chat-request.ts';
import { isJsonObject } from '../is-json-object.ts';

/**
 * A block's, tool's or system part's `cache_control` → a cache breakpoint. Anthropic has one kind
 * (`ephemeral`, with an optional `ttl` of '5m' or '1h'); any object marks a breakpoint, so a kind
 * added later still caches rather than vanishing.
 */
export function parseAnthropicCacheControl(value: unknown): CacheBreakpoint | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const ttl = isJsonObject(value) ? value.ttl : undefined;
  return typeof ttl === 'string' ? { type: 'ephemeral', ttl } : { type: 'ephemeral' };
}

/** `{ cache }` when the block has a cache_control, `{}` otherwise: for spreading into a part. */
export function cacheOf(block: Readonly<Record<string, unknown>>): { cache?: CacheBreakpoint } {
  const cache = parseAnthropicCacheControl(block.cache_control);
  return cache === undefined ? {} : { cache };
}
