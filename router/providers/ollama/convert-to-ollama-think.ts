import type { ReasoningConfig } from '../../core/chat-request.ts';
import type { OllamaChatRequest } from './ollama-wire.ts';

type Level = 'low' | 'medium' | 'high';

/** A token budget's nearest level (the OpenAI translator's table). */
function levelOfBudget(budget: number): Level {
  if (budget <= 2048) return 'low';
  if (budget <= 12_000) return 'medium';
  return 'high';
}

/**
 * The portable reasoning config → Ollama's `think`: off when reasoning is off (or effort `none`);
 * for gpt-oss models, which take a level, the effort (minimal → low, xhigh/max → high, each with a
 * warning) or a budget's nearest level; for other thinking models just on (an effort or budget they
 * cannot honour is a warning). No reasoning config: the model's default, nothing sent. Pure.
 */
export function convertToOllamaThink(reasoning: ReasoningConfig | undefined, providerModel: string, warnings: string[]): OllamaChatRequest['think'] {
  if (reasoning === undefined) return undefined;
  if (reasoning.enabled === false || reasoning.effort === 'none') return false;
  if (providerModel.toLowerCase().includes('gpt-oss')) {
    const { effort } = reasoning;
    if (effort === 'low' || effort === 'medium' || effort === 'high') return effort;
    if (effort === 'minimal' || effort === 'xhigh' || effort === 'max') {
      const level: Level = effort === 'minimal' ? 'low' : 'high';
      warnings.push(`reasoning effort '${effort}' is not supported by Ollama's gpt-oss; '${level}' was sent`);
      return level;
    }
    if (reasoning.budgetTokens !== undefined) return levelOfBudget(reasoning.budgetTokens);
    return true;
  }
  if (reasoning.effort !== undefined) warnings.push(`reasoning effort '${reasoning.effort}' is not supported by Ollama (thinking is on or off); thinking was turned on`);
  else if (reasoning.budgetTokens !== undefined) warnings.push(`a reasoning budget of ${reasoning.budgetTokens} tokens is not supported by Ollama (thinking is on or off); thinking was turned on`);
  return true;
}
