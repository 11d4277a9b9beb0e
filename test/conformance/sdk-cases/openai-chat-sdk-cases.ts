import type OpenAI from 'openai';

/** A call the official SDK makes, named after the fixture it records. */
export type SdkCase = { name: string; description: string; call: () => Promise<unknown> };

const MODEL = 'fidelity';

/**
 * Chat Completions calls of the official `openai` client that a same-format upstream must receive
 * exactly as sent: the fields the gateway does not map (n, reasoning_effort, prompt_cache_key…),
 * custom tools, allowed_tools, audio and file parts. Shared by the recorder and the live test.
 */
export function openAIChatCases(client: OpenAI): SdkCase[] {
  const chat = client.chat.completions;
  return [
    {
      name: 'sdk-basic',
      description: 'system + user, temperature, max_tokens',
      call: () => chat.create({ model: MODEL, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hello there' }], temperature: 0.3, max_tokens: 64 }),
    },
    {
      name: 'sdk-n-2',
      description: 'chat.completions.create({ n: 2 })',
      call: () => chat.create({ model: MODEL, messages: [{ role: 'user', content: 'two ideas, please' }], n: 2 }),
    },
    {
      name: 'sdk-reasoning-options',
      description: 'developer role, reasoning_effort, verbosity, max_completion_tokens, prompt_cache_key, service_tier, store, safety_identifier',
      call: () =>
        chat.create({
          model: MODEL,
          messages: [{ role: 'developer', content: 'Think first.' }, { role: 'user', content: 'prove it' }],
          reasoning_effort: 'high',
          verbosity: 'low',
          max_completion_tokens: 2000,
          prompt_cache_key: 'tenant-42',
          service_tier: 'flex',
          store: false,
          safety_identifier: 'user-hash-1',
        }),
    },
    {
      name: 'sdk-custom-tools',
      description: 'a custom (grammar) tool next to a function tool, tool_choice.allowed_tools, parallel_tool_calls',
      call: () =>
        chat.create({
          model: MODEL,
          messages: [{ role: 'user', content: 'patch the file' }],
          tools: [
            { type: 'custom', custom: { name: 'apply_patch', description: 'Apply a patch', format: { type: 'grammar', grammar: { syntax: 'lark', definition: 'start: /.+/' } } } },
            { type: 'function', function: { name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] }, strict: true } },
          ],
          tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: [{ type: 'custom', custom: { name: 'apply_patch' } }] } },
          parallel_tool_calls: false,
        }),
    },
    {
      name: 'sdk-sampling-extras',
      description: 'logprobs, top_logprobs, logit_bias, prediction, seed, stop, presence and frequency penalties, user, metadata',
      call: () =>
        chat.create({
          model: MODEL,
          messages: [{ role: 'user', content: 'rewrite: hello world' }],
          logprobs: true,
          top_logprobs: 3,
          logit_bias: { '50256': -100 },
          prediction: { type: 'content', content: 'hello world' },
          seed: 7,
          stop: ['\n\n'],
          presence_penalty: 0.5,
          frequency_penalty: 0.25,
          user: 'someone',
          metadata: { team: 'core' },
        }),
    },
    {
      name: 'sdk-stream',
      description: 'a stream without stream_options (the gateway asks for usage and drops it again)',
      call: async () => {
        const stream = await chat.create({ model: MODEL, messages: [{ role: 'user', content: 'stream please' }], stream: true });
        for await (const chunk of stream) void chunk;
      },
    },
    {
      name: 'sdk-stream-usage',
      description: 'a stream with stream_options.include_usage',
      call: async () => {
        const stream = await chat.create({ model: MODEL, messages: [{ role: 'user', content: 'stream with usage' }], stream: true, stream_options: { include_usage: true } });
        for await (const chunk of stream) void chunk;
      },
    },
    {
      name: 'sdk-audio-file-web-search',
      description: 'input_audio, file and image parts, modalities + audio, web_search_options',
      call: () =>
        chat.create({
          model: MODEL,
          modalities: ['text', 'audio'],
          audio: { voice: 'alloy', format: 'wav' },
          web_search_options: { search_context_size: 'low' },
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: 'what is in these?' },
                { type: 'input_audio', input_audio: { data: 'UklGRiQAAABXQVZF', format: 'wav' } },
                { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0xLjQK' } },
                { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
              ],
            },
          ],
        }),
    },
    {
      name: 'sdk-tool-loop',
      description: 'a tool loop: assistant tool_calls (function and custom), tool results, an assistant refusal, JSON schema output',
      call: () =>
        chat.create({
          model: MODEL,
          messages: [
            { role: 'user', content: 'weather in Paris?' },
            {
              role: 'assistant',
              content: null,
              tool_calls: [
                { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
                { id: 'call_2', type: 'custom', custom: { name: 'apply_patch', input: '*** Begin Patch' } },
              ],
            },
            { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: '18C' }] },
            { role: 'tool', tool_call_id: 'call_2', content: 'done' },
            { role: 'assistant', content: null, refusal: 'I cannot do that part.' },
            { role: 'user', content: 'fine, answer as JSON' },
          ],
          response_format: { type: 'json_schema', json_schema: { name: 'weather', strict: true, schema: { type: 'object', properties: { c: { type: 'number' } }, required: ['c'], additionalProperties: false } } },
        }),
    },
  ];
}
