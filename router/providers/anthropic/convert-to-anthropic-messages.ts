import type { ChatMessage, ChatRequest, ProviderToolDefinition, ToolCallPart, ToolChoice } from '../../core/chat-request.ts';
import { providerToolSupport } from '../provider-tool-support.ts';
import { webSearchSettings, webSearchWarning } from '../web-search-settings.ts';
import { anthropicDefaultMaxTokens } from './anthropic-default-max-tokens.ts';
import type { AnthropicImageBlock, AnthropicMessage, AnthropicMessagesBody, AnthropicRequestBlock, AnthropicTextBlock, AnthropicTool, AnthropicToolChoice } from './anthropic-wire.ts';
import {
  convertCacheBreakpoint,
  convertDocument,
  convertImage,
  convertProviderPart,
  convertReasoning,
  convertText,
} from './convert-to-anthropic-content.ts';
import { convertToAnthropicThinking } from './convert-to-anthropic-thinking.ts';
import { thinkingOffForUnsignedStep } from './thinking-off-for-unsigned-step.ts';
import { planAnthropicJsonOutput } from './plan-anthropic-json-output.ts';

/** Anthropic's temperature range is 0..1 (OpenAI's is 0..2). */
const MAX_TEMPERATURE = 1;

/** Body fields the converter writes itself: an Anthropic client's provider options never overwrite them. */
const OWN_FIELDS = new Set(['model', 'max_tokens', 'messages', 'system', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'tools', 'tool_choice', 'metadata', 'stream']);

export type AnthropicConversion = {
  body: AnthropicMessagesBody;
  /** Set when a JSON-schema answer is forced through this tool: its call is the answer text. */
  jsonToolName: string | undefined;
};

function parseToolInput(call: ToolCallPart, warnings: string[]): unknown {
  if (call.arguments.trim() === '') return {};
  try {
    const input: unknown = JSON.parse(call.arguments);
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) return input;
  } catch {
    // Falls through to the warning.
  }
  warnings.push(`tool call '${call.id}' has arguments that are not a JSON object; they were sent to Anthropic as {}`);
  return {};
}

function convertMessage(message: ChatMessage, warnings: string[]): AnthropicMessage {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content.flatMap(convertText) };
    case 'user':
      return {
        role: 'user',
        content: message.content.flatMap((part): AnthropicRequestBlock[] => {
          if (part.type === 'text') return convertText(part);
          if (part.type === 'image') return [convertImage(part)];
          if (part.type === 'document') return [convertDocument(part)];
          return convertProviderPart(part, warnings);
        }),
      };
    case 'assistant':
      return {
        role: 'assistant',
        content: message.content.flatMap((part): AnthropicRequestBlock[] => {
          switch (part.type) {
            case 'text':
              return convertText(part);
            case 'tool-call':
              return [{ type: 'tool_use', id: part.id, name: part.name, input: parseToolInput(part, warnings) }];
            case 'reasoning':
              return convertReasoning(part, warnings);
            case 'refusal':
              return part.text === '' ? [] : [{ type: 'text', text: part.text }];
            case 'provider':
              return convertProviderPart(part, warnings);
          }
        }),
      };
    case 'tool':
      return {
        role: 'user',
        content: message.content.map((result) => ({
          type: 'tool_result' as const,
          tool_use_id: result.toolCallId,
          content: result.content.flatMap((part): Array<AnthropicTextBlock | AnthropicImageBlock> => (part.type === 'image' ? [convertImage(part)] : convertText(part))),
          ...(result.isError === true ? { is_error: true } : {}),
          ...convertCacheBreakpoint(result.cache),
        })),
      };
  }
}

