import type { ReasoningConfig } from '../../core/chat-request.ts';
import type { GeminiThinkingConfig } from './gemini-wire.ts';

type Effort = NonNullable<ReasoningConfig['effort']>;
type Level = 'minimal' | 'low' | 'medium' | 'high';

/** Gemini 2.5 thinking budgets per effort (the Anthropic translator's table; Flash tops out at 24,576). */
const BUDGETS: Readonly<Record<Exclude<Effort, 'none'>, number>> = { minimal: 1024, low: 4096, medium: 10_000, high: 24_000, xhigh: 32_768, max: 32_768 };
const MAX_BUDGET_PRO = 32_768;
const MAX_BUDGET_FLASH = 24_576;
/** The smallest budget of a 2.5 Pro, which cannot turn thinking off. */
const MIN_BUDGET_PRO = 128;

const EFFORT_LEVELS: Readonly<Record<Exclude<Effort, 'none'>, Level>> = { minimal: 'minimal', low: 'low', medium: 'medium', high: 'high', xhigh: 'high', max: 'high' };

/** A token budget's nearest level (the same cut points as the OpenAI effort mapping). */
function levelOfBudget(budget: number): Level {
  if (budget <= 1024) return 'minimal';
  if (budget <= 2048) return 'low';
  if (budget <= 12_000) return 'medium';
  return 'high';
}

export function geminiModelId(providerModel: string): string {
  return (providerModel.startsWith('models/') ? providerModel.slice('models/'.length) : providerModel).toLowerCase();
}

/** Gemini 3 Pro takes low and high only; Flash models minimal, low, medium and high. */
function supportedLevel(level: Level, pro: boolean, warnings: string[]): Level {
  if (!pro || level === 'low' || level === 'high') return level;
  const nearest = level === 'minimal' ? 'low' : 'high';
  warnings.push(`thinking level '${level}' is not supported by Gemini 3 Pro; sent '${nearest}'`);
  return nearest;
}

function gemini3Thinking(reasoning: ReasoningConfig, pro: boolean, warnings: string[]): GeminiThinkingConfig {
  const off = reasoning.enabled === false || reasoning.effort === 'none';
  if (off) {
    warnings.push("Gemini 3 cannot turn thinking off; sent its lowest thinking level");
    return { thinkingLevel: pro ? 'low' : 'minimal' };
  }
  const wanted: Level | undefined = reasoning.effort !== undefined ? EFFORT_LEVELS[reasoning.effort as Exclude<Effort, 'none'>] : reasoning.budgetTokens !== undefined ? levelOfBudget(reasoning.budgetTokens) : undefined;
  if (wanted === undefined) return { includeThoughts: true };
  return { thinkingLevel: supportedLevel(wanted, pro, warnings), includeThoughts: true };
}

function gemini25Thinking(reasoning: ReasoningConfig, pro: boolean, warnings: string[]): GeminiThinkingConfig {
  const off = reasoning.enabled === false || reasoning.effort === 'none';
  if (off) {
    if (!pro) return { thinkingBudget: 0 };
    warnings.push(`Gemini 2.5 Pro cannot turn thinking off; sent its smallest thinking budget (${MIN_BUDGET_PRO})`);
    return { thinkingBudget: MIN_BUDGET_PRO };
  }
  const budget = reasoning.budgetTokens ?? (reasoning.effort === undefined ? undefined : BUDGETS[reasoning.effort as Exclude<Effort, 'none'>]);
  if (budget === undefined) return { includeThoughts: true };
  const ceiling = pro ? MAX_BUDGET_PRO : MAX_BUDGET_FLASH;
  if (budget > ceiling) {
    warnings.push(`a thinking budget of ${budget} tokens is over this Gemini model's ${ceiling}; sent ${ceiling}`);
    return { thinkingBudget: ceiling, includeThoughts: true };
  }
  return { thinkingBudget: pro ? Math.max(budget, MIN_BUDGET_PRO) : budget, includeThoughts: true };
}

/**
 * The portable reasoning config → Gemini `generationConfig.thinkingConfig`, by model: Gemini 3
 * models take `thinkingLevel` (effort → level; a token budget → its nearest level; Pro: low/high
 * only), earlier ones `thinkingBudget` (effort → the budget table; a budget as sent, capped at the
 * model's maximum). Thoughts are asked for (`includeThoughts`) whenever reasoning is on, so they
 * come back as reasoning. No reasoning config: the model's default, nothing sent. Pure.
 */
export function convertToGeminiThinking(reasoning: ReasoningConfig | undefined, providerModel: string, warnings: string[]): GeminiThinkingConfig | undefined {
  if (reasoning === undefined) return undefined;
  const id = geminiModelId(providerModel);
  const pro = id.includes('-pro');
  return id.startsWith('gemini-3') ? gemini3Thinking(reasoning, pro, warnings) : gemini25Thinking(reasoning, pro, warnings);
}
