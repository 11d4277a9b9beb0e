import { describe, expect, it } from 'vitest';
import { parseOpenAIChatRequest } from './parse-openai-chat-request.ts';

const parse = (body: Record<string, unknown>) => parseOpenAIChatRequest({ model: 'm', ...body });

describe('parseOpenAIChatRequest, tolerant', () => {
  it('keeps developer apart from system, and reads reasoning_effort', () => {
    const { value } = parse({ messages: [{ role: 'developer', content: 'dev' }, { role: 'system', content: 'sys' }, { role: 'user', content: 'hi' }], reasoning_effort: 'high' });
    expect(value.messages.slice(0, 2)).toEqual([
      { role: 'system', content: [{ type: 'text', text: 'dev' }], developer: true },
      { role: 'system', content: [{ type: 'text', text: 'sys' }] },
    ]);
    expect(value.reasoning).toEqual({ effort: 'high' });
  });

  it('puts what the internal format has no field for into providerOptions.openai, not warnings', () => {
    const { value, warnings } = parse({ messages: [{ role: 'user', content: 'hi' }], n: 2, prompt_cache_key: 'k', service_tier: 'flex', verbosity: 'low', brand_new: { x: 1 } });
    expect(value.providerOptions).toEqual({ openai: { n: 2, prompt_cache_key: 'k', service_tier: 'flex', verbosity: 'low', brand_new: { x: 1 } } });
    expect(warnings).toEqual([]);
  });

  it('parses file parts as documents and keeps input_audio and unknown parts as provider parts', () => {
    const audio = { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } };
    const future = { type: 'hologram', hologram: { id: 1 } };
    const { value } = parse({
      messages: [{ role: 'user', content: [audio, { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBE' } }, { type: 'file', file: { file_id: 'file-1' } }, future] }],
    });
    expect(value.messages[0]!.content).toEqual([
      { type: 'provider', family: 'openai', kind: 'input_audio', value: audio },
      { type: 'document', source: { type: 'base64', mediaType: 'application/pdf', data: 'JVBE' }, filename: 'a.pdf' },
      { type: 'document', source: { type: 'file', fileId: 'file-1' } },
      { type: 'provider', family: 'openai', kind: 'hologram', value: future },
    ]);
  });

  it('keeps custom tools as provider tools and maps tool_choice shapes (custom, allowed_tools)', () => {
    const custom = { type: 'custom', custom: { name: 'apply_patch' } };
    const { value, warnings } = parse({
      messages: [{ role: 'user', content: 'x' }],
      tools: [custom, { type: 'function', function: { name: 'f' } }],
      tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'required', tools: [] } },
    });
    expect(value.tools).toEqual([
      { type: 'provider', family: 'openai', kind: 'custom', name: 'apply_patch', value: custom },
      { type: 'function', name: 'f', parameters: { type: 'object', properties: {} } },
    ]);
    expect(value.toolChoice).toEqual({ type: 'required' });
    expect(warnings).toEqual(['tool_choice.allowed_tools is sent as its mode across formats (the tool list is not narrowed)']);
    expect(parse({ messages: [{ role: 'user', content: 'x' }], tool_choice: { type: 'custom', custom: { name: 'apply_patch' } } }).value.toolChoice).toEqual({ type: 'tool', name: 'apply_patch' });
  });

  it('reads refusals, reasoning_content and custom tool calls in assistant history', () => {
    const customCall = { id: 'c2', type: 'custom', custom: { name: 'apply_patch', input: 'patch' } };
    const { value } = parse({
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', content: null, reasoning_content: 'thinking…', refusal: 'no', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }, customCall] },
        { role: 'assistant', content: [{ type: 'text', text: 'a' }, { type: 'refusal', refusal: 'b' }] },
      ],
    });
    expect(value.messages[1]!.content).toEqual([
      { type: 'reasoning', text: 'thinking…' },
      { type: 'refusal', text: 'no' },
      { type: 'tool-call', id: 'c1', name: 'f', arguments: '{}' },
      { type: 'provider', family: 'openai', kind: 'custom_tool_call', value: customCall },
    ]);
    expect(value.messages[2]!.content).toEqual([{ type: 'text', text: 'a' }, { type: 'refusal', text: 'b' }]);
  });

  it('an unknown role is a signal value with a warning, not a 400', () => {
    const legacy = { role: 'function', name: 'f', content: 'result' };
    const { value, warnings } = parse({ messages: [{ role: 'user', content: 'x' }, legacy] });
    expect(value.messages[1]).toEqual({ role: 'user', content: [{ type: 'provider', family: 'openai', kind: 'message:function', value: legacy }] });
    expect(warnings).toEqual(["messages[1].role 'function' has no equivalent across formats"]);
  });

  it('still refuses what is wrong, not merely new: a function tool without its function', () => {
    expect(() => parse({ messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function' }] })).toThrow(/tools\[0\]\.function is required/);
  });
});
