import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat-request.ts';
import { anthropicDefaultMaxTokens } from './anthropic-default-max-tokens.ts';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.ts';

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

const readTool = { type: 'function' as const, name: 'Read', parameters: { type: 'object' } };

describe('convertToAnthropicMessages: reasoning', () => {
  it('turns an effort into a thinking budget below max_tokens and leaves out temperature, with warnings', () => {
    const { value, warnings } = convertToAnthropicMessages(request({ reasoning: { effort: 'high' }, params: { maxTokens: 30_000, temperature: 0.2 } }), 'claude-sonnet-4-6');
    expect(value.body.thinking).toEqual({ type: 'enabled', budget_tokens: 24_000 });
    expect(value.body.temperature).toBeUndefined();
    expect(warnings).toEqual(['temperature is not accepted by Anthropic with thinking on and was left out']);
  });

  it('lowers an explicit budget to fit max_tokens, and sends none for effort none or a max_tokens too small', () => {
    const fitted = convertToAnthropicMessages(request({ reasoning: { budgetTokens: 50_000 }, params: { maxTokens: 8_000 } }), 'm');
    expect(fitted.value.body.thinking).toEqual({ type: 'enabled', budget_tokens: 7_999 });
    expect(fitted.warnings).toEqual(['the reasoning budget of 50000 tokens was lowered to 7999 to fit below max_tokens 8000']);
    expect(convertToAnthropicMessages(request({ reasoning: { effort: 'none' } }), 'm').value.body.thinking).toBeUndefined();
    const small = convertToAnthropicMessages(request({ reasoning: { effort: 'low' }, params: { maxTokens: 500 } }), 'm');
    expect(small.value.body.thinking).toBeUndefined();
    expect(small.warnings[0]).toContain('leaves no room for the minimum thinking budget');
  });

  it('sends an Anthropic client\'s own thinking, output_config and other options as they came', () => {
    const options = { thinking: { type: 'adaptive', display: 'omitted' }, output_config: { effort: 'medium' }, context_management: { edits: [] }, container: 'c1', model: 'never-this' };
    const { value, warnings } = convertToAnthropicMessages(
      request({ clientFormat: 'anthropic-messages', reasoning: { enabled: true, effort: 'medium' }, providerOptions: { anthropic: options }, params: { maxTokens: 1000 } }),
      'claude-opus-4-6',
    );
    expect(value.body).toMatchObject({ model: 'claude-opus-4-6', thinking: options.thinking, output_config: options.output_config, context_management: { edits: [] }, container: 'c1' });
    expect(warnings).toEqual([]);
  });

  it('replays signed Anthropic reasoning as thinking blocks and leaves out other families\' reasoning, with a warning', () => {
    const { value, warnings } = convertToAnthropicMessages(
      request({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Q' }] },
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'think', family: 'anthropic', signature: 'sig' },
              { type: 'reasoning', text: '', family: 'anthropic', redacted: 'opaque' },
              { type: 'reasoning', text: 'o-think', family: 'openai', encrypted: 'enc' },
              { type: 'text', text: 'A' },
            ],
          },
        ],
      }),
      'm',
    );
    expect(value.body.messages[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'thinking', thinking: 'think', signature: 'sig' }, { type: 'redacted_thinking', data: 'opaque' }, { type: 'text', text: 'A' }],
    });
    expect(warnings).toEqual(['reasoning from openai cannot be verified by Anthropic and was left out of the history']);
  });
});

