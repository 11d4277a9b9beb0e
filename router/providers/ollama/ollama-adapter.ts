import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { ProviderSettings } from '../../config/compiled-config.ts';
import type { ChatResult } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import { endpointOf, JsonUpstream } from '../http/json-upstream.ts';
import { readJsonBody } from '../http/read-json-body.ts';
import { mapStreamErrors } from '../http/to-stream-error.ts';
import { parseNewlineDelimitedJson } from '../ndjson/parse-newline-delimited-json.ts';
import type { ProviderAdapter, ProviderCall } from '../provider-adapter.ts';
import { convertFromOllamaResponse } from './convert-from-ollama-response.ts';
import { convertToOllamaRequest } from './convert-to-ollama-request.ts';
import { createOllamaError } from './ollama-error.ts';
import { transformOllamaStream } from './ollama-stream-transform.ts';

const OLLAMA_BASE_URL = 'http://127.0.0.1:11434';

/**
 * Ollama's native API (`POST /api/chat`, NDJSON stream). Ollama's OpenAI-compatible `/v1` is the
 * openai-compatible adapter instead; the native one gives options, `format` schemas and eval counts.
 */
export class OllamaAdapter implements ProviderAdapter {
  readonly type = 'ollama';
  readonly #upstream: JsonUpstream;
  readonly #newKey: () => string;

  constructor(settings: ProviderSettings, newKey: () => string = () => randomUUID().slice(0, 8)) {
    this.#upstream = new JsonUpstream(settings, {
      endpoint: endpointOf(new URL(`${(settings.baseUrl ?? OLLAMA_BASE_URL).replace(/\/+$/, '')}/api/chat`)),
      // A bare Ollama needs no key; one behind an authenticating proxy may.
      credential: (apiKey) => ({ authorization: `Bearer ${apiKey}` }),
      createError: createOllamaError,
    });
    this.#newKey = newKey;
  }

  async #post(call: ProviderCall, stream: boolean): Promise<Dispatcher.ResponseData> {
    const { value, warnings } = convertToOllamaRequest(call.request, call.providerModel);
    call.warnings.push(...warnings);
    // The method called decides, whatever the request says (Ollama streams unless told not to).
    value.stream = stream;
    return this.#upstream.post(call, value);
  }

  async chat(call: ProviderCall): Promise<ChatResult> {
    const response = await this.#post(call, false);
    return convertFromOllamaResponse(await readJsonBody(response.body, 'upstream'), this.#newKey());
  }

  async *stream(call: ProviderCall): AsyncGenerator<StreamEvent> {
    const response = await this.#post(call, true);
    yield* mapStreamErrors(transformOllamaStream(parseNewlineDelimitedJson(response.body), this.#newKey()));
  }

  async close(): Promise<void> {
    await this.#upstream.close();
  }
}
