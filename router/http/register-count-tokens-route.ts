import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../errors/gateway-error.ts';
import { ModelNotFoundError } from '../errors/model-not-found-error.ts';
import { anthropicMessagesCodec } from '../formats/anthropic-messages/anthropic-messages-codec.ts';
import { anthropicCountTokensRequestSchema } from '../formats/anthropic-messages/anthropic-messages-request-schema.ts';
import { countAnthropicInputTokens } from '../formats/anthropic-messages/count-anthropic-input-tokens.ts';
import type { GatewayServices } from '../runtime/gateway-services.ts';
import { callerKey } from './request-headers.ts';

const NOT_HEADER_SAFE = /[^\x20-\x7e]/g;

/**
 * `POST /v1/messages/count_tokens` → `{ input_tokens }`. The count is the gateway's own estimate
 * (see count-anthropic-input-tokens.ts), whichever deployment the model would route to; the
 * `x-switchyard-token-count: estimate` header says so. Errors come back in Anthropic's shape.
 */
export function registerCountTokensRoute(app: FastifyInstance, services: GatewayServices): void {
  const options = { schema: { body: anthropicCountTokensRequestSchema }, config: { codec: anthropicMessagesCodec } };
  app.post('/v1/messages/count_tokens', options, async (request, reply) => {
    const { config } = services.holder.current;
    if (config.server.api_keys !== undefined && !config.server.api_keys.some((entry) => entry.key === callerKey(request.headers))) {
      throw new GatewayError('unauthorized', 'Missing or invalid API key: send `Authorization: Bearer <key>` or `x-api-key`.');
    }
    const { value, warnings } = anthropicMessagesCodec.parseRequest(request.body);
    if (!config.routers.has(value.requestedModel) && !config.deployments.has(value.requestedModel)) throw new ModelNotFoundError(value.requestedModel);
    void reply.header('x-switchyard-request-id', request.id).header('x-switchyard-token-count', 'estimate');
    if (warnings.length > 0) void reply.header('x-switchyard-warnings', warnings.join('; ').replace(NOT_HEADER_SAFE, '?').slice(0, 2000));
    return { input_tokens: countAnthropicInputTokens(value) };
  });
}
