import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { ProviderSettings } from '../../config/compiled-config.ts';
import type { ChatResult } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import { JsonUpstream } from '../http/json-upstream.ts';
import { readJsonBody } from '../http/read-json-body.ts';
import { mapStreamErrors } from '../http/to-stream-error.ts';
import type { UpstreamAccess } from '../http/upstream-access.ts';
import type { ProviderAdapter, ProviderCall } from '../provider-adapter.ts';
import { parseServerSentEvents } from '../sse/parse-server-sent-events.ts';
import { convertFromGeminiResponse } from './convert-from-gemini-response.ts';
import { convertToGeminiRequest } from './convert-to-gemini-request.ts';
import { createGeminiError } from './gemini-error.ts';
import { transformGeminiStream } from './gemini-stream-transform.ts';

const GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

/** Google's Gemini API: `models/{model}:generateContent` and `:streamGenerateContent?alt=sse` (Vertex AI: through its access). */
export class GeminiAdapter implements ProviderAdapter {
  readonly type = 'gemini';
  readonly #base: URL;
  readonly #upstream: JsonUpstream;
  readonly #newKey: () => string;

  constructor(settings: ProviderSettings, newKey: () => string = () => randomUUID().slice(0, 8), access?: UpstreamAccess) {
    this.#base = new URL(`${(settings.baseUrl ?? GEMINI_BASE_URL).replace(/\/+$/, '')}/`);
    this.#upstream = new JsonUpstream(settings, {
      endpoint: { origin: this.#base.origin, path: this.#base.pathname },
      credential: (apiKey) => ({ 'x-goog-api-key': apiKey }),
      createError: createGeminiError,
      access,
    });
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
    return this.#upstream.post(call, value, { path: this.#path(call.providerModel, stream), stream });
  }

  async chat(call: ProviderCall): Promise<ChatResult> {
    const response = await this.#post(call, false);
    return convertFromGeminiResponse(await readJsonBody(response.body, 'upstream'), this.#newKey());
  }

  async *stream(call: ProviderCall): AsyncGenerator<StreamEvent> {
    const response = await this.#post(call, true);
    yield* mapStreamErrors(transformGeminiStream(parseServerSentEvents(response.body), this.#newKey()));
  }

  async close(): Promise<void> {
    await this.#upstream.close();
  }
}
