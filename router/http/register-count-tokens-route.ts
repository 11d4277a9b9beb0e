import type { FastifyInstance } from 'fastify';
import { unresolvedModelError } from '../errors/unresolved-model-error.ts';
import { resolveModelName } from '../routing/resolve-model-name.ts';
import { anthropicMessagesCodec } from '../formats/anthropic-messages/anthropic-messages-codec.ts';
import { anthropicCountTokensRequestSchema } from '../formats/anthropic-messages/anthropic-messages-request-schema.ts';
import { anthropicInputTokenTexts } from '../formats/anthropic-messages/count-anthropic-input-tokens.ts';
import type { GatewayServices } from '../runtime/gateway-services.ts';
import { createTokenCounter } from '../tokens/create-token-counter.ts';
import { requireApiKey } from './request-headers.ts';

const NOT_HEADER_SAFE = /[^\x20-\x7e]/g;

/**
 * `POST /v1/messages/count_tokens` → `{ input_tokens }`. The count is the gateway's own estimate
 * (see count-anthropic-input-tokens.ts), whichever deployment the model would route to; the
 * `x-switchyard-token-count: estimate` header says so. The tokenizer runs in a worker thread, never
 * on the event loop. Errors come back in Anthropic's shape.
 */
export function registerCountTokensRoute(app: FastifyInstance, services: GatewayServices): void {
  const counter = createTokenCounter();
  app.addHook('onClose', () => counter.close());
  const options = { schema: { body: anthropicCountTokensRequestSchema }, config: { codec: anthropicMessagesCodec } };
  app.post('/v1/messages/count_tokens', options, async (request, reply) => {
    const { config } = services.holder.current;
    await requireApiKey(services, request.headers);
    const { value, warnings } = anthropicMessagesCodec.parseRequest(request.body);
    if (resolveModelName(config, value.requestedModel) === undefined) throw unresolvedModelError(value.requestedModel);
    const { texts, fixedTokens } = anthropicInputTokenTexts(value);
    const inputTokens = fixedTokens + (await counter.count(texts));
    void reply.header('x-switchyard-request-id', request.id).header('x-switchyard-token-count', 'estimate');
    if (warnings.length > 0) void reply.header('x-switchyard-warnings', services.redactor.redact(warnings.join('; ')).replace(NOT_HEADER_SAFE, '?').slice(0, 2000));
    return { input_tokens: inputTokens };
  });
}
