import type { Dispatcher } from 'undici';
import type { ChatResult, Usage } from '../../core/chat-result.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import type { ProviderSettings } from '../../config/compiled-config.ts';
import { mergeProtocolHeaders } from '../carry/merge-protocol-headers.ts';
import { createUpstreamPool } from '../http/create-upstream-pool.ts';
import { postJson } from '../http/post-json.ts';
import { toStreamError } from '../http/to-stream-error.ts';
import { readJsonBody } from '../http/read-json-body.ts';
import type { PassthroughAdapter, ProviderAdapter, ProviderCall } from '../provider-adapter.ts';
import { carryOpenAIChatBody } from './carry-openai-chat-body.ts';
import { convertOpenAIUsage } from './convert-openai-usage.ts';
import { passThroughOpenAIStream } from './openai-passthrough-stream.ts';
import type { OpenAIChatResponse } from './openai-wire.ts';
import { parseServerSentEvents } from '../sse/parse-server-sent-events.ts';
import { convertFromOpenAIResponse } from './convert-from-openai-response.ts';
import { convertToOpenAIRequest, type OpenAIRequestOptions } from './convert-to-openai-request.ts';
import { createOpenAIError } from './openai-error.ts';
import { transformOpenAIStream } from './openai-stream-transform.ts';

const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/**
 * OpenAI and every OpenAI-compatible server (vLLM, Ollama's /v1, Groq, Together…): one adapter,
 * configured by base URL, headers and the name of the max-tokens field.
 */
export class OpenAIAdapter implements ProviderAdapter {
  readonly type: string;
  readonly #origin: string;
  readonly #path: string;
  readonly #headers: Record<string, string>;
  readonly #configuredHeaders: Readonly<Record<string, string>>;
  readonly #pool: Dispatcher;
  readonly #options: OpenAIRequestOptions;

  constructor(settings: ProviderSettings) {
    this.type = settings.type;
    const url = new URL(`${(settings.baseUrl ?? OPENAI_BASE_URL).replace(/\/+$/, '')}/chat/completions`);
    this.#origin = url.origin;
    this.#path = url.pathname + url.search;
    this.#headers = { 'content-type': 'application/json', ...settings.headers };
    this.#configuredHeaders = settings.headers;
    if (settings.apiKey) this.#headers.authorization = `Bearer ${settings.apiKey.reveal()}`;
    this.#pool = createUpstreamPool(settings.maxConnections);
    this.#options = { maxTokensField: settings.type === 'openai' ? 'max_completion_tokens' : 'max_tokens' };
  }

  /** The client's own body with the gateway's edits (same-format), else the translated request. */
  async #post(call: ProviderCall): Promise<Dispatcher.ResponseData> {
    const { carried } = call;
    const { value, warnings } =
      carried === undefined ? convertToOpenAIRequest(call.request, call.providerModel, this.#options) : carryOpenAIChatBody(carried, call.providerModel, this.#options);
    call.warnings.push(...warnings);
    const headers = carried === undefined ? this.#headers : mergeProtocolHeaders(this.#headers, this.#configuredHeaders, carried.headers);
    return postJson({ pool: this.#pool, origin: this.#origin, path: this.#path, headers }, value, call, createOpenAIError);
  }

  async chat(call: ProviderCall): Promise<ChatResult> {
    const response = await this.#post(call);
    return convertFromOpenAIResponse(await readJsonBody(response.body, 'upstream'));
  }

  async *stream(call: ProviderCall): AsyncGenerator<StreamEvent> {
    const response = await this.#post(call);
    try {
      yield* transformOpenAIStream(parseServerSentEvents(response.body));
    } catch (error) {
      throw toStreamError(error);
    }
  }

  /** OpenAI Chat clients: their body carried (`call.carried`), the provider's answer back as it came. */
  readonly passthrough: PassthroughAdapter = {
    format: 'openai-chat',
    chat: async (call) => {
      const response = await this.#post(call);
      const body = await response.body.text();
      let parsed: OpenAIChatResponse;
      try {
        parsed = JSON.parse(body) as OpenAIChatResponse;
      } catch (error) {
        throw new UpstreamError({ kind: 'protocol', reason: 'upstream returned a body that is not JSON', cause: error });
      }
      if (!Array.isArray(parsed?.choices) || parsed.choices.length === 0) {
        throw new UpstreamError({ kind: 'protocol', reason: 'upstream answer has no choices[0].message' });
      }
      return { body, usage: convertOpenAIUsage(parsed.usage), reportedModel: parsed.model };
    },
    stream: (call, options) => this.#streamPassthrough(call, options),
  };

  async *#streamPassthrough(call: ProviderCall, options: { includeUsage: boolean; onUsage: (usage: Usage) => void }): AsyncGenerator<string> {
    const response = await this.#post(call);
    yield* passThroughOpenAIStream(parseServerSentEvents(response.body), options);
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}
