import type { ClientFormat, ProviderToolDefinition } from '../core/chat-request.ts';
import { providerFamilyOf } from './provider-family-of.ts';
import { selectOpenAIApi, type OpenAIApi } from './openai-responses/select-openai-api.ts';

/** The wire a deployment is called on, for one client format. */
export type ToolTarget = 'anthropic' | 'openai-chat' | 'openai-responses' | 'gemini' | 'ollama' | 'mock' | (string & {});

/**
 * What a target does with a client's provider tool:
 * - `native`: the target's own tool, sent as the client wrote it;
 * - `web-search`: a hosted web search (OpenAI `web_search*`, Anthropic `web_search_*`), sent as
 *   the target's own web search (Anthropic `web_search_20250305`, Responses `web_search`, Gemini
 *   `googleSearch`);
 * - `omit`: a tool the conversation works without, left out with a warning (Codex's client-run
 *   `tool_search` only discovers tools the client held back; the model still has every tool sent);
 * - `unsupported`: the target cannot run it; the deployment is skipped from the plan.
 */
export type ProviderToolSupport = 'native' | 'web-search' | 'omit' | 'unsupported';

/** The target wire of a provider type and its `api`, for a client of `clientFormat`. */
export function toolTargetOf(providerType: string, api: OpenAIApi | undefined, clientFormat: ClientFormat): ToolTarget {
  // Azure OpenAI speaks both OpenAI APIs too: its `api` (auto on the v1 and preview API versions) decides.
  if (providerType === 'openai' || providerType === 'openai-compatible' || providerType === 'azure-openai') return selectOpenAIApi(api, clientFormat) === 'responses' ? 'openai-responses' : 'openai-chat';
  if (providerType === 'vertex') return 'gemini';
  if (providerType === 'vertex-anthropic') return 'anthropic';
  return providerType;
}

/** A hosted web search tool of a client format. */
export function isWebSearchTool(tool: ProviderToolDefinition): boolean {
  if (tool.family === 'openai') return tool.kind === 'web_search' || tool.kind.startsWith('web_search_');
  if (tool.family === 'anthropic') return tool.kind.startsWith('web_search_');
  return false;
}

const WEB_SEARCH_TARGETS: ReadonlySet<string> = new Set(['anthropic', 'openai-responses', 'gemini']);

function isNative(tool: ProviderToolDefinition, target: ToolTarget): boolean {
  if (target === 'anthropic') return tool.family === 'anthropic';
  // A Chat client's `custom` tool is Chat's own shape; every other OpenAI tool kind (web_search,
  // local_shell, tool_search, mcp…) is a Responses tool.
  if (target === 'openai-chat') return tool.family === 'openai' && tool.kind === 'custom';
  if (target === 'openai-responses') return tool.family === 'openai' && tool.kind !== 'custom';
  return providerFamilyOf(target) === tool.family;
}

export function providerToolSupport(tool: ProviderToolDefinition, target: ToolTarget): ProviderToolSupport {
  // The mock provider stands in for any provider in demos and tests: it takes every tool.
  if (target === 'mock' || isNative(tool, target)) return 'native';
  if (isWebSearchTool(tool) && WEB_SEARCH_TARGETS.has(target)) return 'web-search';
  if (tool.family === 'openai' && tool.kind === 'tool_search' && tool.value.execution === 'client') return 'omit';
  return 'unsupported';
}
