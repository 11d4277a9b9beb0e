import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.ts';
import { parseAnthropicMessagesRequest } from './parse-anthropic-messages-request.ts';

const base = { model: 'smart', max_tokens: 512, messages: [{ role: 'user', content: 'Hello' }] };

describe('parseAnthropicMessagesRequest', () => {
  it('reads a minimal request', () => {
    expect(parseAnthropicMessagesRequest(base)).toEqual({
      value: {
        requestedModel: 'smart',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
        params: { maxTokens: 512 },
        stream: false,
        clientFormat: 'anthropic-messages',
      },
      warnings: [],
    });
  });

  it('reads system as a string or as text blocks', () => {
    expect(parseAnthropicMessagesRequest({ ...base, system: 'Be brief.' }).value.messages[0]).toEqual({ role: 'system', content: [{ type: 'text', text: 'Be brief.' }] });
    const blocks = parseAnthropicMessagesRequest({ ...base, system: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }] }).value.messages[0];
    expect(blocks).toEqual({ role: 'system', content: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }] });
  });

  it('reads parameters, metadata and streaming', () => {
    const { value, warnings } = parseAnthropicMessagesRequest({
      ...base,
      stream: true,
      temperature: 0.2,
      top_p: 0.8,
      stop_sequences: ['END'],
      metadata: { user_id: 'user-42' },
    });
    expect(value.params).toEqual({ maxTokens: 512, temperature: 0.2, topP: 0.8, stop: ['END'] });
    expect(value).toMatchObject({ stream: true, user: 'user-42' });
    expect(warnings).toEqual([]);
  });

  it('carries top_k, and warns about unknown fields instead of dropping them silently', () => {
    const { value, warnings } = parseAnthropicMessagesRequest({ ...base, top_k: 40, thinking: { type: 'enabled', budget_tokens: 1024 } });
    expect(value.params.topK).toBe(40);
    expect(warnings).toEqual(["parameter 'thinking' is not supported and was ignored"]);
  });

  it('reads multi-part content with base64 and url images', () => {
    const { value } = parseAnthropicMessagesRequest({
      ...base,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare' },
            { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
          ],
        },
      ],
    });
    expect(value.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare' },
          { type: 'image', source: { type: 'base64', mediaType: 'image/jpeg', data: '/9j/4AAQ' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
        ],
      },
    ]);
  });

  it('reads tool use and tool results (string or blocks, is_error), naming results after their call', () => {
    const { value } = parseAnthropicMessagesRequest({
      ...base,
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Rome' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: '18C' },
            { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'unavailable' }], is_error: true },
            { type: 'text', text: 'And tomorrow?' },
          ],
        },
      ],
    });
    expect(value.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool-call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'tool-call', id: 'toolu_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'toolu_1', name: 'get_weather', content: [{ type: 'text', text: '18C' }] },
          { type: 'tool-result', toolCallId: 'toolu_2', name: 'get_weather', content: [{ type: 'text', text: 'unavailable' }], isError: true },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'And tomorrow?' }] },
    ]);
  });

  it('reads tools and every tool_choice', () => {
    const tools = [{ name: 'get_weather', description: 'Weather now', input_schema: { type: 'object', properties: {} } }, { name: 'no_schema' }];
    const parse = (toolChoice: unknown) => parseAnthropicMessagesRequest({ ...base, tools, tool_choice: toolChoice }).value;
    expect(parse({ type: 'auto' }).tools).toEqual([
      { type: 'function', name: 'get_weather', description: 'Weather now', parameters: { type: 'object', properties: {} } },
      { type: 'function', name: 'no_schema', parameters: { type: 'object', properties: {} } },
    ]);
    expect(parse({ type: 'auto' }).toolChoice).toEqual({ type: 'auto' });
    expect(parse({ type: 'any' }).toolChoice).toEqual({ type: 'required' });
    expect(parse({ type: 'none' }).toolChoice).toEqual({ type: 'none' });
    expect(parse({ type: 'tool', name: 'get_weather' }).toolChoice).toEqual({ type: 'tool', name: 'get_weather' });
    expect(parse({ type: 'auto', disable_parallel_tool_use: true }).params.parallelToolCalls).toBe(false);
    expect(() => parse({ type: 'tool' })).toThrow(/tool_choice.name is required/);
  });

  it('warns once about cache_control, server tools and thinking history', () => {
    const { value, warnings } = parseAnthropicMessagesRequest({
      ...base,
      system: [{ type: 'text', text: 'S', cache_control: { type: 'ephemeral' } }],
      tools: [{ type: 'web_search_20250305', name: 'web_search' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Q', cache_control: { type: 'ephemeral' } }] },
        { role: 'assistant', content: [{ type: 'thinking', thinking: '…', signature: 'x' }, { type: 'text', text: 'A' }] },
      ],
    });
    expect(value.tools).toBeUndefined();
    expect(value.messages[2]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'A' }] });
    expect(warnings).toEqual([
      'cache_control is not carried through the gateway and was ignored',
      "'thinking' blocks in the conversation history are not carried through the gateway and were left out",
      "tool 'web_search' of type 'web_search_20250305' is an Anthropic server tool; it is not carried through the gateway and was ignored",
    ]);
  });

  it('refuses blocks it cannot represent with unsupported_feature, naming the field', () => {
    const error = (() => {
      try {
        parseAnthropicMessagesRequest({ ...base, messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64' } }] }] });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'unsupported_feature', statusCode: 400, param: 'messages[0].content[0].type' });
  });

  it('refuses an image without a usable source', () => {
    expect(() => parseAnthropicMessagesRequest({ ...base, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'f' } }] }] })).toThrow(
      /source.type must be 'base64' or 'url'/,
    );
  });
});
