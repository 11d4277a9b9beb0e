import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { EmbeddingResult } from '../core/embedding-request.ts';
import { UpstreamError } from '../errors/upstream-error.ts';
import { toBedrockError } from '../providers/bedrock/bedrock-error.ts';
import type { Embedder, EmbeddingCall } from './embedder.ts';

type Sdk = { client: BedrockRuntimeClient; sdk: typeof import('@aws-sdk/client-bedrock-runtime') };

const isCohere = (modelId: string) => /(^|[.:/])cohere\.embed/.test(modelId);
const isTitan = (modelId: string) => /(^|[.:/])amazon\.titan-embed/.test(modelId);

function vectorOf(value: unknown, index: number): number[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'number')) throw new UpstreamError({ kind: 'protocol', reason: `upstream embedding ${index} has no values` });
  return value as number[];
}

/**
 * Bedrock embeddings through InvokeModel (Converse has none), with the provider's SDK client:
 * Amazon Titan Text Embeddings (`amazon.titan-embed-text-v2:0`: one text per call, `dimensions`
 * and the token count it reports) and Cohere Embed (`cohere.embed-*`: every text in one call,
 * `input_type: search_document`). Token-array input has no Bedrock form (unfit, skipped).
 */
export class BedrockEmbedder implements Embedder {
  readonly acceptsTokens = false;
  readonly #sdk: Promise<Sdk>;

  constructor(sdk: Promise<Sdk>) {
    this.#sdk = sdk;
  }

  async #invoke(modelId: string, body: unknown, signal: AbortSignal): Promise<Record<string, unknown>> {
    const { client, sdk } = await this.#sdk;
    try {
      const output = await client.send(new sdk.InvokeModelCommand({ modelId, contentType: 'application/json', accept: 'application/json', body: JSON.stringify(body) }), { abortSignal: signal });
      return JSON.parse(Buffer.from(output.body).toString('utf8')) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof SyntaxError) throw new UpstreamError({ kind: 'protocol', reason: 'Bedrock embeddings answer was not JSON' });
      throw toBedrockError(error);
    }
  }

  async embed(call: EmbeddingCall): Promise<EmbeddingResult> {
    const { input, dimensions } = call.request;
    if (input.type !== 'text') throw new Error('Bedrock embeddings take text input only');
    if (call.request.user !== undefined) call.warnings.push('user is not sent to bedrock (InvokeModel embeddings have no such field)');
    const modelId = call.providerModel;
    if (isCohere(modelId)) {
      if (dimensions !== undefined) call.warnings.push('dimensions is not a Cohere Embed v3 parameter on Bedrock: the model\'s own length applies');
      const answer = await this.#invoke(modelId, { texts: input.texts, input_type: 'search_document' }, call.signal);
      const embeddings = answer.embeddings;
      if (!Array.isArray(embeddings) || embeddings.length !== input.texts.length) throw new UpstreamError({ kind: 'protocol', reason: `upstream returned ${Array.isArray(embeddings) ? embeddings.length : 'no'} embeddings for ${input.texts.length} inputs` });
      return { vectors: embeddings.map(vectorOf), inputTokens: undefined, reportedModel: modelId };
    }
    if (!isTitan(modelId)) call.warnings.push(`${modelId} is taken for an Amazon Titan embeddings model (inputText in, embedding out)`);
    const vectors: number[][] = [];
    let tokens = 0;
    for (const [index, text] of input.texts.entries()) {
      const answer = await this.#invoke(modelId, { inputText: text, ...(dimensions === undefined ? {} : { dimensions }), normalize: true }, call.signal);
      vectors.push(vectorOf(answer.embedding, index));
      tokens += typeof answer.inputTextTokenCount === 'number' ? answer.inputTextTokenCount : 0;
    }
    return { vectors, inputTokens: tokens > 0 ? tokens : undefined, reportedModel: modelId };
  }

  async close(): Promise<void> {
    // The client is the adapter's: it closes it.
  }
}
