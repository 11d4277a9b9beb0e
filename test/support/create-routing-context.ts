import type { ChatRequest } from '../../router/core/chat-request.ts';
import type { RoutingContext } from '../../router/routing/routing-types.ts';
import { RequestMemo } from '../../router/signals/request-memo.ts';
import type { ScorerClient, ScoreResult } from '../../router/scoring/scorer-client.ts';

/** A chat request with one user message, overridable field by field. */
export function chatRequest(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return { requestedModel: 'auto', messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }], params: {}, stream: false, clientFormat: 'openai-chat', ...overrides };
}

/** A routing context with deterministic environment and health, overridable field by field. */
export function routingContext(overrides: Partial<RoutingContext> & { latencies?: Record<string, number>; unavailable?: string[]; draws?: number[] } = {}): RoutingContext {
  const { latencies = {}, unavailable = [], draws = [], ...rest } = overrides;
  const queue = [...draws];
  const request = rest.request ?? chatRequest();
  return {
    request,
    memo: new RequestMemo(request),
    headers: {},
    tags: {},
    environment: { random: () => queue.shift() ?? 0.99, now: () => 0 },
    health: { isAvailable: (name) => !unavailable.includes(name), latencyMs: (name) => latencies[name] },
    ...rest,
  };
}

/** A scorer that answers `complexity` and counts its calls. */
export function countingScorer(complexity: number | undefined): ScorerClient & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async score(text: string): Promise<ScoreResult> {
      calls.push(text);
      return complexity === undefined
        ? { ok: false, reason: 'timeout', message: 'too slow' }
        : { ok: true, complexity, logit: 0, inputTokens: 3, ms: 0.2 };
    },
    async close() {},
  };
}
