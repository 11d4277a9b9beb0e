import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat-request.ts';
import { countAnthropicInputTokens } from './count-anthropic-input-tokens.ts';

function request(overrides: Partial<ChatRequest>): ChatRequest {
  return { requestedModel: 'm', messages: [], params: {}, stream: false, clientFormat: 'anthropic-messages', ...overrides };
}

describe('countAnthropicInputTokens (an estimate)', () => {
  const hello: ChatRequest['messages'] = [{ role: 'user', content: [{ type: 'text', text: 'Hello world' }] }];

  it('counts text tokens plus a per-message allowance', () => {
    // "Hello world" is 2 tokens in cl100k_base, plus 3 for the message.
    expect(countAnthropicInputTokens(request({ messages: hello }))).toBe(5);
  });

  it('adds a fixed allowance per image and the tool-use system prompt', () => {
    const withImage = request({ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }] }] });
    expect(countAnthropicInputTokens(withImage)).toBe(3 + 1600);
    const tools = [{ type: 'function' as const, name: 'f', parameters: {} }];
    const auto = countAnthropicInputTokens(request({ messages: hello, tools }));
    const forced = countAnthropicInputTokens(request({ messages: hello, tools, toolChoice: { type: 'required' } }));
    expect(auto - forced).toBe(346 - 313);
    expect(auto).toBeGreaterThan(5 + 346);
  });

  it('counts tool calls and tool results', () => {
    const conversation = request({
      messages: [
        { role: 'assistant', content: [{ type: 'tool-call', id: 'c', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c', content: [{ type: 'text', text: 'eighteen degrees' }] }] },
      ],
    });
    expect(countAnthropicInputTokens(conversation)).toBeGreaterThan(10);
  });
});
