/**
 * The routing signals of one request, computed lazily: a rule asks for the signals its condition
 * reads (`CompiledCondition.signals`) and only those not yet known are computed, each once per
 * request, however many rules and nested rules routers read them. Only `complexity` is async (it
 * runs the scorer); everything else is a few property reads over the parsed request.
 */
import type { RoutingContext } from '../routing/routing-types.ts';
import type { SignalValues } from '../rules/signal-values.ts';
import { collectPromptText } from './collect-prompt-text.ts';
import type { LocalClock } from './create-local-clock.ts';
import { detectPii } from './detect-pii.ts';
import type { MemoKey } from './request-memo.ts';
import { hasImages } from './request-needs.ts';

/** Headers that carry credentials never become signals. */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'x-goog-api-key', 'cookie']);

/** What the scorer said, for the decision's detail (and the complexity header). */
export type ScoreOutcome = { complexity: number; ms: number } | { failed: string };

export class RequestSignals {
  readonly values: Partial<SignalValues> = {};
  score: ScoreOutcome | undefined;
  readonly #known = new Set<string>();
  readonly #context: RoutingContext;
  readonly #clock: LocalClock;
  #scoring: Promise<void> | undefined;

  constructor(context: RoutingContext, clock: LocalClock) {
    this.#context = context;
    this.#clock = clock;
  }

  /** Computes the named signals not yet known. Returns a promise only when the scorer has to run. */
  ensure(names: ReadonlySet<string>): Promise<void> | undefined {
    let pending: Promise<void> | undefined;
    for (const name of names) {
      if (this.#known.has(name)) continue;
      if (name === 'complexity') pending = this.#runScorer();
      else this.#compute(name);
    }
    return pending;
  }

  #compute(name: string): void {
    const { request } = this.#context;
    const values = this.values;
    this.#known.add(name);
    switch (name) {
      case 'input_tokens':
        values.input_tokens = this.#context.memo.inputTokens();
        return;
      case 'max_tokens':
        if (request.params.maxTokens !== undefined) values.max_tokens = request.params.maxTokens;
        return;
      case 'has_tools':
      case 'tool_count':
        values.tool_count = request.tools?.length ?? 0;
        values.has_tools = values.tool_count > 0;
        this.#known.add('has_tools').add('tool_count');
        return;
      case 'has_schema':
        values.has_schema = request.responseFormat?.type === 'json-schema';
        return;
      case 'has_images':
        values.has_images = hasImages(request);
        return;
      case 'streaming':
        values.streaming = request.stream;
        return;
      case 'message_count':
        // Conversation turns without the system prompt: the same whether the client sent it as a message or a field.
        values.message_count = request.messages.reduce((count, message) => (message.role === 'system' ? count : count + 1), 0);
        return;
      case 'has_system':
        values.has_system = request.messages.some((message) => message.role === 'system');
        return;
      case 'model':
        values.model = request.requestedModel;
        return;
      case 'tags':
        values.tags = this.#context.tags as Record<string, string>;
        return;
      case 'headers':
        values.headers = safeHeaders(this.#context.headers);
        return;
      case 'user':
        if (request.user !== undefined) values.user = request.user;
        return;
      case 'hour_local':
      case 'weekday':
      case 'time_of_day':
        Object.assign(values, this.#clock(this.#context.receivedAt ?? Date.now()));
        this.#known.add('hour_local').add('weekday').add('time_of_day');
        return;
      case 'monthly_spend_pct':
        // The highest spend / budget among the providers that have a budget (see SpendLedger).
        values.monthly_spend_pct = this.#context.spend?.monthlySpendFraction() ?? 0;
        return;
      case 'pii':
      case 'pii_types':
        values.pii_types = detectPii(collectPromptText(request));
        values.pii = values.pii_types.length > 0;
        this.#known.add('pii').add('pii_types');
        return;
      case '$':
      case 'body':
        values.body = this.#context.body;
        this.#known.add('$').add('body');
        return;
    }
  }

  #runScorer(): Promise<void> {
    this.#scoring ??= this.#score();
    return this.#scoring;
  }

  async #score(): Promise<void> {
    if (this.#context.scorer === undefined) {
      this.score = { failed: 'no scorer' };
    } else {
      const result = await this.#context.memo.score(this.#context.scorer);
      if (result.ok) {
        this.values.complexity = result.complexity;
        this.score = { complexity: result.complexity, ms: result.ms };
      } else {
        this.score = { failed: result.reason };
      }
    }
    // A failed score leaves `complexity` missing: `complexity > 0.7` is false, `not exists(complexity)` true.
    this.#known.add('complexity');
  }
}

function safeHeaders(headers: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const safe: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined && !CREDENTIAL_HEADERS.has(name)) safe[name] = value;
  }
  return safe;
}

const rulesSignals: MemoKey<RequestSignals> = { name: 'rules signals' };

/** The request's signals, shared by every rules router the request passes through. */
export function requestSignalsOf(context: RoutingContext, clock: LocalClock): RequestSignals {
  return context.memo.once(rulesSignals, () => new RequestSignals(context, clock));
}
