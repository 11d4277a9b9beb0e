import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Usage } from '../core/chat-result.ts';
import { openAIResponsesCodec } from '../formats/openai-responses/openai-responses-codec.ts';
import { openAIResponsesEndpointRequestSchema } from '../formats/openai-responses/openai-responses-request-schema.ts';
import { parseOpenAIResponsesRequest } from '../formats/openai-responses/parse-openai-responses-request.ts';
import type { GatewayServices } from '../runtime/gateway-services.ts';
import { previousResponseDeployment } from '../pipeline/previous-response-deployment.ts';
import { routeResponsesEndpoint } from '../pipeline/route-chat.ts';
import { RequestMemo } from '../signals/request-memo.ts';
import { governCall, type GovernedCall } from './governed-call.ts';
import { routedHeaders } from './routed-headers.ts';

const ENDPOINTS = ['input_tokens', 'compact'] as const;

/** `input_tokens` counts, it generates nothing: no tokens used, cost 0 (the estimate its rate windows took is given back). */
const NOTHING_USED: Usage = Object.freeze({ inputTokens: 0, outputTokens: 0 });

/**
 * `POST /v1/responses/input_tokens` and `POST /v1/responses/compact`: governed and planned like
 * `/v1/responses` (the key, the project's allow lists and limits, the same routers), served by the
 * first deployment of the plan on the OpenAI Responses API with the client's body (model replaced)
 * and answered with the upstream's JSON as it came. The input guardrails apply as on `/v1/responses`
 * (block, redact the carried body, route_to). A plan without such a deployment is a 400
 * `unsupported_feature` naming each skipped one; errors are in OpenAI's shape. Every outcome is an
 * audit row (`endpoint: responses/…`) and counted in the metrics: compact is a billed model call,
 * priced from the usage it reports; input_tokens is not billed (cost 0).
 */
export function registerResponsesEndpoints(app: FastifyInstance, services: GatewayServices): void {
  for (const endpoint of ENDPOINTS) {
    const governed = { clientFormat: openAIResponsesCodec.format, endpoint: `responses/${endpoint}` } as const;
    // The body is checked as /v1/responses checks it, except that `input` may be absent.
    const options = { schema: { body: openAIResponsesEndpointRequestSchema }, config: { codec: openAIResponsesCodec } };
    app.post(`/v1/responses/${endpoint}`, options, (request, reply) =>
      governCall(services, request, governed, (call) => forwardToEndpoint(services, endpoint, call, request, reply)),
    );
  }
}

async function forwardToEndpoint(services: GatewayServices, endpoint: (typeof ENDPOINTS)[number], call: GovernedCall, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const { value: chatRequest } = parseOpenAIResponsesRequest(request.body, { allowEmptyInput: true });
  const memo = new RequestMemo(chatRequest);
  await call.admit(chatRequest, memo);
  const signal = call.abortOnClose(reply);
  const input = call.routeInput(chatRequest, memo, signal);
  // The input guardrails of /v1/responses apply here too: the body reaches a model (compact) or leaves the gateway (input_tokens).
  const guard = await call.guardInput(chatRequest, signal);
  if (guard !== undefined) input.guard = guard;
  input.model = call.routed;
  // A call naming previous_response_id goes to the deployment that holds that response, or is refused (as on /v1/responses).
  const pinned = await previousResponseDeployment(services.responseAffinity, request.body, call.caller?.keyId);
  if (pinned !== undefined) input.model = pinned;
  const { execution } = await routeResponsesEndpoint(input, endpoint);
  const routed = call.routed;
  const isRouter = call.routedToRouter;
  const overheadMs = call.overheadMs(execution);
  const warnings = call.guardWarnings();
  reply.headers({ ...execution.value.upstreamHeaders, ...routedHeaders(call.requestId, routed, isRouter, execution, call.trace, overheadMs, warnings) });
  await reply.type('application/json; charset=utf-8').send(execution.value.body);
  const usage = endpoint === 'input_tokens' ? NOTHING_USED : execution.value.usage;
  call.report({ step: execution.step, attempts: execution.attempts, overheadMs, warnings, ...(usage === undefined ? {} : { usage }) });
}
