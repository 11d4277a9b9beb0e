import { describe, expect, it } from 'vitest';
import type { ProviderToolDefinition } from '../core/chat-request.ts';
import { providerToolSupport, toolTargetOf } from './provider-tool-support.ts';

const anthropicTool = (kind: string): ProviderToolDefinition => ({ type: 'provider', family: 'anthropic', kind, value: { type: kind } });
const openAITool = (kind: string, value: Record<string, unknown> = {}): ProviderToolDefinition => ({ type: 'provider', family: 'openai', kind, value: { type: kind, ...value } });

describe('providerToolSupport', () => {
  it('runs a family’s own tools only on that family, OpenAI hosted tools only on the Responses API', () => {
    expect(providerToolSupport(anthropicTool('code_execution_20250825'), 'anthropic')).toBe('native');
    expect(providerToolSupport(anthropicTool('code_execution_20250825'), 'openai-responses')).toBe('unsupported');
    expect(providerToolSupport(anthropicTool('bash_20250124'), 'gemini')).toBe('unsupported');
    expect(providerToolSupport(openAITool('code_interpreter'), 'openai-responses')).toBe('native');
    expect(providerToolSupport(openAITool('code_interpreter'), 'openai-chat')).toBe('unsupported');
    expect(providerToolSupport(openAITool('local_shell'), 'anthropic')).toBe('unsupported');
    expect(providerToolSupport(openAITool('custom'), 'openai-chat')).toBe('native');
    expect(providerToolSupport(openAITool('custom'), 'openai-responses')).toBe('unsupported');
  });

  it('maps hosted web search between Anthropic, the Responses API and Gemini, never to Chat or Ollama', () => {
    for (const tool of [openAITool('web_search'), openAITool('web_search_preview'), anthropicTool('web_search_20250305')]) {
      expect(providerToolSupport(tool, 'gemini')).toBe('web-search');
      expect(providerToolSupport(tool, 'openai-chat')).toBe('unsupported');
      expect(providerToolSupport(tool, 'ollama')).toBe('unsupported');
    }
    expect(providerToolSupport(openAITool('web_search'), 'anthropic')).toBe('web-search');
    expect(providerToolSupport(anthropicTool('web_search_20250305'), 'openai-responses')).toBe('web-search');
    expect(providerToolSupport(anthropicTool('web_fetch_20250910'), 'openai-responses')).toBe('unsupported');
  });

  it("omits Codex's client-run tool_search elsewhere, but not a hosted one", () => {
    expect(providerToolSupport(openAITool('tool_search', { execution: 'client' }), 'anthropic')).toBe('omit');
    expect(providerToolSupport(openAITool('tool_search'), 'anthropic')).toBe('unsupported');
  });

  it('lets the mock provider take everything, and picks the OpenAI API as the adapter does', () => {
    expect(providerToolSupport(anthropicTool('computer_20250124'), 'mock')).toBe('native');
    expect(toolTargetOf('openai', 'auto', 'openai-responses')).toBe('openai-responses');
    expect(toolTargetOf('openai', 'auto', 'anthropic-messages')).toBe('openai-chat');
    expect(toolTargetOf('openai-compatible', 'responses', 'openai-chat')).toBe('openai-responses');
    expect(toolTargetOf('anthropic', undefined, 'openai-chat')).toBe('anthropic');
    // Azure on the v1 API (api: auto) runs a Responses client's hosted tools; on a dated version (chat) it does not.
    expect(toolTargetOf('azure-openai', 'auto', 'openai-responses')).toBe('openai-responses');
    expect(toolTargetOf('azure-openai', 'chat', 'openai-responses')).toBe('openai-chat');
  });
});
