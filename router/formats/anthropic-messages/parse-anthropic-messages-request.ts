import type { ChatRequest, SystemMessage, TextPart } from '../../core/chat-request.ts';
import { cacheOf } from './parse-anthropic-cache-control.ts';
import { isJsonObject } from '../is-json-object.ts';
import type { AnthropicMessagesRequestWire } from './anthropic-messages-request-schema.ts';
import { requireString } from './parse-anthropic-content-block.ts';
import { parseAnthropicConversation } from './parse-anthropic-conversation.ts';
import { parseAnthropicOutputFormat, parseAnthropicReasoning } from './parse-anthropic-reasoning.ts';
import { parseAnthropicToolChoice, parseAnthropicTools } from './parse-anthropic-tools.ts';

/** Fields mapped onto the internal request. Every other field goes to `providerOptions.anthropic`, as sent. */
const MAPPED_FIELDS = new Set(['model', 'messages', 'system', 'max_tokens', 'stream', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'metadata', 'tools', 'tool_choice']);

/**
 * Fields that are both mapped (to reasoning, a response format) and kept as sent in the provider
 * options, so an Anthropic target gets them exactly: `thinking`, `output_config`.
 */
const MAPPED_AND_KEPT_FIELDS = new Set(['thinking', 'output_config']);

function parseSystem(system: AnthropicMessagesRequestWire['system'], warnings: string[]): SystemMessage | undefined {
  if (system === undefined || system === '') return undefined;
  if (typeof system === 'string') return { role: 'system', content: [{ type: 'text', text: system }] };
  const content: TextPart[] = [];
  system.forEach((block, index) => {
    if (block.type === 'text') content.push({ type: 'text', text: requireString(block.text, `system[${index}].text`), ...cacheOf(block) });
    else warnings.push(`a '${block.type}' block in system has no equivalent outside Anthropic and was left out when translating`);
  });
  return content.length === 0 ? undefined : { role: 'system', content };
}

/**
 * A schema-checked Anthropic Messages body → the internal request. Also reads count_tokens bodies
 * (no `max_tokens`). Tolerant: unknown roles, blocks, tool types and fields are signal values and
 * provider options, never a 400. Pure: returns the request and what it could not map.
 */
export function parseAnthropicMessagesRequest(input: unknown): { value: ChatRequest; warnings: string[] } {
  // Fastify checked the body against the schema this type is inferred from (anthropic-messages-request-schema.ts).
  const body = input as AnthropicMessagesRequestWire;
  const warnings: string[] = [];
  const system = parseSystem(body.system, warnings);
  const conversation = parseAnthropicConversation(body.messages, warnings);
  const request: ChatRequest = {
    requestedModel: typeof body.model === 'string' ? body.model : '',
    messages: system === undefined ? conversation : [system, ...conversation],
    params: {},
    stream: body.stream === true,
    clientFormat: 'anthropic-messages',
  };
  const { params } = request;
  if ('max_tokens' in body && typeof body.max_tokens === 'number') params.maxTokens = body.max_tokens;
  if (typeof body.temperature === 'number') params.temperature = body.temperature;
  if (typeof body.top_p === 'number') params.topP = body.top_p;
  if (typeof body.top_k === 'number') params.topK = body.top_k;
  if (Array.isArray(body.stop_sequences) && body.stop_sequences.length > 0) params.stop = [...body.stop_sequences];
  if (Array.isArray(body.tools) && body.tools.length > 0) request.tools = parseAnthropicTools(body.tools);
  if (body.tool_choice !== undefined) {
    const choice = body.tool_choice;
    const toolChoice = parseAnthropicToolChoice(choice, warnings);
    if (toolChoice !== undefined) request.toolChoice = toolChoice;
    if (choice.disable_parallel_tool_use === true) params.parallelToolCalls = false;
  }
  const outputConfig = body.output_config;
  const reasoning = parseAnthropicReasoning(body.thinking, outputConfig, warnings);
  if (reasoning !== undefined) request.reasoning = reasoning;
  const responseFormat = parseAnthropicOutputFormat(outputConfig);
  if (responseFormat !== undefined) request.responseFormat = responseFormat;
  const userId = isJsonObject(body.metadata) ? body.metadata.user_id : undefined;
  if (typeof userId === 'string') request.user = userId;

  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!MAPPED_FIELDS.has(key) || MAPPED_AND_KEPT_FIELDS.has(key)) options[key] = value;
  }
  if (Object.keys(options).length > 0) request.providerOptions = { anthropic: options };
  return { value: request, warnings: [...new Set(warnings)] };
}
