import type { ChatRequest, ReasoningConfig, ResponseFormat } from '../../core/chat-request.ts';
import { GatewayError } from '../../errors/gateway-error.ts';
import { InvalidRequestError } from '../../errors/invalid-request-error.ts';
import { isJsonObject } from '../is-json-object.ts';
import type { OpenAIResponsesRequestWire } from './openai-responses-request-schema.ts';
import { parseOpenAIResponsesInput } from './parse-openai-responses-input.ts';
import { parseOpenAIResponsesToolChoice, parseOpenAIResponsesTools } from './parse-openai-responses-tools.ts';

/** Fields read into the internal request's own fields; every other field is kept in `providerOptions.openai`. */
const MAPPED_FIELDS = new Set([
  'model', 'input', 'instructions', 'stream', 'temperature', 'top_p', 'max_output_tokens', 'parallel_tool_calls', 'metadata', 'user', 'tools', 'reasoning',
]);

/**
 * Fields that read or need server-stored state: refused with a clear 400 rather than half-served.
 * `previous_response_id` is not among them: the handler sends the follow-up to the deployment
 * that answered that id (router/pipeline/previous-response-deployment.ts), or refuses it there.
 */
const STATEFUL_FIELDS: Readonly<Record<string, string>> = {
  conversation: 'conversation reads a conversation stored on the server',
  prompt: 'prompt refers to a prompt template stored with OpenAI',
  background: 'background mode needs the response stored on the server to poll it',
};

type Effort = NonNullable<ReasoningConfig['effort']>;
const EFFORTS: ReadonlySet<string> = new Set<Effort>(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']);

function isEffort(value: string): value is Effort {
  return EFFORTS.has(value);
}

function checkStateful(body: OpenAIResponsesRequestWire): void {
  for (const [key, reason] of Object.entries(STATEFUL_FIELDS)) {
    const value = body[key];
    if (value === undefined || value === null || value === false) continue;
    throw new GatewayError('unsupported_feature', `${reason}; switchyard keeps no server-side state. Send the whole conversation in input instead.`, { param: key });
  }
}

/** `reasoning: { effort, summary }` (and the older `generate_summary`) → the portable reasoning config. */
function parseReasoning(reasoning: OpenAIResponsesRequestWire['reasoning'], warnings: string[]): ReasoningConfig | undefined {
  if (typeof reasoning !== 'object' || reasoning === null) return undefined;
  const { effort, summary, generate_summary: generateSummary } = reasoning;
  const config: ReasoningConfig = {};
  if (typeof effort === 'string') {
    if (isEffort(effort)) config.effort = effort;
    else warnings.push(`reasoning.effort '${effort}' has no equivalent across formats`);
  }
  const summaryValue = summary ?? generateSummary;
  if (typeof summaryValue === 'string') config.summary = summaryValue;
  if (config.effort === 'none') config.enabled = false;
  return Object.keys(config).length > 0 ? config : undefined;
}

/** `text.format` → the response format; `text.verbosity` and any other `text` field are kept as provider options. */
function parseText(text: OpenAIResponsesRequestWire['text'], options: Record<string, unknown>): ResponseFormat | undefined {
  if (typeof text !== 'object' || text === null) return undefined;
  const { format, verbosity, ...rest } = text;
  if (verbosity !== undefined && verbosity !== null) options.verbosity = verbosity;
  if (Object.keys(rest).length > 0) options.text = rest;
  if (format === undefined || format === null || format.type === 'text') return format?.type === 'text' ? { type: 'text' } : undefined;
  if (format.type === 'json_object') return { type: 'json' };
  if (format.type !== 'json_schema') {
    options.text = { ...rest, format };
    return undefined;
  }
  if (typeof format.name !== 'string' || !isJsonObject(format.schema)) {
    throw new InvalidRequestError("text.format needs name and schema when type is 'json_schema'", 'text.format');
  }
  return { type: 'json-schema', name: format.name, schema: format.schema, ...(typeof format.strict === 'boolean' ? { strict: format.strict } : {}) };
}

/**
 * A schema-checked OpenAI Responses body → the internal request, for routing signals, the scorer,
 * the audit and translation. Tolerant: unknown item, part and tool types become provider parts
 * and tools; fields the internal format has no place for (include, prompt_cache_key, store,
 * service_tier, client_metadata, truncation, unknown fields) are kept in `providerOptions.openai`
 * as the client spelled them (`text.verbosity` as `verbosity`, its Chat Completions name). The
 * same-format path carries the body itself.
 */
export function parseOpenAIResponsesRequest(input: unknown, parse: { allowEmptyInput?: boolean } = {}): { value: ChatRequest; warnings: string[] } {
  // Fastify checked the body against the schema this type is inferred from (openai-responses-request-schema.ts).
  const body = input as OpenAIResponsesRequestWire;
  const warnings: string[] = [];
  checkStateful(body);
  const request: ChatRequest = {
    requestedModel: typeof body.model === 'string' ? body.model : '',
    messages: parseOpenAIResponsesInput(body.instructions, body.input, warnings),
    params: {},
    stream: body.stream === true,
    clientFormat: 'openai-responses',
  };
  // /v1/responses/compact and /input_tokens may name only a previous_response_id: nothing to read then.
  if (request.messages.length === 0 && parse.allowEmptyInput !== true) throw new InvalidRequestError('input must contain at least one item', 'input');
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!MAPPED_FIELDS.has(key) && key !== 'text' && key !== 'tool_choice' && value !== undefined && value !== null) options[key] = value;
  }
  const { params } = request;
  if (typeof body.temperature === 'number') params.temperature = body.temperature;
  if (typeof body.top_p === 'number') params.topP = body.top_p;
  if (typeof body.max_output_tokens === 'number') params.maxTokens = body.max_output_tokens;
  if (typeof body.parallel_tool_calls === 'boolean') params.parallelToolCalls = body.parallel_tool_calls;
  if (Array.isArray(body.tools) && body.tools.length > 0) request.tools = parseOpenAIResponsesTools(body.tools);
  if (body.tool_choice !== undefined && body.tool_choice !== null) {
    const toolChoice = parseOpenAIResponsesToolChoice(body.tool_choice);
    if (toolChoice === undefined) options.tool_choice = body.tool_choice;
    else request.toolChoice = toolChoice;
  }
  const responseFormat = parseText(body.text, options);
  if (responseFormat !== undefined) request.responseFormat = responseFormat;
  const reasoning = parseReasoning(body.reasoning, warnings);
  if (reasoning !== undefined) request.reasoning = reasoning;
  if (typeof body.user === 'string') request.user = body.user;
  if (body.metadata !== null && typeof body.metadata === 'object') request.metadata = { ...body.metadata };
  if (Object.keys(options).length > 0) request.providerOptions = { openai: options };
  return { value: request, warnings };
}
