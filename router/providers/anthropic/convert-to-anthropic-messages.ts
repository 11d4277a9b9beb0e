import type { ChatMessage, ChatRequest, ImagePart, TextPart, ToolCallPart, ToolChoice } from '../../core/chat-request.ts';
import type {
  AnthropicImageBlock,
  AnthropicMessage,
  AnthropicMessagesBody,
  AnthropicRequestBlock,
  AnthropicTextBlock,
  AnthropicToolChoice,
} from './anthropic-wire.ts';
import { planAnthropicJsonOutput } from './plan-anthropic-json-output.ts';

/**
 * Anthropic requires `max_tokens`; the internal request may not have one. This default is used
 * then (documented, not a warning: nothing the caller asked for is changed).
 */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

/** Anthropic's temperature range is 0..1 (OpenAI's is 0..2). */
const MAX_TEMPERATURE = 1;

export type AnthropicConversion = {
  body: AnthropicMessagesBody;
  /** Set when a JSON-schema answer is forced through this tool: its call is the answer text. */
  jsonToolName: string | undefined;
};

function convertImage(part: ImagePart): AnthropicImageBlock {
  return part.source.type === 'url'
    ? { type: 'image', source: { type: 'url', url: part.source.url } }
    : { type: 'image', source: { type: 'base64', media_type: part.source.mediaType, data: part.source.data } };
}

/** Anthropic rejects empty text blocks; an empty text carries nothing, so it is left out. */
function convertParts(parts: ReadonlyArray<TextPart | ImagePart>): Array<AnthropicTextBlock | AnthropicImageBlock> {
  return parts.flatMap((part): Array<AnthropicTextBlock | AnthropicImageBlock> => {
    if (part.type === 'image') return [convertImage(part)];
    return part.text === '' ? [] : [{ type: 'text', text: part.text }];
  });
}

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

function convertMessage(message: Exclude<ChatMessage, { role: 'system' }>, warnings: string[]): AnthropicMessage {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: convertParts(message.content.filter((part) => part.type === 'text' || part.type === 'image')) };
    case 'assistant':
      return {
        role: 'assistant',
        content: message.content.flatMap((part): AnthropicRequestBlock[] => {
          if (part.type === 'text') return part.text === '' ? [] : [{ type: 'text', text: part.text }];
          if (part.type !== 'tool-call') return [];
          return [{ type: 'tool_use', id: part.id, name: part.name, input: parseToolInput(part, warnings) }];
        }),
      };
    case 'tool':
      return {
        role: 'user',
        content: message.content.map((result) => ({
          type: 'tool_result' as const,
          tool_use_id: result.toolCallId,
          content: convertParts(result.content),
          ...(result.isError === true ? { is_error: true } : {}),
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

/**
 * Internal request → Anthropic Messages body. Pure: the request is not modified (failover replays
 * it). System messages become the top-level `system`; tool results become `tool_result` blocks of a
 * user turn; JSON output is planned by `planAnthropicJsonOutput`.
 */
export function convertToAnthropicMessages(request: ChatRequest, providerModel: string): { value: AnthropicConversion; warnings: string[] } {
  const warnings: string[] = [];
  const system: AnthropicTextBlock[] = [];
  const turns: AnthropicMessage[] = [];
  for (const message of request.messages) {
    if (message.role === 'system') {
      if (turns.length > 0) warnings.push('a system message inside the conversation was moved to the top-level system prompt (Anthropic has no system turns)');
      system.push(...(convertParts(message.content) as AnthropicTextBlock[]));
      continue;
    }
    const turn = convertMessage(message, warnings);
    if (turn.content.length === 0) warnings.push(`an empty ${message.role} message was left out (Anthropic rejects empty content)`);
    else turns.push(turn);
  }

  const functionTools = (request.tools ?? []).filter((tool) => tool.type === 'function');
  const hasTools = functionTools.length > 0;
  const json = planAnthropicJsonOutput(request.responseFormat, hasTools);
  warnings.push(...json.warnings);
  if (json.value.kind === 'instruction') system.push({ type: 'text', text: json.value.text });

  const { params } = request;
  const body: AnthropicMessagesBody = {
    model: providerModel,
    max_tokens: params.maxTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
    messages: mergeTurns(turns),
  };
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

  if (!hasTools && (request.toolChoice?.type === 'required' || request.toolChoice?.type === 'tool')) {
    warnings.push(`tool_choice '${request.toolChoice.type}' without tools was ignored`);
  }
  if (json.value.kind === 'tool') {
    body.tools = [json.value.tool];
    body.tool_choice = { type: 'tool', name: json.value.tool.name };
  } else if (hasTools) {
    body.tools = functionTools.map((tool) => ({
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      input_schema: tool.parameters,
    }));
    if (functionTools.some((tool) => tool.strict === true)) warnings.push('strict tool schemas are not enforced by Anthropic');
    const choice = convertToolChoice(request.toolChoice, params.parallelToolCalls === false);
    if (choice !== undefined) body.tool_choice = choice;
  }

  if (request.user !== undefined) body.metadata = { user_id: request.user };
  if (request.stream) body.stream = true;
  return { value: { body, jsonToolName: json.value.kind === 'tool' ? json.value.tool.name : undefined }, warnings };
}
