import { describe, expect, it } from 'vitest';
import { chatRequest } from '../../test/support/create-routing-context.ts';
import { estimateInputTokens, estimateNonTextTokens } from './estimate-input-tokens.ts';

const withText = (text: string) => chatRequest({ messages: [{ role: 'user', content: [{ type: 'text', text }] }] });

describe('estimateInputTokens', () => {
  it('counts UTF-8 bytes / 4 plus 4 per message', () => {
    expect(estimateInputTokens(withText(''))).toBe(4);
    expect(estimateInputTokens(withText('a'.repeat(400)))).toBe(104);
  });

  it('counts CJK text at about 0.75 token per character, not 0.25', () => {
    expect(estimateInputTokens(withText('漢'.repeat(400)))).toBe(304);
  });

  it('counts images, tool calls, tool results, tool definitions and schemas', () => {
    const request = chatRequest({
      messages: [
        { role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/x.png' } }] },
        { role: 'assistant', content: [{ type: 'tool-call', id: '1', name: 'look', arguments: '{"q":"abcd"}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: '1', content: [{ type: 'text', text: 'abcdefgh' }] }] },
      ],
      tools: [{ type: 'function', name: 'look', parameters: { type: 'object' } }],
      responseFormat: { type: 'json-schema', name: 's', schema: { type: 'object' } },
    });
    // 3 messages × 4 + image 1000 + 'look' 1 + 12 bytes 3 + 8 bytes 2 + tool 'look' 1 + 17 bytes 5 + schema 17 bytes 5
    expect(estimateInputTokens(request)).toBe(12 + 1000 + 1 + 3 + 2 + 1 + 5 + 5);
    // What promptText leaves out: message overhead, the image, the call's name, the tool and the schema.
    expect(estimateNonTextTokens(request)).toBe(12 + 1000 + 1 + 1 + 5 + 5);
    expect(estimateNonTextTokens(withText('a'.repeat(400)))).toBe(4);
  });
});
