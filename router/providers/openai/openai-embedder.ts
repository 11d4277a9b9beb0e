import type { EmbeddingResult, EmbeddingVector } from '../../core/embedding-request.ts';
import type { Embedder, EmbeddingCall } from '../../embeddings/embedder.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import type { JsonUpstream } from '../http/json-upstream.ts';
import { readJsonBody } from '../http/read-json-body.ts';
import type { OpenAIEndpoint } from './openai-endpoint.ts';

type OpenAIEmbeddingsResponse = {
  model?: string;
  data?: Array<{ index?: number; embedding?: unknown }>;
  usage?: { prompt_tokens?: number; total_tokens?: number };
};

function toVector(embedding: unknown, index: number): EmbeddingVector {
  if (typeof embedding === 'string') return { base64: embedding };
  if (Array.isArray(embedding) && embedding.every((value) => typeof value === 'number')) return embedding as number[];
  throw new UpstreamError({ kind: 'protocol', reason: `upstream embedding ${index} is neither a float array nor base64` });
}

/**
 * `POST {root}/embeddings` on the OpenAI wire (OpenAI, OpenAI-compatible servers, Azure OpenAI).
 * Same format as the client: its body goes up as sent with `model` replaced (unknown fields,
 * `dimensions`, `encoding_format`, `user` included), so base64 vectors come back without being
 * decoded on the way.
 */
export class OpenAIEmbedder implements Embedder {
  readonly acceptsTokens = true;
  readonly #endpoint: OpenAIEndpoint;
  readonly #upstream: JsonUpstream;

  /** The adapter's endpoint and upstream: the same pool, headers and error shape. */
  constructor(endpoint: OpenAIEndpoint, upstream: JsonUpstream) {
    this.#endpoint = endpoint;
    this.#upstream = upstream;
  }

  async embed(call: EmbeddingCall): Promise<EmbeddingResult> {
    const endpoint = this.#endpoint;
    const body = { ...call.body, model: call.providerModel };
    const response = await this.#upstream.post(call, body, { path: endpoint.pathFor('embeddings', call.providerModel), extraHeaders: await endpoint.authorize?.() });
    const parsed = (await readJsonBody(response.body, 'upstream')) as OpenAIEmbeddingsResponse;
    if (!Array.isArray(parsed?.data)) throw new UpstreamError({ kind: 'protocol', reason: 'upstream embeddings answer has no data array' });
    const ordered = [...parsed.data].sort((left, right) => (left.index ?? 0) - (right.index ?? 0));
    const inputTokens = parsed.usage?.prompt_tokens ?? parsed.usage?.total_tokens;
    return { vectors: ordered.map((item, index) => toVector(item.embedding, index)), inputTokens, reportedModel: parsed.model };
  }

  async close(): Promise<void> {
    // The pool is the adapter's: it closes it.
  }
}
