import type { CacheBreakpoint } from '../../core/chat-request.ts';

/**
 * A block's, tool's or system part's `cache_control` → a cache breakpoint. Anthropic has one kind
 * (`ephemeral`, with an optional `ttl` of '5m' or '1h'); any object marks a breakpoint, so a kind
 * added later still caches rather than vanishing.
 */
export function parseAnthropicCacheControl(value: unknown): CacheBreakpoint | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { ttl } = value as { ttl?: unknown };
  return typeof ttl === 'string' ? { type: 'ephemeral', ttl } : { type: 'ephemeral' };
}

/** `{ cache }` when the block has a cache_control, `{}` otherwise: for spreading into a part. */
export function cacheOf(block: object): { cache?: CacheBreakpoint } {
  const cache = parseAnthropicCacheControl((block as { cache_control?: unknown }).cache_control);
  return cache === undefined ? {} : { cache };
}
