import type { ChatRequest, ProviderFamily } from '../core/chat-request.ts';

/**
 * One warning per provider option of another family (an OpenAI client's `prompt_cache_key` on its
 * way to Anthropic): a translated call cannot honour them, and says so instead of dropping them.
 */
export function foreignProviderOptionWarnings(request: ChatRequest, family: ProviderFamily, providerType: string): string[] {
  const warnings: string[] = [];
  for (const [optionFamily, options] of Object.entries(request.providerOptions ?? {})) {
    if (optionFamily === family || options === undefined) continue;
    for (const key of Object.keys(options)) warnings.push(`parameter '${key}' is not supported by ${providerType} and was ignored`);
  }
  return warnings;
}
