import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { ChatResult } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import type { ProviderSettings } from '../../config/compiled-config.ts';
import { createUpstreamPool } from '../http/create-upstream-pool.ts';
import { postJson } from '../http/post-json.ts';
import { readJsonBody } from '../http/read-json-body.ts';
import type { ProviderAdapter, ProviderCall } from '../provider-adapter.ts';
import type { UpstreamAccess } from '../http/upstream-access.ts';
import { toStreamError } from '../http/to-stream-error.ts';
import { parseServerSentEvents } from '../sse/parse-server-sent-events.ts';
import { convertFromGeminiResponse } from './convert-from-gemini-response.ts';
import { convertToGeminiRequest } from './convert-to-gemini-request.ts';
import { createGeminiError } from './gemini-error.ts';
import { transformGeminiStream } from './gemini-stream-transform.ts';
import { providerHeaders } from '../http/provider-headers.ts';

const GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

/** Google's Gemini API: `models/{model}:generateContent` and `:streamGenerateContent?alt=sse`. */
export class GeminiAdapter implements ProviderAdapter {
  readonly type = 'gemini';
  readonly #base: URL;
  readonly #headers: Record<string, string>;
  readonly #pool: Dispatcher;
  readonly #newKey: () => string;
  readonly #access: UpstreamAccess | undefined;

  constructor(settings: ProviderSettings, newKey: () => string = () => randomUUID().slice(0, 8), access?: UpstreamAccess) {
    this.#access = access;
    this.#base = new URL(`${(settings.baseUrl ?? GEMINI_BASE_URL).replace(/\/+$/, '')}/`);
    this.#headers = providerHeaders({ 'content-type': 'application/json' }, settings.apiKey === undefined ? undefined : { 'x-goog-api-key': settings.apiKey.reveal() }, settings.headers);
    this.#pool = createUpstreamPool(settings.maxConnections);
    this.#newKey = newKey;
  }

  #path(providerModel: string, stream: boolean): string {
    const model = providerModel.startsWith('models/') ? providerModel.slice('models/'.length) : providerModel;
    const method = stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
    return `${this.#base.pathname}models/${encodeURIComponent(model)}:${method}`;
  }

  async #post(call: ProviderCall, stream: boolean): Promise<Dispatcher.ResponseData> {
    const { value, warnings } = convertToGeminiRequest(call.request, call.providerModel);
    call.warnings.push(...warnings);
    const access = this.#access;
    const endpoint =
      access === undefined
        ? { pool: this.#pool, origin: this.#base.origin, path: this.#path(call.providerModel, stream), headers: this.#headers }
        : { pool: this.#pool, ...access.target(call.providerModel, stream), headers: { ...this.#headers, ...(await access.headers()) } };
    const response = await postJson(endpoint, access?.body === undefined ? value : access.body(value as unknown as Record<string, unknown>), call, createGeminiError);
    return response;
  }

  async chat(call: ProviderCall): Promise<ChatResult> {
    const response = await this.#post(call, false);
    return convertFromGeminiResponse(await readJsonBody(response.body, 'upstream'), this.#newKey());
  }

  async *stream(call: ProviderCall): AsyncGenerator<StreamEvent> {
    const response = await this.#post(call, true);
    try {
      yield* transformGeminiStream(parseServerSentEvents(response.body), this.#newKey());
    } catch (error) {
      throw toStreamError(error);
    }
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}
