/**
 * The internal, provider-neutral answer. Imports nothing but other core specs.
 */
import type { TextPart, ToolCallPart } from './chat-request.ts';

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
  /** Input tokens written to the provider's prompt cache (Anthropic). */
  cacheCreationInputTokens?: number;
};

/**
 * Three different names, deliberately typed apart:
 *  - requested: what the client put in `model` (a router or a model name of the config),
 *  - deployment: the configured model entry that served it,
 *  - provider-reported: what the provider says answered (may carry a version suffix).
 */
export type RequestedModel = { kind: 'requested'; name: string };
export type DeploymentRef = { kind: 'deployment'; name: string; provider: string; providerModel: string };
export type ReportedModel = { kind: 'reported'; name: string };

export type ChatResult = {
  /** The provider's id for the response, when it has one. */
  id: string | undefined;
  content: Array<TextPart | ToolCallPart>;
  finishReason: FinishReason;
  usage: Usage | undefined;
  reportedModel: ReportedModel | undefined;
};

export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0 };
}
