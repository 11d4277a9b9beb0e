import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat-request.ts';
import { convertToOpenAIRequest } from './convert-to-openai-request.ts';

const base: ChatRequest = { requestedModel: 'r', messages: [], params: {}, stream: false, clientFormat: 'anthropic-messages' };
const convert = (request: Partial<ChatRequest>) => convertToOpenAIRequest({ ...base, ...request }, 'gpt-x', { maxTokensField: 'max_completion_tokens' });

describe('convertToOpenAIRequest, across formats', () => {
  it('joins text parts with a blank line and keeps developer as developer', () => {
    const { value } = convert({
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }], developer: true },
        { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] },
      ],
    });
    expect(value.messages).toEqual([{ role: 'developer', content: 'one\n\ntwo' }, { role: 'user', content: 'a\n\nb' }]);
  });

  it('maps reasoning effort and budgets to reasoning_effort', () => {
    expect(convert({ reasoning: { effort: 'low' } }).value.reasoning_effort).toBe('low');
    expect(convert({ reasoning: { enabled: true, budgetTokens: 10_000 } }).value.reasoning_effort).toBe('medium');
    expect(convert({ reasoning: { enabled: true, budgetTokens: 1024 } }).value.reasoning_effort).toBe('low');
    const max = convert({ reasoning: { effort: 'max' } });
    expect(max.value.reasoning_effort).toBe('xhigh');
    expect(max.warnings).toEqual(["reasoning effort 'max' was sent as OpenAI's highest, 'xhigh'"]);
    expect(convert({ reasoning: { enabled: false } }).value).not.toHaveProperty('reasoning_effort');
  });

  it('sends refusals back as refusal, documents as file parts, and says what history reasoning it left out', () => {
    const { value, warnings } = convert({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'read' }, { type: 'document', source: { type: 'base64', mediaType: 'application/pdf', data: 'JVBE' }, title: 'a.pdf' }] },
        { role: 'assistant', content: [{ type: 'reasoning', text: 'hmm', signature: 's', family: 'anthropic' }, { type: 'refusal', text: 'no' }] },
      ],
    });
    expect(value.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'read' }, { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBE', filename: 'a.pdf' } }] },
      { role: 'assistant', content: null, refusal: 'no' },
    ]);
    expect(warnings).toEqual(['reasoning in the conversation history is not sent to OpenAI chat (it has no field for it)']);
  });

  it('sends the OpenAI options Chat Completions has, warns for the rest and for other families’ tools', () => {
    const { value, warnings } = convert({
      providerOptions: { openai: { prompt_cache_key: 'k', service_tier: 'flex', include: ['reasoning.encrypted_content'] } },
      tools: [{ type: 'provider', family: 'anthropic', kind: 'web_search_20250305', name: 'web_search', value: {} }],
    });
    expect(value).toMatchObject({ prompt_cache_key: 'k', service_tier: 'flex' });
    expect(value).not.toHaveProperty('include');
    expect(value).not.toHaveProperty('tools');
    expect(warnings).toEqual(["the anthropic tool 'web_search' is not supported by OpenAI chat and was left out", "parameter 'include' is not supported by OpenAI chat and was ignored"]);
  });
});
