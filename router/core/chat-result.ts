/**
 * The internal, provider-neutral answer. Imports nothing but other core specs.
 */
import type { ProviderPart, ReasoningPart, RefusalPart, TextPart, ToolCallPart } from './chat-request.ts';

export type UnifiedFinishReason =
  | 'stop'
  | 'length'
  | 'tool-calls'
  | 'content-filter'
  | 'error'
  | 'other';

/** The unified value plus what the provider actually said, so nothing is lost in translation. */
export type FinishReason = { unified: UnifiedFinishReason; raw: string | undefined };

export type Usage = {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the provider's prompt cache, when it reports them. */
  cachedInputTokens?: number;
  /** Input tokens written to the provider's prompt cache (Anthropic), all TTLs together. */
  cacheCreationInputTokens?: number;
  /** Of the cache writes, those with the 1-hour TTL (priced apart); the rest are 5-minute writes. */
  cacheCreation1hInputTokens?: number;
  /** Of the output tokens, those spent reasoning (already counted in outputTokens). */
  reasoningTokens?: number;
};

/**
 * What the provider says answered (may carry a version suffix). It is one of three names kept
 * apart: the requested one is `ChatRequest.requestedModel` (a router or a model name of the
 * config), the one that served it is the plan step's `Deployment`.
 */
export type ReportedModel = { kind: 'reported'; name: string };

export type ChatResult = {
  /** The provider's id for the response, when it has one. */
  id: string | undefined;
  content: Array<TextPart | ToolCallPart | ReasoningPart | RefusalPart | ProviderPart>;
  finishReason: FinishReason;
  usage: Usage | undefined;
  reportedModel: ReportedModel | undefined;
};
