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
import { carriedJson } from '../carry/carried-json.ts';
import { convertOpenAIUsage } from './convert-openai-usage.ts';
import { passThroughOpenAIStream } from './openai-passthrough-stream.ts';
import type { OpenAIChatResponse } from './openai-wire.ts';
import { parseServerSentEvents } from '../sse/parse-server-sent-events.ts';
import { convertFromOpenAIResponse } from './convert-from-openai-response.ts';
import { convertToOpenAIRequest, type OpenAIRequestOptions } from './convert-to-openai-request.ts';
import { createOpenAIError } from './openai-error.ts';
import { transformOpenAIStream } from './openai-stream-transform.ts';
import { OpenAIEmbedder } from './openai-embedder.ts';
import { openAIEndpointOf, type OpenAIEndpoint } from './openai-endpoint.ts';
import type { Embedder } from '../../embeddings/embedder.ts';

/**
 * OpenAI and every OpenAI-compatible server (vLLM, Ollama's /v1, Groq, Together…): one adapter,
 * configured by base URL, headers and the name of the max-tokens field. Where a call goes and how
 * it is authorised is the endpoint's business (openai-endpoint.ts; Azure OpenAI brings its own).
 */
export class OpenAIAdapter implements ProviderAdapter {
  readonly type: string;
  readonly #endpoint: OpenAIEndpoint;
  readonly #headers: Record<string, string>;
  readonly #configuredHeaders: Readonly<Record<string, string>>;
  readonly #pool: Dispatcher;
  readonly #options: OpenAIRequestOptions;
  /** `POST {root}/embeddings` through the same pool and credentials. */
  readonly embedder: Embedder;

  constructor(settings: ProviderSettings, endpoint: OpenAIEndpoint = openAIEndpointOf(settings)) {
    this.type = settings.type;
    this.#endpoint = endpoint;
    this.#headers = { 'content-type': 'application/json', ...endpoint.headers };
    this.#configuredHeaders = settings.headers;
    this.#pool = createUpstreamPool(settings.maxConnections);
    // OpenAI and Azure OpenAI take max_completion_tokens (reasoning models refuse max_tokens); compatible servers max_tokens.
    this.#options = { maxTokensField: settings.type === 'openai' || settings.type === 'azure-openai' ? 'max_completion_tokens' : 'max_tokens' };
    this.embedder = new OpenAIEmbedder(endpoint, this.#pool);
  }

  /** The client's own body with the gateway's edits (same-format), else the translated request. */
  async #post(call: ProviderCall): Promise<Dispatcher.ResponseData> {
    const { carried } = call;
    const { value, warnings } =
      carried === undefined ? convertToOpenAIRequest(call.request, call.providerModel, this.#options) : carryOpenAIChatBody(carried, call.providerModel, this.#options);
    call.warnings.push(...warnings);
    const merged = carried === undefined ? this.#headers : mergeProtocolHeaders(this.#headers, this.#configuredHeaders, carried.headers);
    const authorization = await this.#endpoint.authorize?.();
    const headers = authorization === undefined ? merged : { ...merged, ...authorization };
    const path = this.#endpoint.pathFor('chat/completions', call.providerModel);
    return postJson({ pool: this.#pool, origin: this.#endpoint.origin, path, headers }, carried === undefined ? value : carriedJson(value, carried), call, createOpenAIError);
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