/** Consecutive same-role turns become one (tool results and a user's text share the user turn). */
function mergeTurns(messages: AnthropicMessage[]): AnthropicMessage[] {
  const merged: AnthropicMessage[] = [];
  for (const message of messages) {
    const previous = merged.at(-1);
    if (previous !== undefined && previous.role === message.role) previous.content = [...previous.content, ...message.content];
    else merged.push({ role: message.role, content: [...message.content] });
  }
  for (const message of merged) {
    // Anthropic wants a user turn's tool_result blocks before anything else in it.
    if (message.role === 'user') {
      message.content = [...message.content.filter((block) => block.type === 'tool_result'), ...message.content.filter((block) => block.type !== 'tool_result')];
    }
  }
  return merged;
}

function convertToolChoice(choice: ToolChoice | undefined, disableParallel: boolean): AnthropicToolChoice | undefined {
  const parallel = disableParallel ? { disable_parallel_tool_use: true } : {};
  switch (choice?.type) {
    case undefined:
      return disableParallel ? { type: 'auto', ...parallel } : undefined;
    case 'auto':
      return { type: 'auto', ...parallel };
    case 'required':
      return { type: 'any', ...parallel };
    case 'tool':
      return { type: 'tool', name: choice.name, ...parallel };
    case 'none':
      return { type: 'none' };
  }
}

/** Another API's hosted web search as Anthropic's server tool. */
function convertWebSearch(tool: ProviderToolDefinition, warnings: string[]): AnthropicTool {
  const settings = webSearchSettings(tool);
  warnings.push(...webSearchWarning('Anthropic web search', settings.other));
  return {
    type: 'web_search_20250305',
    name: 'web_search',
    ...(settings.allowedDomains === undefined ? {} : { allowed_domains: settings.allowedDomains }),
    ...(settings.blockedDomains === undefined ? {} : { blocked_domains: settings.blockedDomains }),
    ...(settings.userLocation === undefined ? {} : { user_location: settings.userLocation }),
    ...(settings.maxUses === undefined ? {} : { max_uses: settings.maxUses }),
  } as AnthropicTool;
}

function convertTools(request: ChatRequest, warnings: string[]): AnthropicTool[] {
  return (request.tools ?? []).flatMap((tool): AnthropicTool[] => {
    if (tool.type === 'provider') {
      switch (providerToolSupport(tool, 'anthropic')) {
        case 'native':
          return [{ ...tool.value, type: tool.kind }];
        case 'web-search':
          return [convertWebSearch(tool, warnings)];
        case 'omit':
          warnings.push(`the ${tool.family} tool '${tool.name ?? tool.kind}' has no Anthropic equivalent and was left out (the model still has every tool sent)`);
          return [];
        case 'unsupported':
          warnings.push(`the ${tool.family} tool '${tool.name ?? tool.kind}' has no Anthropic equivalent and was left out`);
          return [];
      }
    }
    return [{
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      input_schema: tool.parameters,
      ...(tool.strict === undefined ? {} : { strict: tool.strict }),
      ...convertCacheBreakpoint(tool.cache),
    }];
  });
}

function hasCacheBreakpoint(request: ChatRequest): boolean {
  const partHas = (part: { cache?: unknown }): boolean => part.cache !== undefined;
  return (request.tools ?? []).some((tool) => tool.type === 'function' && partHas(tool)) || request.messages.some((message) => message.content.some(partHas));
}

/**
 * A client of another API never asks for prompt caching; Anthropic caches only up to a marked
 * breakpoint. So a request with no breakpoint of its own gets one on the stable prefix: the last
 * tool definition and the last top-level system block (prefixes under Anthropic's minimum length
 * are simply not cached).
 */
function markStablePrefix(body: AnthropicMessagesBody): void {
  const lastTool = body.tools?.at(-1);
  if (lastTool !== undefined) lastTool.cache_control = { type: 'ephemeral' };
  const lastSystem = body.system?.at(-1);
  if (lastSystem !== undefined) lastSystem.cache_control = { type: 'ephemeral' };
}

/**
 * Internal request → Anthropic Messages body. Pure: the request is not modified (failover replays
 * it). Leading system messages become the top-level `system`; later ones stay in place as
 * `role: "system"` turns (as Claude Code sends them); tool results become `tool_result` blocks of a
 * user turn; reasoning config becomes `thinking`; Anthropic-only options an Anthropic client sent
 * (providerOptions.anthropic) go through as they came; JSON output is planned by
 * `planAnthropicJsonOutput` unless the client asked Anthropic natively (`output_config.format`).
 */
