import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../config/deep-freeze.ts';
import { GatewayError } from '../../errors/gateway-error.ts';
import { parseOpenAIResponsesRequest } from './parse-openai-responses-request.ts';

/** A Codex-like turn: instructions, history with a function call round trip, function tools. */
function codexBody(): Record<string, unknown> {
  return {
    model: 'smart',
    instructions: 'You are a coding agent.',
    input: [
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Use the shell.' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'List files' }, { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'auto' }] },
      { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAAA' },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Running ls.' }] },
      { type: 'function_call', call_id: 'call_1', name: 'shell', arguments: '{"command":["ls"]}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'a.txt\nb.txt' },
      { role: 'user', content: 'Thanks' },
    ],
    tools: [
      { type: 'function', name: 'shell', description: 'Run a command', strict: false, parameters: { type: 'object', properties: { command: { type: 'array', items: { type: 'string' } } } } },
      { type: 'web_search' },
    ],
    tool_choice: 'auto',
    parallel_tool_calls: false,
    reasoning: { effort: 'medium', summary: 'auto' },
    store: false,
    stream: true,
    include: ['reasoning.encrypted_content'],
    prompt_cache_key: 'session-1',
    max_output_tokens: 1000,
    temperature: 0.5,
    top_p: 0.9,
    text: { format: { type: 'json_schema', name: 'files', schema: { type: 'object' }, strict: true } },
    metadata: { tier: 'free' },
    user: 'dev-1',
  };
}

describe('parseOpenAIResponsesRequest', () => {
  it('parses a Codex-style request into the internal request, with warnings for what it ignores', () => {
    const body = deepFreeze(codexBody());
    const { value, warnings } = parseOpenAIResponsesRequest(body);
    expect(value).toEqual({
      requestedModel: 'smart',
      clientFormat: 'openai-responses',
      stream: true,
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'You are a coding agent.' }] },
        { role: 'system', content: [{ type: 'text', text: 'Use the shell.' }] },
        { role: 'user', content: [{ type: 'text', text: 'List files' }, { type: 'image', source: { type: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Running ls.' }, { type: 'tool-call', id: 'call_1', name: 'shell', arguments: '{"command":["ls"]}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', name: 'shell', content: [{ type: 'text', text: 'a.txt\nb.txt' }] }] },
        { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
      ],
      params: { temperature: 0.5, topP: 0.9, maxTokens: 1000, parallelToolCalls: false },
      tools: [{ type: 'function', name: 'shell', description: 'Run a command', strict: false, parameters: { type: 'object', properties: { command: { type: 'array', items: { type: 'string' } } } } }],
      toolChoice: { type: 'auto' },
      responseFormat: { type: 'json-schema', name: 'files', schema: { type: 'object' }, strict: true },
      metadata: { tier: 'free' },
      user: 'dev-1',
    });
    expect(warnings).toEqual([
      "parameter 'reasoning' is not supported and was ignored",
      "parameter 'include' is not supported and was ignored",
      "parameter 'prompt_cache_key' is not supported and was ignored",
      '1 reasoning input item(s) are provider state that cannot be replayed to another model; they were ignored',
      "tool type 'web_search' is not supported and was ignored",
    ]);
  });

  it('is pure: parsing twice gives the same result and leaves the body untouched', () => {
    const body = codexBody();
    const copy = structuredClone(body);
    expect(parseOpenAIResponsesRequest(body)).toEqual(parseOpenAIResponsesRequest(body));
    expect(body).toEqual(copy);
  });

  it('a plain string input is one user message; tool_choice by function name', () => {
    const { value, warnings } = parseOpenAIResponsesRequest({ model: 'm', input: 'hi', tool_choice: { type: 'function', name: 'shell' }, store: true });
    expect(value.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
    expect(value.toolChoice).toEqual({ type: 'tool', name: 'shell' });
    expect(value.stream).toBe(false);
    expect(warnings).toEqual(['store is not supported: the response is not stored and cannot be read back']);
  });

  it.each([
    ['previous_response_id', { previous_response_id: 'resp_123' }],
    ['conversation', { conversation: 'conv_123' }],
    ['background', { background: true }],
    ['input[0].type', { input: [{ type: 'item_reference', id: 'msg_1' }] }],
    ['input[0].content[0].file_id', { input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file-1' }] }] }],
  ])('server-stored state (%s) is a clear 400 unsupported_feature', (param, extra) => {
    const error = (() => {
      try {
        parseOpenAIResponsesRequest({ model: 'm', input: 'hi', ...extra });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'unsupported_feature', statusCode: 400, param });
  });

  it('rejects malformed items with the path of the problem', () => {
    expect(() => parseOpenAIResponsesRequest({ model: 'm', input: [{ type: 'function_call', name: 'x', arguments: '{}' }] })).toThrow(/input\[0\]\.call_id must be a string/);
    expect(() => parseOpenAIResponsesRequest({ model: 'm', input: [{ role: 'wizard', content: 'x' }] })).toThrow(/input\[0\]\.role 'wizard'/);
    expect(() => parseOpenAIResponsesRequest({ model: 'm', input: [] })).toThrow(/at least one item/);
  });
});
