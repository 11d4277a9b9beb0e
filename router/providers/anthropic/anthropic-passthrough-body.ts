import { applyCarriedEdits } from '../carry/apply-carried-edits.ts';
import { omitForeignThinking } from './omit-foreign-thinking.ts';
import { thinkingOffForUnsignedStep } from './thinking-off-for-unsigned-step.ts';
import type { CarriedRequest } from '../provider-adapter.ts';

/**
 * An Anthropic Messages client's own body for an Anthropic upstream: a shallow copy with the
 * documented edits only — `model`, thinking blocks the gateway signed for another family left out
 * (omit-foreign-thinking.ts), thinking off for a tool step another provider made
 * (thinking-off-for-unsigned-step.ts), the gateway's params in Anthropic's names, then the later edits. `cache_control`, `thinking`, betas' fields, blocks and roles go through as sent. Pure.
 */
export function carryAnthropicBody(carried: CarriedRequest, providerModel: string): { value: Record<string, unknown>; warnings: string[] } {
  const warnings: string[] = [];
  const { params } = carried;
  let value: Record<string, unknown> = { ...carried.body, model: providerModel };
  if (carried.body.messages !== undefined) value.messages = omitForeignThinking(carried.body.messages, warnings);
  value = thinkingOffForUnsignedStep(value, warnings, true);
  if (params.temperature !== undefined) value.temperature = params.temperature;
  if (params.topP !== undefined) value.top_p = params.topP;
  if (params.topK !== undefined) value.top_k = params.topK;
  if (params.maxTokens !== undefined) value.max_tokens = params.maxTokens;
  if (params.stop !== undefined) value.stop_sequences = params.stop;
  if (params.presencePenalty !== undefined) warnings.push('presence_penalty is not supported by Anthropic and was ignored');
  if (params.frequencyPenalty !== undefined) warnings.push('frequency_penalty is not supported by Anthropic and was ignored');
  if (params.seed !== undefined) warnings.push('seed is not supported by Anthropic and was ignored');
  if (params.parallelToolCalls !== undefined) warnings.push('parallel_tool_calls is not applied to a carried Anthropic body and was ignored');
  return { value: applyCarriedEdits(value, carried.edits, warnings), warnings };
}
