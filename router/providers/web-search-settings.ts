import type { ProviderToolDefinition } from '../core/chat-request.ts';

/** A hosted web search's settings that mean the same on every provider. */
export type WebSearchSettings = {
  allowedDomains?: string[];
  blockedDomains?: string[];
  /** `{ type: 'approximate', city, region, country, timezone }`: the same shape at OpenAI and Anthropic. */
  userLocation?: Record<string, unknown>;
  maxUses?: number;
  /** Settings of the client's tool that have no portable meaning (`search_context_size`…), by wire name. */
  other: string[];
};

const KNOWN = new Set(['type', 'name', 'filters', 'allowed_domains', 'blocked_domains', 'user_location', 'max_uses', 'cache_control']);

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;
}

/**
 * The portable settings of an OpenAI `web_search*` or Anthropic `web_search_*` tool. Pure.
 * OpenAI's `external_web_access: true` is every provider's default and needs no mapping.
 */
export function webSearchSettings(tool: ProviderToolDefinition): WebSearchSettings {
  const { value } = tool;
  const settings: WebSearchSettings = { other: [] };
  const filters = value.filters as { allowed_domains?: unknown } | undefined;
  const allowed = strings(filters?.allowed_domains) ?? strings(value.allowed_domains);
  if (allowed !== undefined) settings.allowedDomains = allowed;
  const blocked = strings(value.blocked_domains);
  if (blocked !== undefined) settings.blockedDomains = blocked;
  if (typeof value.user_location === 'object' && value.user_location !== null) settings.userLocation = value.user_location as Record<string, unknown>;
  if (typeof value.max_uses === 'number') settings.maxUses = value.max_uses;
  for (const key of Object.keys(value)) {
    if (KNOWN.has(key) || (key === 'external_web_access' && value[key] === true)) continue;
    settings.other.push(key);
  }
  return settings;
}

/** One warning for the settings a target's web search cannot take, or none. */
export function webSearchWarning(target: string, dropped: readonly string[]): string[] {
  return dropped.length === 0 ? [] : [`web search setting(s) ${dropped.join(', ')} are not supported by ${target} and were ignored`];
}
