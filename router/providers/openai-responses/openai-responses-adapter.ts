import type { Dispatcher } from 'undici';
import type { ProviderSettings } from '../../config/compiled-config.ts';
import type { ChatResult, Usage } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { endpointOf, JsonUpstream } from '../http/json-upstream.ts';
import { parseUpstreamJson } from '../http/parse-upstream-json.ts';
import { mapStreamErrors } from '../http/to-stream-error.ts';
import { readJsonBody } from '../http/read-json-body.ts';
import { createOpenAIError } from '../openai/openai-error.ts';
import { applyCarriedEdits } from '../carry/apply-carried-edits.ts';
import type { ForwardedAnswer, PassthroughAdapter, PassthroughAnswer, ProviderAdapter, ProviderCall } from '../provider-adapter.ts';
import { carryOpenAIResponsesBody } from './carry-openai-responses-body.ts';
import { convertOpenAIResponsesUsage } from './convert-openai-responses-usage.ts';
import { passThroughOpenAIResponsesStream } from './openai-responses-passthrough-stream.ts';
import { parseServerSentEvents } from '../sse/parse-server-sent-events.ts';
import { convertFromOpenAIResponsesResponse } from './convert-from-openai-responses-response.ts';
import { convertToOpenAIResponsesRequest } from './convert-to-openai-responses-request.ts';
import { transformOpenAIResponsesStream } from './openai-responses-stream-transform.ts';
import type { OpenAIResponsesObject } from './openai-responses-wire.ts';
import { providerHeaders } from '../http/provider-headers.ts';

const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** The endpoint under a provider's base URL (`…/v1` + `/responses`, `/responses/input_tokens`…). */
export function responsesUrl(settings: ProviderSettings, path: string): URL {
  return new URL(`${(settings.baseUrl ?? OPENAI_BASE_URL).replace(/\/+$/, '')}/responses${path}`);
}

/** The Responses API's endpoints beside `POST /responses` that a client may call through the gateway. */
export type ResponsesEndpoint = 'input_tokens' | 'compact';

/**
 * Where a provider's Responses API lives: the origin, the path (with its query) of `/responses`
 * and of its sub-endpoints, the static headers, and per-call credentials (Azure's Entra ID token).
 */
export type ResponsesApiEndpoint = {
  origin: string;
  pathFor(endpoint: ResponsesEndpoint | undefined): string;
  headers: Readonly<Record<string, string>>;
  authorize?: () => Promise<Readonly<Record<string, string>>>;
};

/** OpenAI and compatible servers: `{base_url}/responses[/…]`, `Authorization: Bearer {api_key}`. */
export function openAIResponsesEndpointOf(settings: ProviderSettings): ResponsesApiEndpoint {
  const url = responsesUrl(settings, '');
  return {
    origin: url.origin,
    pathFor: (endpoint) => endpointOf(endpoint === undefined ? url : responsesUrl(settings, `/${endpoint}`)).path,
    headers: providerHeaders({}, settings.apiKey === undefined ? undefined : { authorization: `Bearer ${settings.apiKey.reveal()}` }, settings.headers),
  };
}

/**
 * The OpenAI Responses API (`POST {base_url}/responses`) of an `openai` (or `openai-compatible`)
 * provider whose `api` says so. A Responses client's body is carried through (same-format); any
 * other client format reaches it by translation. The errors are OpenAI's, shared with Chat Completions.
 */
export class OpenAIResponsesAdapter implements ProviderAdapter {
  readonly type = 'openai-responses';
  readonly #endpointPaths: Readonly<Record<ResponsesEndpoint, string>>;
  readonly #upstream: JsonUpstream;

  /** Per-call credentials that win over the static headers (Azure's Entra ID token), when the endpoint has them. */
  readonly #authorize: (() => Promise<Readonly<Record<string, string>>>) | undefined;

