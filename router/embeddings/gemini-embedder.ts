import type { ProviderSettings } from '../config/compiled-config.ts';
import type { EmbeddingResult } from '../core/embedding-request.ts';
import { UpstreamError } from '../errors/upstream-error.ts';
import { createGeminiError } from '../providers/gemini/gemini-error.ts';
import { JsonUpstream } from '../providers/http/json-upstream.ts';
import { readJsonBody } from '../providers/http/read-json-body.ts';
import type { Embedder, EmbeddingCall } from './embedder.ts';

const GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

type GeminiBatchEmbedResponse = { embeddings?: Array<{ values?: unknown }> };

/**
 * Gemini's `models/{model}:batchEmbedContents`: one request per input text, `dimensions` as
 * `outputDimensionality`, the vectors back in order. Gemini reports no token count, so the
 * gateway's estimate is billed. Token-array input has no Gemini form (unfit, skipped).
 */
export class GeminiEmbedder implements Embedder {
  readonly acceptsTokens = false;
  readonly #base: URL;
  readonly #upstream: JsonUpstream;

  constructor(settings: ProviderSettings) {
    this.#base = new URL(`${(settings.baseUrl ?? GEMINI_BASE_URL).replace(/\/+$/, '')}/`);
    this.#upstream = new JsonUpstream(settings, { endpoint: { origin: this.#base.origin }, credential: (apiKey) => ({ 'x-goog-api-key': apiKey }), createError: createGeminiError });
  }

  async embed(call: EmbeddingCall): Promise<EmbeddingResult> {
    const { input, dimensions } = call.request;
    if (input.type !== 'text') throw new Error('Gemini embeddings take text input only');
    if (call.request.user !== undefined) call.warnings.push('user is not sent to gemini (batchEmbedContents has no such field)');
    const model = call.providerModel.startsWith('models/') ? call.providerModel.slice('models/'.length) : call.providerModel;
    const requests = input.texts.map((text) => ({
      model: `models/${model}`,
      content: { parts: [{ text }] },
      ...(dimensions === undefined ? {} : { outputDimensionality: dimensions }),
    }));
    const path = `${this.#base.pathname}models/${encodeURIComponent(model)}:batchEmbedContents`;
    const response = await this.#upstream.post(call, { requests }, { path });
    const parsed = (await readJsonBody(response.body, 'upstream')) as GeminiBatchEmbedResponse;
    const embeddings = parsed?.embeddings;
    if (!Array.isArray(embeddings) || embeddings.length !== input.texts.length) {
      throw new UpstreamError({ kind: 'protocol', reason: `upstream returned ${Array.isArray(embeddings) ? embeddings.length : 'no'} embeddings for ${input.texts.length} inputs` });
    }
    const vectors = embeddings.map((embedding, index) => {
      const values = embedding.values;
      if (!Array.isArray(values) || !values.every((value) => typeof value === 'number')) throw new UpstreamError({ kind: 'protocol', reason: `upstream embedding ${index} has no values` });
      return values as number[];
    });
    return { vectors, inputTokens: undefined, reportedModel: model };
  }

  async close(): Promise<void> {
    await this.#upstream.close();
  }
}
