import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat-request.ts';
import { deepFreeze } from '../../config/deep-freeze.ts';
import { convertToOllamaRequest } from './convert-to-ollama-request.ts';
import { createOllamaError } from './ollama-error.ts';

function conversation(): ChatRequest {
  return {
    requestedModel: 'local',
    clientFormat: 'openai-chat',
    stream: true,
    messages: [
      { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this picture?' },
          { type: 'image', source: { type: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
        ],
      },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: '18C' }] }] },
    ],
    params: { temperature: 0.3, topP: 0.8, maxTokens: 100, stop: ['END'], seed: 42 },
    tools: [{ type: 'function', name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
    responseFormat: { type: 'json-schema', name: 'answer', schema: { type: 'object', properties: { ok: { type: 'boolean' } } } },
  };
}

describe('convertToOllamaRequest', () => {
  it('translates messages, options, tools and format without touching the (frozen) input', () => {
    const request = deepFreeze(conversation());
    const { value, warnings } = convertToOllamaRequest(request, 'llama3.2');
    expect(value).toEqual({
      model: 'llama3.2',
      stream: true,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is in this picture?', images: ['iVBORw0KGgo='] },
        { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }] },
        { role: 'tool', content: '18C', tool_name: 'get_weather' },
      ],
      options: { temperature: 0.3, top_p: 0.8, num_predict: 100, stop: ['END'], seed: 42 },
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      format: { type: 'object', properties: { ok: { type: 'boolean' } } },
    });
    expect(warnings).toEqual([]);
    expect(convertToOllamaRequest(request, 'llama3.2')).toEqual({ value, warnings });
  });

  it('warns about what Ollama cannot honour', () => {
    const request: ChatRequest = {
      ...conversation(),
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }] }],
      params: { parallelToolCalls: true },
      toolChoice: { type: 'required' },
      responseFormat: { type: 'json' },
      user: 'u1',
    };
    const { value, warnings } = convertToOllamaRequest(request, 'llama3.2');
    expect(value.format).toBe('json');
    expect(value.messages).toEqual([{ role: 'user', content: '' }]);
    expect(warnings).toEqual([
      'Ollama takes only inline (base64) images; an image given by URL was left out',
      'parallel_tool_calls is not supported by Ollama and was ignored',
      "tool_choice 'required' is not supported by Ollama; the model may answer without calling a tool",
      'user is not supported by Ollama and was ignored',
    ]);
  });

  it("honours tool_choice 'none' by sending no tools", () => {
    const { value } = convertToOllamaRequest({ ...conversation(), toolChoice: { type: 'none' } }, 'llama3.2');
    expect(value.tools).toBeUndefined();
  });
});

describe('createOllamaError', () => {
  it('reads the error string', () => {
    const error = createOllamaError(404, '{"error":"model \\"nope\\" not found, try pulling it first"}', undefined);
    expect(error.reason).toBe('HTTP 404: model "nope" not found, try pulling it first');
    expect(error.isRetryable).toBe(false);
  });

  it('sends text documents as text and warns for what Ollama cannot read (PDFs, URLs, file ids, foreign blocks)', () => {
    const request: ChatRequest = { requestedModel: 'm', clientFormat: 'anthropic-messages', stream: false, params: {}, messages: [{ role: 'user', content: [
      { type: 'text', text: 'Summarise these.' },
      { type: 'document', source: { type: 'base64', mediaType: 'application/pdf', data: 'JVBERi0xLjQ=' }, title: 'report.pdf' },
      { type: 'document', source: { type: 'text', mediaType: 'text/plain', data: 'Plain notes.' }, title: 'notes' },
      { type: 'document', source: { type: 'url', url: 'https://example.com/paper.PDF?v=2' } },
      { type: 'document', source: { type: 'file', fileId: 'file-abc' } },
      { type: 'provider', family: 'anthropic', kind: 'search_result', value: { type: 'search_result' } },
    ] }] };
    const { value, warnings } = convertToOllamaRequest(request, 'llama');
    expect(value.messages).toEqual([{ role: 'user', content: 'Summarise these.\n\nPlain notes.' }]);
    expect(warnings).toEqual([
      'Ollama reads no application/pdf; the document was left out',
      'Ollama reads no document by url; the document was left out',
      'Ollama reads no document by file; the document was left out',
      "a anthropic 'search_result' block is not supported by Ollama and was left out",
    ]);
  });
});

describe('thinking (think)', () => {
  const ask = (reasoning: ChatRequest['reasoning'], messages: ChatRequest['messages'] = [{ role: 'user', content: [{ type: 'text', text: 'Count the r in strawberry.' }] }]): ChatRequest => ({
    requestedModel: 'local',
    clientFormat: 'anthropic-messages',
    stream: false,
    params: {},
    messages,
    ...(reasoning === undefined ? {} : { reasoning }),
  });

  it.each([
    ['no reasoning config: nothing sent', undefined, 'qwen3', undefined, 0],
    ['reasoning off', { enabled: false }, 'qwen3', false, 0],
    ['Anthropic thinking with a budget: on, the budget a warning', { enabled: true, budgetTokens: 8000 }, 'qwen3', true, 1],
    ['gpt-oss takes a level', { effort: 'high' as const }, 'gpt-oss:20b', 'high', 0],
    ["gpt-oss: a budget's nearest level", { budgetTokens: 2000 }, 'gpt-oss:120b', 'low', 0],
    ['gpt-oss: xhigh is high, with a warning', { effort: 'xhigh' as const }, 'gpt-oss:20b', 'high', 1],
  ])('%s', (_case, reasoning, model, think, warningCount) => {
    const { value, warnings } = convertToOllamaRequest(ask(reasoning), model);
    expect(value.think).toBe(think);
    expect(warnings).toHaveLength(warningCount);
  });

  it("Ollama's own thinking in history goes back in `thinking`; another family's reasoning is left out with a warning", () => {
    const own = convertToOllamaRequest(ask(undefined, [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }, { role: 'assistant', content: [{ type: 'reasoning', text: 'Greet back.', family: 'ollama' }, { type: 'text', text: 'Hello!' }] }]), 'qwen3');
    expect(own.value.messages[1]).toEqual({ role: 'assistant', content: 'Hello!', thinking: 'Greet back.' });
    expect(own.warnings).toEqual([]);
    const foreign = convertToOllamaRequest(ask(undefined, [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }, { role: 'assistant', content: [{ type: 'reasoning', text: 'Hm.', family: 'anthropic', signature: 's' }, { type: 'text', text: 'Hello!' }] }]), 'qwen3');
    expect(foreign.value.messages[1]).toEqual({ role: 'assistant', content: 'Hello!' });
    expect(foreign.warnings).toEqual(['reasoning from another provider in the history is not sent to Ollama']);
  });
});
