import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat-request.ts';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.ts';
import { JSON_RESPONSE_TOOL_NAME } from './plan-anthropic-json-output.ts';

function request(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    requestedModel: 'smart',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    params: {},
    stream: false,
    clientFormat: 'openai-chat',
    ...overrides,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const weatherTool = { type: 'function' as const, name: 'get_weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } } } };

describe('convertToAnthropicMessages', () => {
  it('extracts system, merges turns, puts tool results in a user turn first, keeps images', () => {
    const input = deepFreeze(
      request({
        messages: [
          { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
          { role: 'user', content: [{ type: 'text', text: 'Weather?' }, { type: 'image', source: { type: 'base64', mediaType: 'image/png', data: 'iVBOR' } }] },
          { role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } }] },
          { role: 'assistant', content: [{ type: 'text', text: '' }, { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: '18C' }], isError: true }] },
          { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
        ],
      }),
    );
    const { value, warnings } = convertToAnthropicMessages(input, 'claude-sonnet-4-6');
    expect(warnings).toEqual([]);
    expect(value.jsonToolName).toBeUndefined();
    expect(value.body).toEqual({
      model: 'claude-sonnet-4-6',
      max_tokens: 64_000,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
          ],
        },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1', content: [{ type: 'text', text: '18C' }], is_error: true },
            { type: 'text', text: 'Thanks' },
          ],
        },
      ],
    });
  });

  it('maps parameters, tools and tool_choice', () => {
    const { value, warnings } = convertToAnthropicMessages(
      request({
        params: { temperature: 0.3, topP: 0.9, maxTokens: 100, stop: ['END'], parallelToolCalls: false },
        tools: [weatherTool],
        toolChoice: { type: 'required' },
        user: 'user-42',
        stream: true,
      }),
      'claude-haiku-4-5',
    );
    expect(warnings).toEqual([]);
    expect(value.body).toMatchObject({
      max_tokens: 100,
      temperature: 0.3,
      top_p: 0.9,
      stop_sequences: ['END'],
      tools: [{ name: 'get_weather', description: 'Weather now', input_schema: weatherTool.parameters }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      metadata: { user_id: 'user-42' },
      stream: true,
    });
  });

  it.each([
    [{ type: 'auto' } as const, { type: 'auto' }],
    [{ type: 'none' } as const, { type: 'none' }],
    [{ type: 'tool', name: 'get_weather' } as const, { type: 'tool', name: 'get_weather' }],
  ])('tool_choice %o → %o', (toolChoice, expected) => {
    expect(convertToAnthropicMessages(request({ tools: [weatherTool], toolChoice }), 'm').value.body.tool_choice).toEqual(expected);
  });

  it('warns for what Anthropic cannot honour, never drops it silently', () => {
    const { value, warnings } = convertToAnthropicMessages(
      request({ params: { temperature: 1.5, presencePenalty: 1, frequencyPenalty: 1, seed: 7 }, toolChoice: { type: 'required' } }),
      'm',
    );
    expect(value.body.temperature).toBe(1);
    expect(warnings).toEqual([
      "temperature 1.5 is above Anthropic's maximum of 1; sent as 1",
      'presence_penalty is not supported by Anthropic and was ignored',
      'frequency_penalty is not supported by Anthropic and was ignored',
      'seed is not supported by Anthropic and was ignored',
      "tool_choice 'required' without tools was ignored",
    ]);
  });

  it('keeps a mid-conversation system message in place as a system turn, as Claude Code sends it', () => {
    const { value, warnings } = convertToAnthropicMessages(
      request({
        messages: [
          { role: 'system', content: [{ type: 'text', text: 'first' }] },
          { role: 'user', content: [{ type: 'text', text: 'a' }] },
          { role: 'system', content: [{ type: 'text', text: 'late', cache: { type: 'ephemeral' } }] },
        ],
      }),
      'm',
    );
    expect(value.body.system).toEqual([{ type: 'text', text: 'first' }]);
    expect(value.body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'a' }] },
      { role: 'system', content: [{ type: 'text', text: 'late', cache_control: { type: 'ephemeral' } }] },
    ]);
    expect(warnings).toEqual([]);
  });

  it('sends unparsable tool arguments as {} with a warning', () => {
    const { value, warnings } = convertToAnthropicMessages(
      request({ messages: [{ role: 'assistant', content: [{ type: 'tool-call', id: 'c', name: 'f', arguments: '{"broken' }] }] }),
      'm',
    );
    expect(value.body.messages[0]!.content).toEqual([{ type: 'tool_use', id: 'c', name: 'f', input: {} }]);
    expect(warnings[0]).toContain("tool call 'c'");
  });

  describe('JSON output', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

    it('json-schema without tools becomes a forced json_response tool', () => {
      const { value, warnings } = convertToAnthropicMessages(request({ responseFormat: { type: 'json-schema', name: 'place', schema } }), 'm');
      expect(warnings).toEqual([]);
      expect(value.jsonToolName).toBe(JSON_RESPONSE_TOOL_NAME);
      expect(value.body.tools).toEqual([{ name: JSON_RESPONSE_TOOL_NAME, description: expect.stringContaining('"place"'), input_schema: schema, cache_control: { type: 'ephemeral' } }]);
      expect(value.body.tool_choice).toEqual({ type: 'tool', name: JSON_RESPONSE_TOOL_NAME });
    });

    it('json-schema with the caller\'s tools goes into the system prompt, with a warning', () => {
      const { value, warnings } = convertToAnthropicMessages(request({ tools: [weatherTool], responseFormat: { type: 'json-schema', name: 'place', schema } }), 'm');
      expect(value.jsonToolName).toBeUndefined();
      expect(value.body.tools).toHaveLength(1);
      expect(value.body.system?.[0]?.text).toContain(JSON.stringify(schema));
      expect(warnings).toEqual([expect.stringContaining('the request also has tools')]);
    });

    it('json-schema with a non-object root goes into the system prompt, with a warning', () => {
      const { value, warnings } = convertToAnthropicMessages(request({ responseFormat: { type: 'json-schema', name: 'list', schema: { type: 'array' } } }), 'm');
      expect(value.body.tools).toBeUndefined();
      expect(warnings).toEqual([expect.stringContaining('root is not an object')]);
    });

    it('json mode is a system instruction with a warning', () => {
      const { value, warnings } = convertToAnthropicMessages(request({ responseFormat: { type: 'json' } }), 'm');
      expect(value.body.system?.[0]?.text).toContain('JSON');
      expect(warnings).toEqual([expect.stringContaining('not enforced')]);
    });
  });

  it('is pure: same output twice from a frozen request', () => {
    const input = deepFreeze(request({ tools: [weatherTool], params: { stop: ['x'] }, responseFormat: { type: 'json' } }));
    const snapshot = structuredClone(input);
    const first = convertToAnthropicMessages(input, 'm');
    expect(convertToAnthropicMessages(input, 'm')).toEqual(first);
    expect(input).toEqual(snapshot);
  });
});
