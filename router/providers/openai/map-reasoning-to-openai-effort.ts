import type { ReasoningConfig } from '../../core/chat-request.ts';

export type OpenAIReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

/** Token budgets (Anthropic `budget_tokens`, Gemini `thinkingBudget`) → the nearest effort. */
function effortOfBudget(budgetTokens: number): OpenAIReasoningEffort {
  if (budgetTokens <= 2048) return 'low';
  if (budgetTokens <= 12_000) return 'medium';
  if (budgetTokens <= 32_000) return 'high';
  return 'xhigh';
}

/**
 * The internal reasoning config → OpenAI `reasoning_effort`: the effort as it is (`max` → `xhigh`,
 * OpenAI's highest), else the budget's nearest effort; reasoning switched off is left to the model's default. Undefined
 * leaves the provider's default.
 */
export function mapReasoningToOpenAIEffort(reasoning: ReasoningConfig | undefined): { value: OpenAIReasoningEffort | undefined; warnings: string[] } {
  if (reasoning === undefined) return { value: undefined, warnings: [] };
  if (reasoning.effort === 'max') return { value: 'xhigh', warnings: ["reasoning effort 'max' was sent as OpenAI's highest, 'xhigh'"] };
  if (reasoning.effort !== undefined) return { value: reasoning.effort, warnings: [] };
  // Off: left to the model's default (not every reasoning model accepts 'none').
  if (reasoning.enabled === false) return { value: undefined, warnings: [] };
  if (reasoning.budgetTokens !== undefined) return { value: effortOfBudget(reasoning.budgetTokens), warnings: [] };
  return { value: undefined, warnings: [] };
}
