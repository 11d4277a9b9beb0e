import type { ChatParams } from '../../core/chat-request.ts';
import { applyCarriedEdits } from '../carry/apply-carried-edits.ts';
import type { CarriedRequest } from '../provider-adapter.ts';
import type { OpenAIRequestOptions } from './convert-to-openai-request.ts';

/** Internal param → its Chat Completions name (max tokens is chosen apart: the client's own field wins). */
const WIRE_NAMES = {
  temperature: 'temperature',
  topP: 'top_p',
  stop: 'stop',
  presencePenalty: 'presence_penalty',
  frequencyPenalty: 'frequency_penalty',
  seed: 'seed',
  parallelToolCalls: 'parallel_tool_calls',
} as const satisfies Partial<Record<keyof ChatParams, string>>;

/** The max-tokens field(s) to write: the one(s) the client used, else the deployment's own. */
function maxTokensFields(body: Readonly<Record<string, unknown>>, options: OpenAIRequestOptions): string[] {
  const used = ['max_completion_tokens', 'max_tokens'].filter((field) => body[field] !== undefined && body[field] !== null);
  return used.length > 0 ? used : [options.maxTokensField];
}

/**
 * A Chat Completions client's own body for an OpenAI(-compatible) upstream: a shallow copy with
 * the documented edits only — `model`, the gateway's params in wire names, usage asked for on a
 * stream (the passthrough drops the usage chunk again when the client did not ask), then the later
 * edits. Pure: the client's body is not touched, so failover can replay it.
 */
export function carryOpenAIChatBody(carried: CarriedRequest, providerModel: string, options: OpenAIRequestOptions): { value: Record<string, unknown>; warnings: string[] } {
  const warnings: string[] = [];
  const { body, params } = carried;
  const value: Record<string, unknown> = { ...body, model: providerModel };
  for (const [key, wireName] of Object.entries(WIRE_NAMES) as Array<[keyof typeof WIRE_NAMES, string]>) {
    if (params[key] !== undefined) value[wireName] = params[key];
  }
  if (params.maxTokens !== undefined) for (const field of maxTokensFields(body, options)) value[field] = params.maxTokens;
  if (params.topK !== undefined) warnings.push('top_k is not supported by OpenAI and was ignored');
  if (body.stream === true) {
    const streamOptions = body.stream_options as Record<string, unknown> | null | undefined;
    if (streamOptions?.include_usage !== true) value.stream_options = { ...streamOptions, include_usage: true };
  }
  return { value: applyCarriedEdits(value, carried.edits, warnings), warnings };
}
