import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Usage } from '../core/chat-result.ts';
import { encodeEmbeddingsResponse } from '../embeddings/encode-embeddings-response.ts';
import { parseEmbeddingsRequest } from '../embeddings/parse-embeddings-request.ts';
import { openAIChatCodec } from '../formats/openai-chat/openai-chat-codec.ts';
import type { GatewayServices } from '../runtime/gateway-services.ts';
import { routeEmbeddings } from '../pipeline/route-chat.ts';
import { RequestMemo } from '../signals/request-memo.ts';
import { governCall, type GovernedCall, type GovernedEndpoint } from './governed-call.ts';
import { routedHeaders } from './routed-headers.ts';

/** What the audit log, the metrics and the trace call this API. */
const EMBEDDINGS: GovernedEndpoint = { clientFormat: 'openai-embeddings', trace: { operation: 'embeddings' } };

/**
 * `POST /v1/embeddings` (OpenAI format). Governed like a chat request: the key, its project's
 * allow list, key and project limits and budgets; routed by the same routers, executed by the
 * same executor (route-chat.ts `routeEmbeddings`); priced per input token at the model's `input`
 * price; settled, audited and counted in the metrics. Errors are in OpenAI's shape. Input
 * guardrails run as for chat (a redaction changes the texts that are embedded); output checks and
 * smart scoring have nothing to read here.
 */
export function registerEmbeddingsRoute(app: FastifyInstance, services: GatewayServices): void {
  app.post('/v1/embeddings', { config: { codec: openAIChatCodec } }, (request, reply) =>
    governCall(services, request, EMBEDDINGS, (call) => embed(services, call, request, reply)),
  );
}

async function embed(services: GatewayServices, call: GovernedCall, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const parsed = parseEmbeddingsRequest(request.body);
  const memo = new RequestMemo(parsed.routing, { embedding: true, ...(parsed.inputTokens === undefined ? {} : { inputTokens: parsed.inputTokens }) });
  await call.admit(parsed.routing, memo);
  const signal = call.abortOnClose(reply);
  const input = call.routeInput(parsed.routing, memo, signal);
  // Input guardrails as for chat (block, redact, route_to, warn): the texts are the request's one user turn.
  const guard = await call.guardInput(parsed.routing, signal);
  if (guard !== undefined) input.guard = guard;
  if (call.routedName !== undefined) input.model = call.routedName;
  const { execution, trace } = await routeEmbeddings(input, parsed.embedding);
  const { result } = execution.value;
  const warnings = [...execution.value.warnings, ...call.guardWarnings()].map((warning) => services.redactor.redact(warning));
  // Providers that report no count (Gemini) are billed at the gateway's estimate.
  const usage: Usage = { inputTokens: result.inputTokens ?? memo.inputTokens(), outputTokens: 0 };
  const routed = call.routed;
  const isRouter = call.routedToRouter;
  const overheadMs = call.overheadMs(execution);
  reply.headers({ ...execution.value.upstreamHeaders, ...routedHeaders(call.requestId, routed, isRouter, execution, trace, overheadMs, warnings) });
  const model = result.reportedModel ?? execution.step.providerModel;
  await reply.send(encodeEmbeddingsResponse(result.vectors, { model, inputTokens: usage.inputTokens, encodingFormat: parsed.embedding.encodingFormat }));
  request.log.info({ router: routed, model: execution.step.deployment.name, attempts: execution.attempts.length, embeddings: result.vectors.length }, 'routed');
  call.report({ step: execution.step, attempts: execution.attempts, usage, overheadMs, warnings });
}
