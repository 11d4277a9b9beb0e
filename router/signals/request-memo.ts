import type { ChatRequest } from '../core/chat-request.ts';
import { promptText, taskText } from '../scoring/prompt-text.ts';
import type { ScoreResult, ScorerClient } from '../scoring/scorer-client.ts';
import { estimateInputTokens } from './estimate-input-tokens.ts';
import { computeRequestNeeds, type Capability } from './request-needs.ts';

/** Names one more thing derived per request by a module the memo does not know (the rules' signals); its type rides on the key. */
export type MemoKey<T> = { readonly name: string; readonly type?: T };

const noScorer: ScoreResult = { ok: false, reason: 'error', message: 'no scorer is running' };

/**
 * What the gateway derives from one request, each at most once however many routers, rules and
 * limits ask: the input-token estimate, the capabilities it needs, the scorer's verdict (a
 * `complexity` rule leading to a smart router reuses the rule's score) and the rules' signals. Made
 * once per request where it is parsed, and handed along with it: per-request state lives here, not
 * in module-level maps keyed by the request.
 */
export class RequestMemo {
  readonly request: ChatRequest;
  /** An embeddings request (POST /v1/embeddings): only embedding models fit it, and it fits no chat model. */
  readonly embedding: boolean;
  #inputTokens: number | undefined;
  #needs: readonly Capability[] | undefined;
  #score: Promise<ScoreResult> | undefined;
  /** Made by the first `once`: most requests reach no rules router. */
  #derived: Map<MemoKey<unknown>, unknown> | undefined;

  /** `inputTokens`: a count known up front (token-array embeddings input), instead of the estimate. */
  constructor(request: ChatRequest, options: { embedding?: boolean; inputTokens?: number } = {}) {
    this.request = request;
    this.embedding = options.embedding === true;
    this.#inputTokens = options.inputTokens;
  }

  /** The gateway's estimate of the request's input tokens (what limits admit and routing fits by). */
  inputTokens(): number {
    this.#inputTokens ??= estimateInputTokens(this.request);
    return this.#inputTokens;
  }

  /** The capabilities whatever serves it must have. */
  needs(): readonly Capability[] {
    this.#needs ??= computeRequestNeeds(this.request);
    return this.#needs;
  }

  /** The scorer's verdict: the model rates the latest user turn; the token count is the whole prompt's. */
  score(scorer: ScorerClient | undefined): Promise<ScoreResult> {
    this.#score ??= scorer === undefined ? Promise.resolve(noScorer) : scorer.score(promptText(this.request), taskText(this.request));
    return this.#score;
  }

  /** What `key` names, made by the first caller (`create`) and shared with the rest: the rules' signals, made by the first rules router the request reaches. */
  once<T>(key: MemoKey<T>, create: () => T): T {
    const derived = (this.#derived ??= new Map());
    if (!derived.has(key)) derived.set(key, create());
    return derived.get(key) as T;
  }
}
