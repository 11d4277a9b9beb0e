import type { ChatParams } from '../../core/chat-request.ts';
import { applyCarriedEdits } from '../carry/apply-carried-edits.ts';
import { omitForeignReasoningItems } from './omit-foreign-reasoning-items.ts';
import type { CarriedRequest } from '../provider-adapter.ts';

/** Internal param → its Responses name. */
const WIRE_NAMES = {
  temperature: 'temperature',
  topP: 'top_p',
  maxTokens: 'max_output_tokens',
  parallelToolCalls: 'parallel_tool_calls',
} as const satisfies Partial<Record<keyof ChatParams, string>>;

/** Params a router may set that the Responses API has no field for. */
const UNSUPPORTED: ReadonlyArray<[keyof ChatParams, string]> = [
  ['topK', 'top_k'],
  ['stop', 'stop'],
  ['presencePenalty', 'presence_penalty'],
  ['frequencyPenalty', 'frequency_penalty'],
  ['seed', 'seed'],
];

/**
 * A Responses client's own body (Codex) for a Responses upstream: a shallow copy with the
 * documented edits only — `model`, reasoning items the gateway tagged with another family left out
 * (omit-foreign-reasoning-items.ts), the gateway's params in Responses names (`max_output_tokens`
 * for the cap), then the later edits. Every other field — tools (custom apply_patch included),
 * reasoning, include, prompt_cache_key, text, store, client_metadata, unknown ones — goes
 * through untouched. Pure: the client's body is not touched, so failover can replay it.
 */
export function carryOpenAIResponsesBody(carried: CarriedRequest, providerModel: string): { value: Record<string, unknown>; warnings: string[] } {
  const warnings: string[] = [];
  const { body, params } = carried;
  const value: Record<string, unknown> = { ...body, model: providerModel };
  if (body.input !== undefined) value.input = omitForeignReasoningItems(body.input, warnings);
  for (const [key, wireName] of Object.entries(WIRE_NAMES) as Array<[keyof typeof WIRE_NAMES, string]>) {
    if (params[key] !== undefined) value[wireName] = params[key];
  }
  for (const [key, wireName] of UNSUPPORTED) if (params[key] !== undefined) warnings.push(`${wireName} is not supported by OpenAI responses and was ignored`);
  return { value: applyCarriedEdits(value, carried.edits, warnings), warnings };
}
