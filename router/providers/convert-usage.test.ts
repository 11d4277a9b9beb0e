import { describe, expect, it } from 'vitest';
import { convertAnthropicUsage, mergeAnthropicUsage } from './anthropic/convert-anthropic-usage.ts';
import { convertGeminiUsage } from './gemini/convert-gemini-usage.ts';
import { convertOpenAIUsage } from './openai/convert-openai-usage.ts';

/** Each provider's usage fills the internal fields cost is computed from. */
describe('usage converters', () => {
  it('Anthropic: the whole prompt, cache reads, cache writes and the 1-hour share', () => {
    const usage = { input_tokens: 50, cache_read_input_tokens: 20_000, cache_creation_input_tokens: 3000, cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 }, output_tokens: 120 };
    expect(convertAnthropicUsage(usage)).toEqual({ inputTokens: 23_050, cachedInputTokens: 20_000, cacheCreationInputTokens: 3000, cacheCreation1hInputTokens: 2000, outputTokens: 120 });
  });

  it('Anthropic streams: message_delta counts overwrite message_start, cache_creation kept', () => {
    const start = { input_tokens: 50, cache_read_input_tokens: 100, cache_creation_input_tokens: 2000, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 2000 }, output_tokens: 1 };
    const merged = mergeAnthropicUsage(start, { output_tokens: 99 });
    expect(convertAnthropicUsage(merged)).toMatchObject({ outputTokens: 99, cacheCreation1hInputTokens: 2000, inputTokens: 2150 });
  });

  it('OpenAI: cached_tokens and reasoning_tokens', () => {
    expect(convertOpenAIUsage({ prompt_tokens: 20_500, completion_tokens: 800, prompt_tokens_details: { cached_tokens: 20_000 }, completion_tokens_details: { reasoning_tokens: 600 } })).toEqual({ inputTokens: 20_500, cachedInputTokens: 20_000, outputTokens: 800, reasoningTokens: 600 });
  });

  it('Gemini: thoughts are output and reasoning', () => {
    expect(convertGeminiUsage({ promptTokenCount: 1000, candidatesTokenCount: 200, thoughtsTokenCount: 300, cachedContentTokenCount: 800 })).toEqual({ inputTokens: 1000, cachedInputTokens: 800, outputTokens: 500, reasoningTokens: 300 });
  });
});
