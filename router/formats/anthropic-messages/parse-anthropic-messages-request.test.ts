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

  it('maps thinking and output_config to reasoning and keeps them, with every unknown field, as Anthropic options', () => {
    const { value, warnings } = parseAnthropicMessagesRequest({
      ...base,
      top_k: 40,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      output_config: { effort: 'high' },
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
      service_tier: 'auto',
      brand_new_field: { x: 1 },
    });
    expect(value.params.topK).toBe(40);
    expect(value.reasoning).toEqual({ enabled: true, budgetTokens: 1024, effort: 'high' });
    expect(value.providerOptions).toEqual({
      anthropic: {
        thinking: { type: 'enabled', budget_tokens: 1024 },
        output_config: { effort: 'high' },
        context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
        service_tier: 'auto',
        brand_new_field: { x: 1 },
      },
    });
    expect(warnings).toEqual([]);
  });

  it('reads adaptive and disabled thinking, a JSON-schema output format, and warns about an effort it does not know', () => {
    expect(parseAnthropicMessagesRequest({ ...base, thinking: { type: 'adaptive' } }).value.reasoning).toEqual({ enabled: true });
    expect(parseAnthropicMessagesRequest({ ...base, thinking: { type: 'disabled' } }).value.reasoning).toEqual({ enabled: false });
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    expect(parseAnthropicMessagesRequest({ ...base, output_config: { format: { type: 'json_schema', schema } } }).value.responseFormat).toEqual({ type: 'json-schema', name: 'response', schema });
    const odd = parseAnthropicMessagesRequest({ ...base, output_config: { effort: 'ludicrous' } });
    expect(odd.value.reasoning).toBeUndefined();
    expect(odd.warnings).toEqual(["output_config.effort 'ludicrous' is not an effort the gateway knows; it is carried to Anthropic targets only"]);
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

  it('turns cache_control into cache breakpoints, server tools into provider tools and thinking history into signed reasoning', () => {
    const { value, warnings } = parseAnthropicMessagesRequest({
      ...base,
      system: [{ type: 'text', text: 'S' }, { type: 'text', text: 'T', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      tools: [
        { name: 'Read', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } },
        { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
      ],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Q', cache_control: { type: 'ephemeral' } }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: 'sig-1' },
            { type: 'redacted_thinking', data: 'opaque' },
            { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } },
            { type: 'text', text: 'A' },
          ],
        },
      ],
    });
    expect(value.messages[0]).toEqual({ role: 'system', content: [{ type: 'text', text: 'S' }, { type: 'text', text: 'T', cache: { type: 'ephemeral', ttl: '1h' } }] });
    expect(value.tools).toEqual([
      { type: 'function', name: 'Read', parameters: { type: 'object' }, cache: { type: 'ephemeral' } },
      { type: 'provider', family: 'anthropic', kind: 'web_search_20250305', name: 'web_search', value: { type: 'web_search_20250305', name: 'web_search', max_uses: 3 } },
    ]);
    expect(value.messages[1]).toEqual({ role: 'user', content: [{ type: 'text', text: 'Q', cache: { type: 'ephemeral' } }] });
    expect(value.messages[2]).toEqual({
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'hmm', family: 'anthropic', signature: 'sig-1' },
        { type: 'reasoning', text: '', family: 'anthropic', redacted: 'opaque' },
        { type: 'provider', family: 'anthropic', kind: 'server_tool_use', value: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } } },
        { type: 'text', text: 'A' },
      ],
    });
    expect(warnings).toEqual([]);
  });

  it('keeps a system message inside messages at its position, and reads an unknown role as user with a warning', () => {
    const { value, warnings } = parseAnthropicMessagesRequest({
      ...base,
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'system', content: [{ type: 'text', text: 'Environment: linux', cache_control: { type: 'ephemeral' } }] },
        { role: 'narrator', content: 'Meanwhile' },
      ],
    });
    expect(value.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'system', content: [{ type: 'text', text: 'Environment: linux', cache: { type: 'ephemeral' } }] },
      { role: 'user', content: [{ type: 'text', text: 'Meanwhile' }] },
    ]);
    expect(warnings).toEqual(["messages[2].role 'narrator' is not a role the gateway knows; it was read as user"]);
  });

  it('reads documents, and moves one found inside a tool_result (Claude Code\'s PDF read) to right after the results', () => {
    const pdf = { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' };
    const { value } = parseAnthropicMessagesRequest({
      ...base,
      messages: [
        { role: 'user', content: [{ type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' }, title: 'A' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: '/r.pdf' } }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', cache_control: { type: 'ephemeral' }, content: [{ type: 'text', text: 'PDF file read' }, { type: 'document', source: pdf }] },
            { type: 'text', text: 'Summarize it.' },
          ],
        },
      ],
    });
    expect(value.messages).toEqual([
      { role: 'user', content: [{ type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' }, title: 'A' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'toolu_1', name: 'Read', arguments: '{"file_path":"/r.pdf"}' }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_1', name: 'Read', content: [{ type: 'text', text: 'PDF file read' }], cache: { type: 'ephemeral' } }] },
      { role: 'user', content: [{ type: 'document', source: { type: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' } }, { type: 'text', text: 'Summarize it.' }] },
    ]);
  });

  it('keeps blocks it has no type for as Anthropic provider parts instead of refusing them', () => {
    const blocks = [
      { type: 'search_result', source: 'https://example.com', title: 'T', content: [{ type: 'text', text: 'x' }] },
      { type: 'image', source: { type: 'file', file_id: 'file_1' } },
      { type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'inline' }] } },
    ];
    const { value } = parseAnthropicMessagesRequest({ ...base, messages: [{ role: 'user', content: blocks }] });
    expect(value.messages[0]).toEqual({ role: 'user', content: blocks.map((block) => ({ type: 'provider', family: 'anthropic', kind: block.type, value: block })) });
  });

  it('refuses a known block whose fields have the wrong type, naming the field', () => {
    const error = (() => {
      try {
        parseAnthropicMessagesRequest({ ...base, messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf' } }] }] });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'invalid_request', statusCode: 400, param: 'messages[0].content[0].source.data' });
  });

  it('refuses an image without a source', () => {
    expect(() => parseAnthropicMessagesRequest({ ...base, messages: [{ role: 'user', content: [{ type: 'image' }] }] })).toThrow(/source must be an object/);
  });
});
