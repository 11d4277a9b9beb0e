import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
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
    text: { format: { type: 'json_schema', name: 'files', schema: { type: 'object' }, strict: true }, verbosity: 'low' },
    metadata: { tier: 'free' },
    user: 'dev-1',
  };
}

describe('parseOpenAIResponsesRequest', () => {
  it('parses a Codex-style request into the internal request, keeping what it has no field for', () => {
    const body = deepFreeze(codexBody());
    const { value, warnings } = parseOpenAIResponsesRequest(body);
    expect(value).toEqual({
      requestedModel: 'smart',
      clientFormat: 'openai-responses',
      stream: true,
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'You are a coding agent.' }] },
        { role: 'system', content: [{ type: 'text', text: 'Use the shell.' }], developer: true },
        { role: 'user', content: [{ type: 'text', text: 'List files' }, { type: 'image', source: { type: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: '', family: 'openai', encrypted: 'gAAAA', id: 'rs_1' },
            { type: 'text', text: 'Running ls.' },
            { type: 'tool-call', id: 'call_1', name: 'shell', arguments: '{"command":["ls"]}' },
          ],
        },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', name: 'shell', content: [{ type: 'text', text: 'a.txt\nb.txt' }] }] },
        { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
      ],
      params: { temperature: 0.5, topP: 0.9, maxTokens: 1000, parallelToolCalls: false },
      tools: [
        { type: 'function', name: 'shell', description: 'Run a command', strict: false, parameters: { type: 'object', properties: { command: { type: 'array', items: { type: 'string' } } } } },
        { type: 'provider', family: 'openai', kind: 'web_search', value: { type: 'web_search' } },
      ],
      toolChoice: { type: 'auto' },
      responseFormat: { type: 'json-schema', name: 'files', schema: { type: 'object' }, strict: true },
      reasoning: { effort: 'medium', summary: 'auto' },
      providerOptions: { openai: { store: false, include: ['reasoning.encrypted_content'], prompt_cache_key: 'session-1', verbosity: 'low' } },
      metadata: { tier: 'free' },
      user: 'dev-1',
    });
    expect(warnings).toEqual([]);
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
    expect(value.providerOptions).toEqual({ openai: { store: true } });
    expect(warnings).toEqual([]);
  });

  it('keeps previous_response_id as an OpenAI option (the handler pins the follow-up to the deployment that answered it)', () => {
    const { value } = parseOpenAIResponsesRequest({ model: 'm', input: 'hi', previous_response_id: 'resp_123' });
    expect(value.providerOptions?.openai).toMatchObject({ previous_response_id: 'resp_123' });
  });

  it.each([
    ['conversation', { conversation: 'conv_123' }],
    ['background', { background: true }],
    ['input[0].type', { input: [{ type: 'item_reference', id: 'msg_1' }] }],
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
    expect(() => parseOpenAIResponsesRequest({ model: 'm', input: [] })).toThrow(/at least one item/);
  });

  it('is tolerant: unknown roles, parts and item types are provider parts; custom tool calls and outputs map to calls', () => {
    const shellCall = { type: 'local_shell_call', id: 'lsh_1', call_id: 'ls_1', status: 'completed', action: { type: 'exec', command: ['ls'] } };
    const search = { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'x' } };
    const { value } = parseOpenAIResponsesRequest({
      model: 'm',
      input: [
        { role: 'critic', content: 'hmm' },
        { role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAA', format: 'wav' } }, { type: 'input_file', file_data: 'data:application/pdf;base64,JVBE', filename: 'a.pdf' }] },
        { type: 'custom_tool_call', call_id: 'c1', name: 'apply_patch', input: '*** Begin Patch' },
        { type: 'custom_tool_call_output', call_id: 'c1', output: 'Success.' },
        shellCall,
        { type: 'local_shell_call_output', id: 'lsho_1', call_id: 'ls_1', output: 'a.txt' },
        search,
        { type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'No.' }] },
      ],
      tools: [
        { type: 'custom', name: 'apply_patch', description: 'Edit files', format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } },
        { type: 'local_shell' },
        { type: 'namespace', name: 'multi_agent_v1', tools: [] },
      ],
      tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [] },
      service_tier: 'priority',
      brand_new_field: { a: 1 },
    });
    expect(value.messages).toEqual([
      { role: 'user', content: [{ type: 'provider', family: 'openai', kind: 'message', value: { role: 'critic', content: 'hmm' } }] },
      {
        role: 'user',
        content: [
          { type: 'provider', family: 'openai', kind: 'input_audio', value: { type: 'input_audio', input_audio: { data: 'AAA', format: 'wav' } } },
          { type: 'document', source: { type: 'base64', mediaType: 'application/pdf', data: 'JVBE' }, filename: 'a.pdf' },
        ],
      },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'apply_patch', arguments: '{"input":"*** Begin Patch"}' }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', name: 'apply_patch', content: [{ type: 'text', text: 'Success.' }] }] },
      { role: 'assistant', content: [{ type: 'provider', family: 'openai', kind: 'local_shell_call', value: shellCall }] },
      { role: 'user', content: [{ type: 'provider', family: 'openai', kind: 'local_shell_call_output', value: { type: 'local_shell_call_output', id: 'lsho_1', call_id: 'ls_1', output: 'a.txt' } }] },
      { role: 'assistant', content: [{ type: 'provider', family: 'openai', kind: 'web_search_call', value: search }, { type: 'refusal', text: 'No.' }] },
    ]);
    expect(value.tools).toEqual([
      {
        type: 'function',
        name: 'apply_patch',
        description: 'Edit files',
        parameters: {
          type: 'object',
          properties: { input: { type: 'string', description: 'The raw input of the tool, not JSON-encoded. It must match this lark grammar:\nstart: "x"' } },
          required: ['input'],
          additionalProperties: false,
        },
        freeform: { format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } },
      },
      { type: 'provider', family: 'openai', kind: 'local_shell', value: { type: 'local_shell' } },
      { type: 'provider', family: 'openai', kind: 'namespace', name: 'multi_agent_v1', value: { type: 'namespace', name: 'multi_agent_v1', tools: [] } },
    ]);
    expect(value.toolChoice).toBeUndefined();
    expect(value.providerOptions).toEqual({ openai: { tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [] }, service_tier: 'priority', brand_new_field: { a: 1 } } });
  });

  it('reasoning: effort and summary map; an unknown effort is a warning, not a 400', () => {
    expect(parseOpenAIResponsesRequest({ model: 'm', input: 'hi', reasoning: { effort: 'xhigh', summary: 'detailed' } }).value.reasoning).toEqual({ effort: 'xhigh', summary: 'detailed' });
    expect(parseOpenAIResponsesRequest({ model: 'm', input: 'hi', reasoning: { effort: 'none' } }).value.reasoning).toEqual({ effort: 'none', enabled: false });
    const odd = parseOpenAIResponsesRequest({ model: 'm', input: 'hi', reasoning: { effort: 'ludicrous' } });
    expect(odd.value.reasoning).toBeUndefined();
    expect(odd.warnings).toEqual(["reasoning.effort 'ludicrous' has no equivalent across formats"]);
  });

  it('reasoning another family signed, tagged by the gateway in encrypted_content, comes back to that family', () => {
    const { value } = parseOpenAIResponsesRequest({
      model: 'm',
      input: [{ type: 'reasoning', id: 'rs_x', summary: [{ type: 'summary_text', text: 'thought' }], encrypted_content: `switchyard.v1:${Buffer.from(JSON.stringify({ family: 'anthropic', signature: 'sig-1' })).toString('base64url')}` }],
    });
    expect(value.messages).toEqual([{ role: 'assistant', content: [{ type: 'reasoning', text: 'thought', family: 'anthropic', signature: 'sig-1', id: 'rs_x' }] }]);
  });
});

