import type { ProviderSettings } from '../config/compiled-config.ts';
import type { EmbeddingResult } from '../core/embedding-request.ts';
import { UpstreamError } from '../errors/upstream-error.ts';
import { endpointOf, JsonUpstream } from '../providers/http/json-upstream.ts';
import { readJsonBody } from '../providers/http/read-json-body.ts';
import { createOllamaError } from '../providers/ollama/ollama-error.ts';
import type { Embedder, EmbeddingCall } from './embedder.ts';

const OLLAMA_BASE_URL = 'http://127.0.0.1:11434';

type OllamaEmbedResponse = { model?: string; embeddings?: unknown; prompt_eval_count?: number };

/**
 * Ollama's native `POST /api/embed`: `input` as a list of texts, `dimensions` passed through;
 * `prompt_eval_count` is the input tokens. Token-array input has no Ollama form (unfit, skipped).
 */
export class OllamaEmbedder implements Embedder {
  readonly acceptsTokens = false;
  readonly #upstream: JsonUpstream;

  constructor(settings: ProviderSettings) {
    this.#upstream = new JsonUpstream(settings, {
      endpoint: endpointOf(new URL(`${(settings.baseUrl ?? OLLAMA_BASE_URL).replace(/\/+$/, '')}/api/embed`)),
      credential: (apiKey) => ({ authorization: `Bearer ${apiKey}` }),
      createError: createOllamaError,
    });
  }

  async embed(call: EmbeddingCall): Promise<EmbeddingResult> {
    const { input, dimensions } = call.request;
    if (input.type !== 'text') throw new Error('Ollama embeddings take text input only');
    if (call.request.user !== undefined) call.warnings.push('user is not sent to ollama (/api/embed has no such field)');
    const body = { model: call.providerModel, input: input.texts, ...(dimensions === undefined ? {} : { dimensions }) };
    const response = await this.#upstream.post(call, body);
    const parsed = (await readJsonBody(response.body, 'upstream')) as OllamaEmbedResponse;
    const embeddings = parsed?.embeddings;
    if (!Array.isArray(embeddings) || embeddings.length !== input.texts.length) {
      throw new UpstreamError({ kind: 'protocol', reason: `upstream returned ${Array.isArray(embeddings) ? embeddings.length : 'no'} embeddings for ${input.texts.length} inputs` });
    }
    const vectors = embeddings.map((values: unknown, index) => {
      if (!Array.isArray(values) || !values.every((value) => typeof value === 'number')) throw new UpstreamError({ kind: 'protocol', reason: `upstream embedding ${index} is not a float array` });
      return values as number[];
    });
    return { vectors, inputTokens: parsed.prompt_eval_count, reportedModel: parsed.model };
  }

  async close(): Promise<void> {
    await this.#upstream.close();
  }
}
