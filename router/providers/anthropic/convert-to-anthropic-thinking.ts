import type { ChatRequest } from '../../core/chat-request.ts';
import type { AnthropicMessagesBody } from './anthropic-wire.ts';

/** Anthropic's smallest thinking budget. */
const MIN_BUDGET_TOKENS = 1_024;

/** A portable effort → an explicit `budget_tokens` (works on every Claude model with extended thinking). */
const BUDGET_BY_EFFORT: Readonly<Record<string, number>> = {
  minimal: 1_024,
  low: 4_096,
  medium: 10_000,
  high: 24_000,
  xhigh: 32_000,
  max: 32_000,
};

/**
 * The request's reasoning config → Anthropic `thinking`. An Anthropic client's own `thinking`
 * (kept in the provider options) is sent as it came. Otherwise an explicit budget is used, else the
 * effort's budget from BUDGET_BY_EFFORT; `effort: none` or `enabled: false` sends no thinking. The
 * budget must stay below `max_tokens`: it is lowered to fit, with a warning. Anthropic refuses
 * `temperature` and `top_k` with thinking on, so those are left out, with a warning.
 * Pure: fills `body.thinking`, may delete `temperature` / `top_k`, returns its warnings.
 */
export function convertToAnthropicThinking(request: ChatRequest, body: AnthropicMessagesBody): string[] {
  const warnings: string[] = [];
  if (request.providerOptions?.anthropic?.thinking !== undefined) return warnings;
  const reasoning = request.reasoning;
  if (reasoning === undefined || reasoning.enabled === false || reasoning.effort === 'none') return warnings;
  const asked = reasoning.budgetTokens ?? BUDGET_BY_EFFORT[reasoning.effort ?? 'medium'];
  if (body.max_tokens <= MIN_BUDGET_TOKENS) {
    warnings.push(`reasoning was not enabled on Anthropic: max_tokens ${body.max_tokens} leaves no room for the minimum thinking budget of ${MIN_BUDGET_TOKENS}`);
    return warnings;
  }
  let budget = Math.max(MIN_BUDGET_TOKENS, asked);
  if (budget >= body.max_tokens) {
    budget = body.max_tokens - 1;
    warnings.push(`the reasoning budget of ${asked} tokens was lowered to ${budget} to fit below max_tokens ${body.max_tokens}`);
  }
  body.thinking = { type: 'enabled', budget_tokens: budget };
  if (body.temperature !== undefined) {
    delete body.temperature;
    warnings.push('temperature is not accepted by Anthropic with thinking on and was left out');
  }
  if (body.top_k !== undefined) {
    delete body.top_k;
    warnings.push('top_k is not accepted by Anthropic with thinking on and was left out');
  }
  return warnings;
}
