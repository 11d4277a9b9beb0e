import type { BedrockRuntimeClient, ConverseCommandInput, ConverseStreamCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { ChatResult } from '../../core/chat-result.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import type { ProviderSettings } from '../../config/compiled-config.ts';
import { UpstreamError } from '../../errors/upstream-error.ts';
import { toStreamError } from '../http/to-stream-error.ts';
import type { ProviderAdapter, ProviderCall } from '../provider-adapter.ts';
import { BedrockEmbedder } from '../../embeddings/bedrock-embedder.ts';
import type { Embedder } from '../../embeddings/embedder.ts';
import { toBedrockError } from './bedrock-error.ts';
import { convertFromConverseResponse, transformConverseStream } from './convert-from-converse.ts';
import { convertToConverseRequest } from './convert-to-converse-request.ts';
import type { ConverseResponse, ConverseStreamEvent } from './converse-wire.ts';

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Amazon Bedrock through its Converse and ConverseStream APIs, with the AWS SDK's own client: SigV4
 * signing, the event-stream decoding and the standard credential chain (environment, shared
 * config and `profile`, web identity, container and instance metadata) unless the provider names a
 * static key. One region per provider account, so two regions are two accounts in one failover
 * router; a model id may be a cross-region inference profile (`eu.anthropic.claude-…`) or an ARN.
 * The SDK's own retries are off: the gateway's executor retries and fails over.
 */
export class BedrockAdapter implements ProviderAdapter {
  readonly type = 'bedrock';
  /** The SDK is loaded with the first Bedrock provider (a gateway without one never loads it). */
  readonly #sdk: Promise<{ client: BedrockRuntimeClient; sdk: typeof import('@aws-sdk/client-bedrock-runtime') }>;
  #embedder: Embedder | undefined;

  constructor(settings: ProviderSettings) {
    const bedrock = settings.bedrock;
    if (bedrock === undefined) throw new Error(`provider '${settings.name}' has no bedrock settings`);
    const timeout = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#sdk = import('@aws-sdk/client-bedrock-runtime').then((sdk) => ({ sdk, client: new sdk.BedrockRuntimeClient({
      region: bedrock.region,
      maxAttempts: 1,
      ...(settings.baseUrl === undefined ? {} : { endpoint: settings.baseUrl }),
      ...(bedrock.profile === undefined ? {} : { profile: bedrock.profile }),
      ...(bedrock.accessKeyId === undefined || bedrock.secretAccessKey === undefined
        ? {}
        : {
            credentials: {
              accessKeyId: bedrock.accessKeyId.reveal(),
              secretAccessKey: bedrock.secretAccessKey.reveal(),
              ...(bedrock.sessionToken === undefined ? {} : { sessionToken: bedrock.sessionToken.reveal() }),
            },
          }),
      // The socket may idle this long (before the answer, and between stream events).
      // HTTP/1.1 with keep-alive (the client's default handler is HTTP/2, for bidirectional streams this adapter does not use).
      requestHandler: new NodeHttpHandler({ requestTimeout: timeout, connectionTimeout: Math.min(timeout, 10_000), httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: settings.maxConnections }), httpAgent: new HttpAgent({ keepAlive: true, maxSockets: settings.maxConnections }) }),
    }) }));
  }

  #input(call: ProviderCall): ConverseCommandInput {
    const { value, warnings } = convertToConverseRequest(call.request, call.providerModel);
    call.warnings.push(...warnings);
    // The wire shapes are the SDK's members; its types are unions of every member.
    return value as unknown as ConverseCommandInput;
  }

  async chat(call: ProviderCall): Promise<ChatResult> {
    try {
      const { client, sdk } = await this.#sdk;
      const output = await client.send(new sdk.ConverseCommand(this.#input(call)), { abortSignal: call.signal });
      return convertFromConverseResponse(output as unknown as ConverseResponse);
    } catch (error) {
      throw toBedrockError(error);
    }
  }

  async *stream(call: ProviderCall): AsyncGenerator<StreamEvent> {
    let events: AsyncIterable<ConverseStreamEvent>;
    try {
      const { client, sdk } = await this.#sdk;
      const output = await client.send(new sdk.ConverseStreamCommand(this.#input(call) as ConverseStreamCommandInput), { abortSignal: call.signal });
      if (output.stream === undefined) throw new Error('ConverseStream answered without a stream');
      events = output.stream as AsyncIterable<ConverseStreamEvent>;
    } catch (error) {
      throw toBedrockError(error);
    }
    try {
      yield* transformConverseStream(events);
    } catch (error) {
      // The connection failing mid-stream is a cut stream, as for every provider.
      const converted = toBedrockError(error);
      throw converted instanceof UpstreamError && converted.kind === 'connection' ? toStreamError(error) : converted;
    }
  }

  /** Titan and Cohere embeddings through InvokeModel, on the same client. */
  get embedder(): Embedder {
    return (this.#embedder ??= new BedrockEmbedder(this.#sdk));
  }

  async close(): Promise<void> {
    (await this.#sdk).client.destroy();
  }
}
