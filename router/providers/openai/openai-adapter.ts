import type { Dispatcher } from 'undici';
import type { ChatResult, Usage } from '../../core/chat-result.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import type { ProviderSettings } from '../../config/compiled-config.ts';
import { JsonUpstream } from '../http/json-upstream.ts';
import { parseUpstreamJson } from '../http/parse-upstream-json.ts';
import { mapStreamErrors } from '../http/to-stream-error.ts';
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
  readonly #upstream: JsonUpstream;
  readonly #options: OpenAIRequestOptions;
  /** `POST {root}/embeddings` through the same pool and credentials. */
  readonly embedder: Embedder;

  constructor(settings: ProviderSettings, endpoint: OpenAIEndpoint = openAIEndpointOf(settings)) {
    this.type = settings.type;
    this.#endpoint = endpoint;
    // The endpoint's headers already hold the key's credential and the configured headers, by the one rule.
    this.#upstream = new JsonUpstream(settings, { endpoint: { origin: endpoint.origin }, own: endpoint.headers, createError: createOpenAIError });
    // OpenAI and Azure OpenAI take max_completion_tokens (reasoning models refuse max_tokens); compatible servers max_tokens.
    this.#options = { maxTokensField: settings.type === 'openai' || settings.type === 'azure-openai' ? 'max_completion_tokens' : 'max_tokens' };
    this.embedder = new OpenAIEmbedder(endpoint, this.#upstream);
  }

  /** The client's own body with the gateway's edits (same-format), else the translated request. */
  async #post(call: ProviderCall): Promise<Dispatcher.ResponseData> {
    const { carried } = call;
    const { value, warnings } =
      carried === undefined ? convertToOpenAIRequest(call.request, call.providerModel, this.#options) : carryOpenAIChatBody(carried, call.providerModel, this.#options);
    call.warnings.push(...warnings);
    // Azure OpenAI names the deployment in the path; an Entra ID token is fetched (and refreshed) per call.
    const path = this.#endpoint.pathFor('chat/completions', call.providerModel);
    return this.#upstream.post(call, value, { path, extraHeaders: await this.#endpoint.authorize?.() });
  }

  async chat(call: ProviderCall): Promise<ChatResult> {
    const response = await this.#post(call);
    return convertFromOpenAIResponse(await readJsonBody(response.body, 'upstream'));
  }

  async *stream(call: ProviderCall): AsyncGenerator<StreamEvent> {
    const response = await this.#post(call);
    yield* mapStreamErrors(transformOpenAIStream(parseServerSentEvents(response.body)));
  }

  /** OpenAI Chat clients: their body carried (`call.carried`), the provider's answer back as it came. */
  readonly passthrough: PassthroughAdapter = {
    format: 'openai-chat',
    chat: async (call) => {
      const response = await this.#post(call);
      const body = await response.body.text();
      const parsed = parseUpstreamJson(body) as OpenAIChatResponse | null;
      if (!Array.isArray(parsed?.choices) || parsed.choices.length === 0) {
        throw new UpstreamError({ kind: 'protocol', reason: 'upstream answer has no choices[0].message' });
      }
      return { body, usage: convertOpenAIUsage(parsed.usage), reportedModel: parsed.model };
    },
    stream: (call, options) => this.#streamPassthrough(call, options),
  };

  async *#streamPassthrough(call: ProviderCall, options: { includeUsage: boolean; onUsage: (usage: Usage) => void }): AsyncGenerator<string> {
    const response = await this.#post(call);
    yield* mapStreamErrors(passThroughOpenAIStream(parseServerSentEvents(response.body), options));
  }

  async close(): Promise<void> {
    await this.#upstream.close();
  }
}