const codexFixtures = join(import.meta.dirname, '../../../test/clients/__fixtures__/codex');

describe('parseOpenAIResponsesRequest on the recorded Codex requests', () => {
  const recordings = readdirSync(codexFixtures).filter((name) => name.endsWith('.json'));
  const bodies = recordings.flatMap((name) => (JSON.parse(readFileSync(join(codexFixtures, name), 'utf8')) as { requests: Array<{ body: Record<string, unknown> }> }).requests.map((request) => ({ name, body: request.body })));

  it('there is a corpus', () => {
    expect(recordings).toEqual(expect.arrayContaining(['plain.json', 'reasoning.json', 'apply-patch.json', 'shell.json']));
  });

  it.each(bodies.map((entry, index) => [`${entry.name} #${index}`, entry.body] as const))('%s parses without a warning, keeping every tool and option', (_name, body) => {
    const { value, warnings } = parseOpenAIResponsesRequest(deepFreeze(structuredClone(body)));
    expect(warnings).toEqual([]);
    expect(value.tools).toHaveLength((body.tools as unknown[]).length);
    expect(value.tools!.find((tool) => tool.type === 'function' && tool.name === 'apply_patch')).toMatchObject({ freeform: { format: { type: 'grammar', syntax: 'lark' } } });
    expect(value.providerOptions?.openai).toMatchObject({ include: ['reasoning.encrypted_content'], prompt_cache_key: body.prompt_cache_key, store: false, verbosity: 'low' });
    expect(value.reasoning?.effort).toBe((body.reasoning as { effort: string }).effort);
  });

  it('the follow-ups carry encrypted reasoning, the custom call and both kinds of tool output', () => {
    const followUp = (name: string) => bodies.filter((entry) => entry.name === name)[1]!.body;
    const reasoning = parseOpenAIResponsesRequest(followUp('reasoning.json')).value.messages.flatMap((message): unknown[] => message.content);
    expect(reasoning).toContainEqual(expect.objectContaining({ type: 'reasoning', family: 'openai', text: 'The user wants echo ready.', encrypted: 'gAAAAB-fake-encrypted-reasoning-1' }));
    const patch = parseOpenAIResponsesRequest(followUp('apply-patch.json')).value.messages.flatMap((message): unknown[] => message.content);
    expect(patch).toContainEqual(expect.objectContaining({ type: 'tool-call', name: 'apply_patch', arguments: expect.stringContaining('*** Add File: notes/hello.txt') }));
    expect(patch).toContainEqual(expect.objectContaining({ type: 'tool-result', name: 'apply_patch' }));
    const shell = parseOpenAIResponsesRequest(followUp('shell.json')).value.messages.flatMap((message): unknown[] => message.content);
    expect(shell).toContainEqual(expect.objectContaining({ type: 'tool-result', name: 'exec_command', content: [{ type: 'text', text: expect.stringContaining('shell-ok') }] }));
  });
});
