import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatRequest } from '../../core/chat-request.ts';
import type { ChatResult, Usage } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import type { ProviderSettings } from '../../config/compiled-config.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import type { ProviderAdapter, ProviderCall } from '../provider-adapter.ts';
import { estimateTokens, mockAnswer } from './mock-answer.ts';

function usageFor(request: ChatRequest, answer: string): Usage {
  let input = 0;
  for (const message of request.messages) {
    for (const part of message.content) if (part.type === 'text') input += estimateTokens(part.text);
  }
  return { inputTokens: input, outputTokens: estimateTokens(answer) };
}

/**
 * A provider that needs no network and no key: deterministic answers, configurable latency and
 * failure rate (drawn from the injected random source). Powers the demo config.
 */
export class MockAdapter implements ProviderAdapter {
  readonly type = 'mock';
  readonly #latencyMs: number;
  readonly #failureRate: number;
  readonly #tokensPerSecond: number | undefined;
  readonly #random: () => number;
  #counter = 0;

  constructor(settings: ProviderSettings, random: () => number) {
    this.#latencyMs = settings.mock?.latencyMs ?? 0;
    this.#failureRate = settings.mock?.failureRate ?? 0;
    this.#tokensPerSecond = settings.mock?.tokensPerSecond;
    this.#random = random;
  }

  async #begin(call: ProviderCall): Promise<string> {
    if (this.#latencyMs > 0) await sleep(this.#latencyMs, undefined, { signal: call.signal });
    call.signal.throwIfAborted();
    if (this.#failureRate > 0 && this.#random() < this.#failureRate) {
      throw new UpstreamError({ kind: 'status', upstreamStatus: 500, reason: 'HTTP 500: mock failure (failure_rate)' });
    }
    this.#counter++;
    return `mock-${this.#counter}`;
  }

  async chat(call: ProviderCall): Promise<ChatResult> {
    const id = await this.#begin(call);
    const text = mockAnswer(call.request, call.providerModel);
    return {
      id,
      content: [{ type: 'text', text }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: usageFor(call.request, text),
      reportedModel: { kind: 'reported', name: call.providerModel },
    };
  }

  async *stream(call: ProviderCall): AsyncGenerator<StreamEvent> {
    const id = await this.#begin(call);
    const text = mockAnswer(call.request, call.providerModel);
    yield { type: 'response-start', id, reportedModel: { kind: 'reported', name: call.providerModel } };
    yield { type: 'text-start', index: 0 };
    const words = text.split(/(?<= )/);
    for (const word of words) {
      if (this.#tokensPerSecond !== undefined) await sleep(1000 / this.#tokensPerSecond, undefined, { signal: call.signal });
      yield { type: 'text-delta', index: 0, delta: word };
    }
    yield { type: 'text-end', index: 0 };
    const usage = usageFor(call.request, text);
    yield { type: 'usage', usage };
    yield { type: 'response-end', finishReason: { unified: 'stop', raw: 'stop' }, usage };
  }

  async close(): Promise<void> {}
}
