import type { Dispatcher } from 'undici';
import type { ProviderSettings } from '../config/compiled-config.ts';
import type { EmbeddingResult } from '../core/embedding-request.ts';
import { UpstreamError } from '../errors/upstream-error.ts';
import { createUpstreamPool } from '../providers/http/create-upstream-pool.ts';
import { postJson } from '../providers/http/post-json.ts';
import { readJsonBody } from '../providers/http/read-json-body.ts';
import { createOllamaError } from '../providers/ollama/ollama-error.ts';
import type { Embedder, EmbeddingCall } from './embedder.ts';
import { providerHeaders } from '../providers/http/provider-headers.ts';

const OLLAMA_BASE_URL = 'http://127.0.0.1:11434';

type OllamaEmbedResponse = { model?: string; embeddings?: unknown; prompt_eval_count?: number };

/**
 * Ollama's native `POST /api/embed`: `input` as a list of texts, `dimensions` passed through;
 * `prompt_eval_count` is the input tokens. Token-array input has no Ollama form (unfit, skipped).
 */
export class OllamaEmbedder implements Embedder {
  readonly acceptsTokens = false;
  readonly #origin: string;
  readonly #path: string;
  readonly #headers: Record<string, string>;
  readonly #pool: Dispatcher;

  constructor(settings: ProviderSettings) {
    const url = new URL(`${(settings.baseUrl ?? OLLAMA_BASE_URL).replace(/\/+$/, '')}/api/embed`);
    this.#origin = url.origin;
    this.#path = url.pathname + url.search;
    this.#headers = providerHeaders({ 'content-type': 'application/json' }, settings.apiKey === undefined ? undefined : { authorization: `Bearer ${settings.apiKey.reveal()}` }, settings.headers);
    this.#pool = createUpstreamPool(settings.maxConnections);
  }

  async embed(call: EmbeddingCall): Promise<EmbeddingResult> {
    const { input, dimensions } = call.request;
    if (input.type !== 'text') throw new Error('Ollama embeddings take text input only');
    if (call.request.user !== undefined) call.warnings.push('user is not sent to ollama (/api/embed has no such field)');
    const body = { model: call.providerModel, input: input.texts, ...(dimensions === undefined ? {} : { dimensions }) };
    const response = await postJson({ pool: this.#pool, origin: this.#origin, path: this.#path, headers: this.#headers }, body, call, createOllamaError);
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
    await this.#pool.close();
  }
}