describe('convertToAnthropicMessages: content, tools and caching', () => {
  it('sends documents, cache breakpoints on parts and tool results, and Anthropic provider parts as they came', () => {
    const { value, warnings } = convertToAnthropicMessages(
      request({
        clientFormat: 'anthropic-messages',
        messages: [
          { role: 'assistant', content: [{ type: 'tool-call', id: 't1', name: 'Read', arguments: '{}' }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', content: [{ type: 'text', text: 'PDF file read' }], cache: { type: 'ephemeral' } }] },
          {
            role: 'user',
            content: [
              { type: 'document', source: { type: 'base64', mediaType: 'application/pdf', data: 'JVBE' }, title: 'r' },
              { type: 'provider', family: 'anthropic', kind: 'search_result', value: { type: 'search_result', source: 's', title: 't', content: [] } },
              { type: 'provider', family: 'openai', kind: 'input_audio', value: {} },
              { type: 'text', text: 'Q', cache: { type: 'ephemeral', ttl: '1h' } },
            ],
          },
        ],
      }),
      'm',
    );
    expect(value.body.messages[1]).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'PDF file read' }], cache_control: { type: 'ephemeral' } },
        { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBE' }, title: 'r' },
        { type: 'search_result', source: 's', title: 't', content: [] },
        { type: 'text', text: 'Q', cache_control: { type: 'ephemeral', ttl: '1h' } },
      ],
    });
    expect(warnings).toEqual(["a openai 'input_audio' item has no Anthropic equivalent and was left out"]);
  });

  it('sends Anthropic server tools as they came and leaves out other families\' tools, with a warning', () => {
    const { value, warnings } = convertToAnthropicMessages(
      request({
        tools: [
          readTool,
          { type: 'provider', family: 'anthropic', kind: 'web_search_20250305', name: 'web_search', value: { type: 'web_search_20250305', name: 'web_search', max_uses: 2 } },
          { type: 'provider', family: 'openai', kind: 'custom', name: 'apply_patch', value: { type: 'custom', name: 'apply_patch' } },
        ],
      }),
      'm',
    );
    expect(value.body.tools).toEqual([
      { name: 'Read', input_schema: { type: 'object' } },
      { type: 'web_search_20250305', name: 'web_search', max_uses: 2, cache_control: { type: 'ephemeral' } },
    ]);
    expect(warnings).toEqual(["the openai tool 'apply_patch' has no Anthropic equivalent and was left out"]);
  });

  it('puts cache breakpoints on the stable prefix (last tool, last system block) for a client of another API', () => {
    const { value } = convertToAnthropicMessages(
      request({ messages: [{ role: 'system', content: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }] }, { role: 'user', content: [{ type: 'text', text: 'Q' }] }], tools: [readTool, { ...readTool, name: 'Write' }] }),
      'm',
    );
    expect(value.body.system).toEqual([{ type: 'text', text: 'A' }, { type: 'text', text: 'B', cache_control: { type: 'ephemeral' } }]);
    expect(value.body.tools?.map((tool) => tool.cache_control)).toEqual([undefined, { type: 'ephemeral' }]);
    expect(value.body.messages[0]!.content).toEqual([{ type: 'text', text: 'Q' }]);
  });

  it('adds no breakpoint of its own for an Anthropic client, or a client that placed its own', () => {
    const system = { role: 'system' as const, content: [{ type: 'text' as const, text: 'S' }] };
    const anthropicClient = convertToAnthropicMessages(request({ clientFormat: 'anthropic-messages', messages: [system, { role: 'user', content: [{ type: 'text', text: 'Q' }] }] }), 'm');
    expect(anthropicClient.value.body.system).toEqual([{ type: 'text', text: 'S' }]);
    const ownBreakpoint = convertToAnthropicMessages(request({ messages: [system, { role: 'user', content: [{ type: 'text', text: 'Q', cache: { type: 'ephemeral' } }] }] }), 'm');
    expect(ownBreakpoint.value.body.system).toEqual([{ type: 'text', text: 'S' }]);
  });
});

describe('anthropicDefaultMaxTokens', () => {
  it.each([
    ['claude-3-haiku-20240307', 4_096],
    ['claude-3-5-haiku-20241022', 8_192],
    ['claude-opus-4-1-20250805', 32_000],
    ['claude-sonnet-4-6', 64_000],
    ['claude-haiku-4-5-20251001', 64_000],
    ['claude-opus-4-6', 64_000],
    ['claude-opus-5-5', 32_000],
    ['glm-5', 8_192],
  ])('%s → %d', (model, expected) => {
    expect(anthropicDefaultMaxTokens(model)).toBe(expected);
  });
});