export function convertToAnthropicMessages(request: ChatRequest, providerModel: string): { value: AnthropicConversion; warnings: string[] } {
  const warnings: string[] = [];
  const system: AnthropicTextBlock[] = [];
  const turns: AnthropicMessage[] = [];
  for (const message of request.messages) {
    if (message.role === 'system' && turns.length === 0) {
      system.push(...message.content.flatMap(convertText));
      continue;
    }
    const turn = convertMessage(message, warnings);
    if (turn.content.length === 0) warnings.push(`an empty ${message.role} message was left out (Anthropic rejects empty content)`);
    else turns.push(turn);
  }

  const options = request.providerOptions?.anthropic ?? {};
  const tools = convertTools(request, warnings);
  const nativeFormat = (options.output_config as { format?: unknown } | undefined)?.format;
  const json = nativeFormat === undefined || nativeFormat === null
    ? planAnthropicJsonOutput(request.responseFormat, tools.length > 0)
    : { value: { kind: 'none' as const }, warnings: [] };
  warnings.push(...json.warnings);
  if (json.value.kind === 'instruction') system.push({ type: 'text', text: json.value.text });

  const { params } = request;
  const body: AnthropicMessagesBody = {
    model: providerModel,
    max_tokens: params.maxTokens ?? anthropicDefaultMaxTokens(providerModel),
    messages: mergeTurns(turns),
  };
  for (const [key, value] of Object.entries(options)) if (!OWN_FIELDS.has(key)) body[key] = value;
  if (system.length > 0) body.system = system;
  if (params.temperature !== undefined) {
    if (params.temperature > MAX_TEMPERATURE) warnings.push(`temperature ${params.temperature} is above Anthropic's maximum of ${MAX_TEMPERATURE}; sent as ${MAX_TEMPERATURE}`);
    body.temperature = Math.min(params.temperature, MAX_TEMPERATURE);
  }
  if (params.topP !== undefined) body.top_p = params.topP;
  if (params.topK !== undefined) body.top_k = params.topK;
  if (params.stop !== undefined && params.stop.length > 0) body.stop_sequences = [...params.stop];
  if (params.presencePenalty !== undefined) warnings.push('presence_penalty is not supported by Anthropic and was ignored');
  if (params.frequencyPenalty !== undefined) warnings.push('frequency_penalty is not supported by Anthropic and was ignored');
  if (params.seed !== undefined) warnings.push('seed is not supported by Anthropic and was ignored');
  warnings.push(...convertToAnthropicThinking(request, body));
  if (thinkingOffForUnsignedStep(body, warnings, false) !== body) delete body.thinking;

  const hasTools = tools.length > 0;
  if (!hasTools && (request.toolChoice?.type === 'required' || request.toolChoice?.type === 'tool')) {
    warnings.push(`tool_choice '${request.toolChoice.type}' without tools was ignored`);
  }
  if (json.value.kind === 'tool') {
    body.tools = [json.value.tool];
    body.tool_choice = { type: 'tool', name: json.value.tool.name };
  } else if (hasTools) {
    body.tools = tools;
    if ((request.tools ?? []).some((tool) => tool.type === 'function' && tool.strict === true) && request.clientFormat !== 'anthropic-messages') {
      warnings.push('strict tool schemas are not enforced by Anthropic');
    }
    const choice = convertToolChoice(request.toolChoice, params.parallelToolCalls === false);
    if (choice !== undefined) body.tool_choice = choice;
  }
  if (request.clientFormat !== 'anthropic-messages' && !hasCacheBreakpoint(request)) markStablePrefix(body);

  if (request.user !== undefined) body.metadata = { user_id: request.user };
  if (request.stream) body.stream = true;
  return { value: { body, jsonToolName: json.value.kind === 'tool' ? json.value.tool.name : undefined }, warnings };
}
