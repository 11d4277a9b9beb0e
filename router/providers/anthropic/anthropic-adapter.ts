import type { ProviderSettings } from '../../config/compiled-config.ts';
import type { ChatResult } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import { endpointOf, JsonUpstream } from '../http/json-upstream.ts';
import { readJsonBody } from '../http/read-json-body.ts';
import { mapStreamErrors } from '../http/to-stream-error.ts';
import type { UpstreamAccess } from '../http/upstream-access.ts';
import type { PassthroughAdapter, ProviderAdapter, ProviderCall } from '../provider-adapter.ts';
import { parseServerSentEvents } from '../sse/parse-server-sent-events.ts';
import { createAnthropicError } from './anthropic-error.ts';
import { createAnthropicPassthrough } from './anthropic-passthrough.ts';
import { transformAnthropicStream } from './anthropic-stream-transform.ts';
import { convertFromAnthropicResponse } from './convert-from-anthropic-response.ts';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.ts';

const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';
const ANTHROPIC_VERSION = '2023-06-01';

/** `https://api.anthropic.com` and `https://proxy.example/v1` both work as `base_url`. */
function messagesUrl(baseUrl: string): URL {
  const base = baseUrl.replace(/\/+$/, '');
  return new URL(base.endsWith('/v1') ? `${base}/messages` : `${base}/v1/messages`);
}

/**
 * Anthropic Messages API. Headers: `x-api-key`, `anthropic-version: 2023-06-01` (a provider's
 * `headers` may override it or add `anthropic-beta`). With an access (Vertex AI), its URL, token
 * and body shape instead.
 */
export class AnthropicAdapter implements ProviderAdapter {
  readonly type = 'anthropic';
  readonly #upstream: JsonUpstream;

  constructor(settings: ProviderSettings, access?: UpstreamAccess) {
    this.#upstream = new JsonUpstream(settings, {
      endpoint: endpointOf(messagesUrl(settings.baseUrl ?? ANTHROPIC_BASE_URL)),
      own: { 'anthropic-version': ANTHROPIC_VERSION },
      credential: (apiKey) => ({ 'x-api-key': apiKey }),
      createError: createAnthropicError,
      access,
    });
  }

  async #post(call: ProviderCall): Promise<{ response: Awaited<ReturnType<JsonUpstream['post']>>; jsonToolName: string | undefined }> {
    const { value, warnings } = convertToAnthropicMessages(call.request, call.providerModel);
    call.warnings.push(...warnings);
    const response = await this.#upstream.post(call, value.body);
    return { response, jsonToolName: value.jsonToolName };
  }

  async chat(call: ProviderCall): Promise<ChatResult> {
    const { response, jsonToolName } = await this.#post(call);
    return convertFromAnthropicResponse(await readJsonBody(response.body, 'upstream'), jsonToolName);
  }

  async *stream(call: ProviderCall): AsyncGenerator<StreamEvent> {
    const { response, jsonToolName } = await this.#post(call);
    yield* mapStreamErrors(transformAnthropicStream(parseServerSentEvents(response.body), jsonToolName === undefined ? {} : { jsonToolName }));
  }

  /** Anthropic Messages clients: their body carried (`call.carried`), the answer back as it came. */
  readonly passthrough: PassthroughAdapter = createAnthropicPassthrough((call, body) => this.#upstream.post(call, body));

  async close(): Promise<void> {
    await this.#upstream.close();
  }
}
