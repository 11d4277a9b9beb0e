import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat-request.ts';
import { anthropicInputTokenTexts } from './count-anthropic-input-tokens.ts';

function request(overrides: Partial<ChatRequest>): ChatRequest {
  return { requestedModel: 'm', messages: [], params: {}, stream: false, clientFormat: 'anthropic-messages', ...overrides };
}

describe('anthropicInputTokenTexts (what count_tokens counts, and the allowances)', () => {
  const hello: ChatRequest['messages'] = [{ role: 'user', content: [{ type: 'text', text: 'Hello world' }] }];

  it('gathers message text plus a per-message allowance', () => {
    expect(anthropicInputTokenTexts(request({ messages: hello }))).toEqual({ texts: ['Hello world'], fixedTokens: 3 });
  });

  it('adds a fixed allowance per image and the tool-use system prompt (smaller when a tool is forced)', () => {
    const withImage = request({ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }] }] });
    expect(anthropicInputTokenTexts(withImage)).toEqual({ texts: [], fixedTokens: 3 + 1600 });
    const tools = [{ type: 'function' as const, name: 'f', description: 'does f', parameters: { type: 'object' } }];
    expect(anthropicInputTokenTexts(request({ messages: hello, tools }))).toEqual({ texts: ['Hello world', 'f', 'does f', '{"type":"object"}'], fixedTokens: 3 + 346 });
    expect(anthropicInputTokenTexts(request({ messages: hello, tools, toolChoice: { type: 'required' } })).fixedTokens).toBe(3 + 313);
  });

  it('gathers tool calls and tool results', () => {
    const conversation = request({
      messages: [
        { role: 'assistant', content: [{ type: 'tool-call', id: 'c', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c', content: [{ type: 'text', text: 'eighteen degrees' }] }] },
      ],
    });
    expect(anthropicInputTokenTexts(conversation)).toEqual({ texts: ['get_weather', '{"city":"Paris"}', 'eighteen degrees'], fixedTokens: 6 });
  });
});
