import { describe, expect, it } from 'vitest';
import { encodeOpenAIChatResponse } from '../../formats/openai-chat/encode-openai-chat-response.ts';
import { convertFromOpenAIResponse } from './convert-from-openai-response.ts';
import { splitTextAtUrlCitations } from './split-text-at-url-citations.ts';

const page = (start: number, end: number, url: string) => ({ type: 'url_citation', url_citation: { start_index: start, end_index: end, url, title: url.slice(8) } });

describe('OpenAI url_citation annotations → cited text parts', () => {
  it('splits the text at the cited spans, each part carrying the pages that cite all of it (overlaps too)', () => {
    const text = 'Herons eat fish and frogs.';
    const parts = splitTextAtUrlCitations(text, [page(11, 15, 'https://a.example'), page(11, 25, 'https://b.example')]);
    expect(parts.map((part) => [part.text, (part.citations ?? []).map((citation) => citation.url)])).toEqual([
      ['Herons eat ', []],
      ['fish', ['https://a.example', 'https://b.example']],
      [' and frogs', ['https://b.example']],
      ['.', []],
    ]);
    expect(parts.map((part) => part.text).join('')).toBe(text);
    expect(parts[1]!.citations![0]).toEqual({ family: 'openai', url: 'https://a.example', title: 'a.example', value: page(11, 15, 'https://a.example') });
  });

  it('leaves out spans outside the text and annotations that are not url citations', () => {
    expect(splitTextAtUrlCitations('short', [page(2, 99, 'https://x.example'), { type: 'file_citation' }, null])).toEqual([{ type: 'text', text: 'short' }]);
  });

  it('a search model answer keeps its citations through the internal format (a Chat client gets the same annotations back)', () => {
    const annotations = [page(0, 6, 'https://birds.example')];
    const result = convertFromOpenAIResponse({ id: 'x', model: 'gpt-4o-search-preview', choices: [{ index: 0, message: { role: 'assistant', content: 'Herons eat fish.', annotations }, finish_reason: 'stop' }] });
    expect(result.content.map((part) => part.type)).toEqual(['text', 'text']);
    const encoded = encodeOpenAIChatResponse(result, { id: 'r', created: 1, model: 'm', includeUsage: false }) as { choices: Array<{ message: { content: string; annotations?: unknown } }> };
    expect(encoded.choices[0]!.message).toMatchObject({ content: 'Herons eat fish.', annotations: [{ type: 'url_citation', url_citation: { start_index: 0, end_index: 6, url: 'https://birds.example', title: 'birds.example' } }] });
  });
});
