import type Anthropic from '@anthropic-ai/sdk';
import type { SdkCase } from './openai-chat-sdk-cases.ts';

const MODEL = 'fidelity';

const tools = [
  { name: 'read_file', description: 'Read a file', input_schema: { type: 'object' as const, properties: { path: { type: 'string' } }, required: ['path'] } },
  { name: 'bash', description: 'Run a command', input_schema: { type: 'object' as const, properties: { command: { type: 'string' } } }, cache_control: { type: 'ephemeral' as const } },
];

/**
 * Messages calls of the official `@anthropic-ai/sdk` that an Anthropic upstream must receive
 * exactly as sent: cache_control on system, tools and messages, thinking with signed thinking
 * blocks in history, betas, top_k and fields the gateway does not know. Shared by the recorder
 * and the live test.
 */
export function anthropicMessagesCases(client: Anthropic): SdkCase[] {
  return [
    {
      name: 'sdk-cache-control',
      description: 'system blocks and tools with cache_control (5m and 1h), a cached user block',
      call: () =>
        client.messages.create({
          model: MODEL,
          max_tokens: 512,
          system: [
            { type: 'text', text: 'You are a coding agent.' },
            { type: 'text', text: 'A long, stable instruction block.', cache_control: { type: 'ephemeral', ttl: '1h' } },
          ],
          tools,
          messages: [{ role: 'user', content: [{ type: 'text', text: 'list the files', cache_control: { type: 'ephemeral' } }] }],
        }),
    },
    {
      name: 'sdk-thinking-tool-loop',
      description: 'thinking enabled with a budget; history with a signed thinking block, tool_use and tool_result; tool_choice; top_k; metadata',
      call: () =>
        client.messages.create({
          model: MODEL,
          max_tokens: 4096,
          thinking: { type: 'enabled', budget_tokens: 2048 },
          tools,
          tool_choice: { type: 'auto', disable_parallel_tool_use: true },
          // top_k is not in this SDK's types any more; clients still send it.
          ...({ top_k: 40 } as Record<string, unknown>),
          metadata: { user_id: 'user-1' },
          messages: [
            { role: 'user', content: 'what is in README.md?' },
            {
              role: 'assistant',
              content: [
                { type: 'thinking', thinking: 'I should read the file.', signature: 'EqQBCkYIBRgCKkD-signature' },
                { type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: 'README.md' } },
              ],
            },
            { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '# switchyard' }] }] },
          ],
        }),
    },
    {
      name: 'sdk-stream-thinking',
      description: 'messages.stream with thinking, stop_sequences, temperature',
      call: async () => {
        const stream = client.messages.stream({
          model: MODEL,
          max_tokens: 2048,
          thinking: { type: 'enabled', budget_tokens: 1024 },
          stop_sequences: ['END'],
          messages: [{ role: 'user', content: 'think, then answer' }],
        });
        await stream.finalMessage();
      },
    },
    {
      name: 'sdk-beta-unknown-fields',
      description: 'beta.messages.create with betas (the anthropic-beta header), context_management and a field no version knows yet',
      call: () =>
        client.beta.messages.create({
          model: MODEL,
          max_tokens: 256,
          betas: ['context-management-2025-06-27', 'interleaved-thinking-2025-05-14'],
          context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
          messages: [{ role: 'user', content: 'hello' }],
          // A field from a future API version: it must reach the upstream untouched.
          ...({ future_field: { enabled: true } } as Record<string, unknown>),
        }),
    },
  ];
}
