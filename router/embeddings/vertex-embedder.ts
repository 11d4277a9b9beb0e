import type { ProviderSettings } from '../config/compiled-config.ts';
import type { EmbeddingResult } from '../core/embedding-request.ts';
import { UpstreamError } from '../errors/upstream-error.ts';
import { createGeminiError } from '../providers/gemini/gemini-error.ts';
import { JsonUpstream } from '../providers/http/json-upstream.ts';
import { readJsonBody } from '../providers/http/read-json-body.ts';
import { vertexAccess } from '../providers/vertex/vertex-access.ts';
import type { Embedder, EmbeddingCall } from './embedder.ts';

type PredictResponse = { predictions?: Array<{ embeddings?: { values?: unknown; statistics?: { token_count?: unknown } } }> };

/**
 * Vertex AI text embeddings (`text-embedding-005`, `gemini-embedding-001`…): the model's `:predict`
 * with one instance per text and `outputDimensionality`, through the account's token and endpoint.
 * The token counts Vertex reports are billed. Token-array input has no Vertex form (unfit, skipped).
 */
export class VertexEmbedder implements Embedder {
  readonly acceptsTokens = false;
  readonly #upstream: JsonUpstream;

  constructor(settings: ProviderSettings) {
    // The account's token and the model's :predict URL: no key, no endpoint of its own.
    this.#upstream = new JsonUpstream(settings, { createError: createGeminiError, access: vertexAccess(settings, 'google', 'predict') });
  }

  async embed(call: EmbeddingCall): Promise<EmbeddingResult> {
    const { input, dimensions } = call.request;
    if (input.type !== 'text') throw new Error('Vertex embeddings take text input only');
    if (call.request.user !== undefined) call.warnings.push('user is not sent to vertex (predict has no such field)');
    const body = { instances: input.texts.map((content) => ({ content })), ...(dimensions === undefined ? {} : { parameters: { outputDimensionality: dimensions } }) };
    const response = await this.#upstream.post(call, body, { stream: false });
    const predictions = ((await readJsonBody(response.body, 'upstream')) as PredictResponse)?.predictions;
    if (!Array.isArray(predictions) || predictions.length !== input.texts.length) {
      throw new UpstreamError({ kind: 'protocol', reason: `upstream returned ${Array.isArray(predictions) ? predictions.length : 'no'} embeddings for ${input.texts.length} inputs` });
    }
    let tokens = 0;
    const vectors = predictions.map((prediction, index) => {
      const values = prediction.embeddings?.values;
      if (!Array.isArray(values) || !values.every((value) => typeof value === 'number')) throw new UpstreamError({ kind: 'protocol', reason: `upstream embedding ${index} has no values` });
      const count = prediction.embeddings?.statistics?.token_count;
      if (typeof count === 'number') tokens += count;
      return values as number[];
    });
    return { vectors, inputTokens: tokens > 0 ? tokens : undefined, reportedModel: call.providerModel };
  }

  async close(): Promise<void> {
    await this.#upstream.close();
  }
}
