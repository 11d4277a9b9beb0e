import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat-request.ts';
import { buildSmallPdf } from '../../../test/clients/build-small-pdf.ts';
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

  it('counts documents: text documents by their text, PDFs per page (pages seen in the file, else by size), unknown sizes as one page', () => {
    const pdf = buildSmallPdf('One page.').toString('base64');
    const twoPages = Buffer.from(Buffer.from(pdf, 'base64').toString('latin1').replace('/Type /Page /Parent', '/Type /Page /Parent 2 0 R >> << /Type /Page /Parent'), 'latin1').toString('base64');
    const opaque = Buffer.alloc(120_000, 7).toString('base64');
    const documents = request({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', source: { type: 'text', mediaType: 'text/plain', data: 'plain words' }, title: 'notes' },
            { type: 'document', source: { type: 'base64', mediaType: 'text/plain', data: Buffer.from('encoded words').toString('base64') } },
            { type: 'document', source: { type: 'base64', mediaType: 'application/pdf', data: pdf } },
            { type: 'document', source: { type: 'base64', mediaType: 'application/pdf', data: twoPages } },
            { type: 'document', source: { type: 'base64', mediaType: 'application/pdf', data: opaque } },
            { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } },
          ],
        },
      ],
    });
    // 1 + 2 + 3 (120 KB without visible pages: 50 KB a page) + 1 (by URL) = 7 pages.
    expect(anthropicInputTokenTexts(documents)).toEqual({ texts: ['notes', 'plain words', 'encoded words'], fixedTokens: 3 + 7 * 2300 });
  });
});
