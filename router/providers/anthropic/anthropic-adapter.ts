import type { Dispatcher } from 'undici';
import type { ProviderSettings } from '../../config/compiled-config.ts';
import type { ChatResult } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import { toStreamError } from '../http/to-stream-error.ts';
import { createUpstreamPool } from '../http/create-upstream-pool.ts';
import { postJson } from '../http/post-json.ts';
import { readJsonBody } from '../http/read-json-body.ts';
import { mergeProtocolHeaders } from '../carry/merge-protocol-headers.ts';
import type { CarriedRequest, PassthroughAdapter, ProviderAdapter, ProviderCall } from '../provider-adapter.ts';
import { carriedJson } from '../carry/carried-json.ts';
import { createAnthropicPassthrough } from './anthropic-passthrough.ts';
import { parseServerSentEvents } from '../sse/parse-server-sent-events.ts';
import { createAnthropicError } from './anthropic-error.ts';
import type { UpstreamAccess } from '../http/upstream-access.ts';
import { transformAnthropicStream } from './anthropic-stream-transform.ts';
import { convertFromAnthropicResponse } from './convert-from-anthropic-response.ts';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.ts';
import { providerHeaders } from '../http/provider-headers.ts';

const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';
const ANTHROPIC_VERSION = '2023-06-01';

/** `https://api.anthropic.com` and `https://proxy.example/v1` both work as `base_url`. */
function messagesUrl(baseUrl: string): URL {
  const base = baseUrl.replace(/\/+$/, '');
  return new URL(base.endsWith('/v1') ? `${base}/messages` : `${base}/v1/messages`);
}

/**
 * Anthropic Messages API. Headers: `x-api-key`, `anthropic-version: 2023-06-01` (a provider's
 * `headers` may override it or add `anthropic-beta`).
 */
export class AnthropicAdapter implements ProviderAdapter {
  readonly type = 'anthropic';
  readonly #origin: string;
  readonly #path: string;
  readonly #headers: Record<string, string>;
  readonly #configuredHeaders: Readonly<Record<string, string>>;
  readonly #pool: Dispatcher;
  readonly #access: UpstreamAccess | undefined;

  constructor(settings: ProviderSettings, access?: UpstreamAccess) {
    this.#access = access;
    const url = messagesUrl(settings.baseUrl ?? ANTHROPIC_BASE_URL);
    this.#origin = url.origin;
    this.#path = url.pathname + url.search;
    this.#headers = providerHeaders({ 'content-type': 'application/json', 'anthropic-version': ANTHROPIC_VERSION }, settings.apiKey === undefined ? undefined : { 'x-api-key': settings.apiKey.reveal() }, settings.headers);
    this.#configuredHeaders = settings.headers;
    this.#pool = createUpstreamPool(settings.maxConnections);
  }

  async #post(call: ProviderCall): Promise<{ response: Dispatcher.ResponseData; jsonToolName: string | undefined }> {
    const { value, warnings } = convertToAnthropicMessages(call.request, call.providerModel);
    call.warnings.push(...warnings);
    const response = await this.#send(call, this.#headers, value.body as unknown as Record<string, unknown>);
    return { response, jsonToolName: value.jsonToolName };
  }

  async chat(call: ProviderCall): Promise<ChatResult> {
    const { response, jsonToolName } = await this.#post(call);
    return convertFromAnthropicResponse(await readJsonBody(response.body, 'upstream'), jsonToolName);
  }

  async *stream(call: ProviderCall): AsyncGenerator<StreamEvent> {
    const { response, jsonToolName } = await this.#post(call);
    try {
      yield* transformAnthropicStream(parseServerSentEvents(response.body), jsonToolName === undefined ? {} : { jsonToolName });
    } catch (error) {
      throw toStreamError(error);
    }
  }

  /** Anthropic Messages clients: their body carried (`call.carried`), the answer back as it came. */
  readonly passthrough: PassthroughAdapter = createAnthropicPassthrough((call, body) => {
    const headers = mergeProtocolHeaders(this.#headers, this.#configuredHeaders, call.carried?.headers ?? {});
    return this.#send(call, headers, body as Record<string, unknown>, call.carried);
  });

  /** POSTs to the Messages API, or through the account's access (Vertex AI: its URL, token and body). */
  async #send(call: ProviderCall, headers: Record<string, string>, body: Record<string, unknown>, carried?: CarriedRequest) {
    const access = this.#access;
    // A carried body goes as the client's own bytes where the gateway left it alone (carried-json.ts).
    if (access === undefined) return postJson({ pool: this.#pool, origin: this.#origin, path: this.#path, headers }, carried === undefined ? body : carriedJson(body, carried), call, createAnthropicError);
    const target = access.target(call.providerModel, body.stream === true);
    return postJson({ pool: this.#pool, ...target, headers: { ...headers, ...(await access.headers()) } }, access.body === undefined ? body : access.body(body), call, createAnthropicError);
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}
