import { describe, expect, it } from 'vitest';
import { convertToGeminiThinking } from './convert-to-gemini-thinking.ts';

function thinking(reasoning: Parameters<typeof convertToGeminiThinking>[0], model: string) {
  const warnings: string[] = [];
  return { value: convertToGeminiThinking(reasoning, model, warnings), warnings };
}

describe('convertToGeminiThinking', () => {
  it('sends nothing without a reasoning config (the model default)', () => {
    expect(thinking(undefined, 'gemini-2.5-flash')).toEqual({ value: undefined, warnings: [] });
  });

  it('Gemini 3: effort → thinkingLevel; Pro takes low and high only; a budget → its nearest level', () => {
    expect(thinking({ effort: 'medium' }, 'gemini-3-flash-preview').value).toEqual({ thinkingLevel: 'medium', includeThoughts: true });
    expect(thinking({ effort: 'xhigh' }, 'models/gemini-3-flash').value).toEqual({ thinkingLevel: 'high', includeThoughts: true });
    expect(thinking({ effort: 'medium' }, 'gemini-3-pro-preview')).toEqual({ value: { thinkingLevel: 'high', includeThoughts: true }, warnings: ["thinking level 'medium' is not supported by Gemini 3 Pro; sent 'high'"] });
    expect(thinking({ enabled: true, budgetTokens: 2000 }, 'gemini-3-flash').value).toEqual({ thinkingLevel: 'low', includeThoughts: true });
    expect(thinking({ enabled: false }, 'gemini-3-flash')).toEqual({ value: { thinkingLevel: 'minimal' }, warnings: ['Gemini 3 cannot turn thinking off; sent its lowest thinking level'] });
  });

  it('Gemini 2.5: a budget as sent (capped at the model maximum), effort → the budget table, off → 0 (Pro: 128 + warning)', () => {
    expect(thinking({ enabled: true, budgetTokens: 2048 }, 'gemini-2.5-flash').value).toEqual({ thinkingBudget: 2048, includeThoughts: true });
    expect(thinking({ effort: 'low' }, 'gemini-2.5-pro').value).toEqual({ thinkingBudget: 4096, includeThoughts: true });
    expect(thinking({ effort: 'max' }, 'gemini-2.5-flash')).toEqual({ value: { thinkingBudget: 24_576, includeThoughts: true }, warnings: ["a thinking budget of 32768 tokens is over this Gemini model's 24576; sent 24576"] });
    expect(thinking({ effort: 'none', enabled: false }, 'gemini-2.5-flash').value).toEqual({ thinkingBudget: 0 });
    expect(thinking({ enabled: false }, 'gemini-2.5-pro')).toEqual({ value: { thinkingBudget: 128 }, warnings: ['Gemini 2.5 Pro cannot turn thinking off; sent its smallest thinking budget (128)'] });
  });
});