  constructor(settings: ProviderSettings, endpoint: ResponsesApiEndpoint = openAIResponsesEndpointOf(settings)) {
    this.#endpointPaths = { input_tokens: endpoint.pathFor('input_tokens'), compact: endpoint.pathFor('compact') };
    this.#authorize = endpoint.authorize;
    // The endpoint's headers hold the credential already (Bearer, or Azure's api-key).
    this.#upstream = new JsonUpstream(settings, { endpoint: { origin: endpoint.origin, path: endpoint.pathFor(undefined) }, own: endpoint.headers, createError: createOpenAIError });
  }

  /** The client's own body with the gateway's edits (same-format), else the translated request. */
  async #post(call: ProviderCall): Promise<Dispatcher.ResponseData> {
    const { carried } = call;
    const { value, warnings } = carried === undefined ? convertToOpenAIResponsesRequest(call.request, call.providerModel) : carryOpenAIResponsesBody(carried, call.providerModel);
    call.warnings.push(...warnings);
    return this.#upstream.post(call, value, { extraHeaders: await this.#authorize?.() });
  }

  /** Responses clients (Codex): their body carried (`call.carried`), the provider's answer back as it came. */
  readonly passthrough: PassthroughAdapter = {
    format: 'openai-responses',
    chat: async (call) => {
      const response = await this.#post(call);
      const body = await response.body.text();
      const parsed = parseUpstreamJson(body) as OpenAIResponsesObject | null;
      if (typeof parsed !== 'object' || parsed === null || !Array.isArray(parsed.output)) {
        throw new UpstreamError({ kind: 'protocol', reason: 'upstream answer is not a Responses response object' });
      }
      const answer: PassthroughAnswer = { body, usage: convertOpenAIResponsesUsage(parsed.usage), reportedModel: parsed.model };
      if (typeof parsed.id === 'string') answer.responseId = parsed.id;
      return answer;
    },
    stream: (call, options) => this.#streamPassthrough(call, options),
  };

  async *#streamPassthrough(call: ProviderCall, options: { onUsage: (usage: Usage) => void; onResponseId?: (id: string) => void }): AsyncGenerator<string> {
    const response = await this.#post(call);
    yield* mapStreamErrors(passThroughOpenAIResponsesStream(parseServerSentEvents(response.body), options));
  }

  /**
   * A Responses sub-endpoint (`/input_tokens`, `/compact`) for a Responses client: its body with
   * `model` replaced and nothing else (no params: they are the generating call's) but the guardrails'
   * edits (redaction), its protocol headers merged; the upstream's JSON answer as it came, and the `usage` it reports (compact's,
   * a billed model call; a body that is not JSON is a protocol error, as on `/responses`).
   */
  async forward(call: ProviderCall, endpoint: ResponsesEndpoint): Promise<ForwardedAnswer> {
    const carried = call.carried;
    if (carried === undefined) throw new Error('forward needs the client body');
    const value = applyCarriedEdits({ ...carried.body, model: call.providerModel }, carried.edits, call.warnings);
    const response = await this.#upstream.post(call, value, { path: this.#endpointPaths[endpoint], extraHeaders: await this.#authorize?.() });
    const body = await response.body.text();
    // Only the usage is read (compact's, billed); the rest goes back as it came.
    const usage = (parseUpstreamJson(body) as { usage?: OpenAIResponsesObject['usage'] } | null)?.usage;
    return { body, usage: convertOpenAIResponsesUsage(usage) };
  }

  async chat(call: ProviderCall): Promise<ChatResult> {
    const response = await this.#post(call);
    return convertFromOpenAIResponsesResponse((await readJsonBody(response.body, 'upstream')) as OpenAIResponsesObject);
  }

  async *stream(call: ProviderCall): AsyncGenerator<StreamEvent> {
    const response = await this.#post(call);
    yield* mapStreamErrors(transformOpenAIResponsesStream(parseServerSentEvents(response.body)));
  }

  async close(): Promise<void> {
    await this.#upstream.close();
  }
}
