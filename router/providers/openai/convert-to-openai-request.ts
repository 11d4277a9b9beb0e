import type { ChatRequest } from '../../core/chat-request.ts';
import { convertToOpenAIMessages } from './convert-to-openai-messages.ts';
import { mapReasoningToOpenAIEffort } from './map-reasoning-to-openai-effort.ts';
import { providerToolSupport } from '../provider-tool-support.ts';

export type OpenAIRequestOptions = {
  /** `max_completion_tokens` (OpenAI's current name) or `max_tokens` (most compatible servers). */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
};

/**
 * OpenAI provider options (`providerOptions.openai`) that Chat Completions has: sent as they are.
 * Others of the family (a Responses client's `include`, `text`…) become warnings.
 */
const CHAT_OPTIONS = new Set([
  'n', 'logprobs', 'top_logprobs', 'logit_bias', 'prediction', 'modalities', 'audio', 'web_search_options', 'verbosity',
  'prompt_cache_key', 'prompt_cache_retention', 'safety_identifier', 'service_tier', 'store',
]);

function convertTools(request: ChatRequest, warnings: string[]): Array<Record<string, unknown>> {
  return (request.tools ?? []).flatMap((tool) => {
    if (tool.type === 'function') {
      const definition = {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.parameters,
        ...(tool.strict === undefined ? {} : { strict: tool.strict }),
      };
      return [{ type: 'function', function: definition }];
    }
    if (providerToolSupport(tool, 'openai-chat') === 'native') return [tool.value];
    warnings.push(`the ${tool.family} tool '${tool.name ?? tool.kind}' is not supported by OpenAI chat and was left out`);
    return [];
  });
}

/** Internal request → OpenAI Chat Completions body. Pure: the request is not modified. */
export function convertToOpenAIRequest(
  request: ChatRequest,
  providerModel: string,
  options: OpenAIRequestOptions,
): { value: Record<string, unknown>; warnings: string[] } {
  const messages = convertToOpenAIMessages(request.messages);
  const warnings = [...messages.warnings];
  const body: Record<string, unknown> = { model: providerModel, messages: messages.value };
  const { params } = request;
  if (params.temperature !== undefined) body.temperature = params.temperature;
  if (params.topP !== undefined) body.top_p = params.topP;
  if (params.topK !== undefined) warnings.push('top_k is not supported by OpenAI and was ignored');
  if (params.maxTokens !== undefined) body[options.maxTokensField] = params.maxTokens;
  if (params.stop !== undefined) body.stop = params.stop;
  if (params.presencePenalty !== undefined) body.presence_penalty = params.presencePenalty;
  if (params.frequencyPenalty !== undefined) body.frequency_penalty = params.frequencyPenalty;
  if (params.seed !== undefined) body.seed = params.seed;
  const tools = convertTools(request, warnings);
  if (tools.length > 0) {
    body.tools = tools;
    if (params.parallelToolCalls !== undefined) body.parallel_tool_calls = params.parallelToolCalls;
  }
  if (request.toolChoice !== undefined) {
    const choice = request.toolChoice;
    body.tool_choice = choice.type === 'tool' ? { type: 'function', function: { name: choice.name } } : choice.type;
  }
  if (request.responseFormat !== undefined) {
    const format = request.responseFormat;
    body.response_format =
      format.type === 'json-schema'
        ? { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, ...(format.strict === undefined ? {} : { strict: format.strict }) } }
        : format.type === 'json'
          ? { type: 'json_object' }
          : { type: 'text' };
  }
  const effort = mapReasoningToOpenAIEffort(request.reasoning);
  warnings.push(...effort.warnings);
  if (effort.value !== undefined) body.reasoning_effort = effort.value;
  if (request.reasoning?.summary !== undefined) warnings.push('reasoning summary is not supported by OpenAI chat and was ignored');
  for (const [key, value] of Object.entries(request.providerOptions?.openai ?? {})) {
    if (CHAT_OPTIONS.has(key)) body[key] = value;
    else warnings.push(`parameter '${key}' is not supported by OpenAI chat and was ignored`);
  }
  if (request.user !== undefined) body.user = request.user;
  if (request.stream) {
    body.stream = true;
    // Always ask for usage: the gateway needs it for cost and audit even when the client did not.
    body.stream_options = { include_usage: true };
  }
  return { value: body, warnings };
}
