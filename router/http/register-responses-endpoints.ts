import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import type { RequestFacts } from '../audit/build-audit-record.ts';
import { recordRequest } from '../audit/record-request.ts';
import type { ChatRequest } from '../core/chat-request.ts';
import type { Usage } from '../core/chat-result.ts';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';
import { openAIResponsesCodec } from '../formats/openai-responses/openai-responses-codec.ts';
import { parseOpenAIResponsesRequest } from '../formats/openai-responses/parse-openai-responses-request.ts';
import { admitCaller, authenticateRequest, governedTags, routingCallerOf, settleCaller } from '../governance/govern-request.ts';
import { deepFreeze } from '../providers/carry/deep-freeze.ts';
import { pickProtocolHeaders } from '../providers/carry/pick-protocol-headers.ts';
import { resolveModelName } from '../routing/resolve-model-name.ts';
import type { PlanTrace } from '../routing/expand-plan.ts';
import type { GatewayServices } from '../runtime/gateway-services.ts';
import { routeResponsesEndpoint, type RouteInput } from '../runtime/route-chat.ts';
import { parseTags } from '../runtime/parse-tags.ts';
import { previousResponseDeployment } from '../runtime/previous-response-deployment.ts';
import { RequestMemo } from '../signals/request-memo.ts';
import { RequestGuard } from '../guardrails/request-guard.ts';
import { verdictWarning } from '../guardrails/guardrail-verdict.ts';
import { attemptsOf, requestedModelOf } from './create-chat-handler.ts';
import { flattenHeaders } from './request-headers.ts';
import { routedHeaders } from './routed-headers.ts';
import { toGatewayError } from './to-gateway-error.ts';

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
    app.post(`/v1/responses/${endpoint}`, { config: { codec: openAIResponsesCodec } }, async (request, reply) => {
      const started = performance.now();
      const lease = services.holder.acquire();
      const { runtime } = lease;
      const { config } = runtime;
      let caller: Awaited<ReturnType<typeof authenticateRequest>>;
      try {
        caller = await authenticateRequest(services, config, request.headers);
      } catch (error) {
        lease.release();
        throw error;
      }

      // From here on every outcome is counted and written to the audit log.
      const receivedAt = (services.now ?? Date.now)();
      const trace: PlanTrace = { decisions: [] };
      let parsed: ChatRequest | undefined;
      let memo: RequestMemo | undefined;
      let tags: Record<string, string> = {};
      let routedName: string | undefined;
      let estimatedTokens = 0;
      let guard: RequestGuard | undefined;
      let reported = false;
      const report = (facts: Pick<RequestFacts, 'attempts'> & Partial<RequestFacts>) => {
        if (facts.step !== undefined && facts.usage !== undefined) settleCaller(services, caller, { admittedAt: receivedAt, estimatedTokens, deployment: facts.step.deployment, usage: facts.usage });
        recordRequest(services, {
          at: receivedAt,
          requestId: request.id,
          request: parsed,
          memo,
          requestedModel: parsed?.requestedModel ?? requestedModelOf(request.body),
          clientFormat: openAIResponsesCodec.format,
          endpoint: `responses/${endpoint}`,
          isRouter: config.routers.has(resolveModelName(config, routedName ?? parsed?.requestedModel ?? '') ?? ''),
          trace,
          tags,
          storePrompts: config.audit.store_prompts,
          latencyMs: performance.now() - started,
          warnings: [],
          ...(caller === undefined ? {} : { caller: caller.name, keyId: caller.keyId, ...(caller.project === undefined ? {} : { project: caller.project.name }) }),
          ...(routedName === undefined ? {} : { routedModel: routedName }),
          ...(guard === undefined ? {} : { guardrails: [...guard.verdicts], warnings: [...guard.warnings, ...guard.verdicts.map(verdictWarning)] }),
          ...facts,
        });
        reported = true;
      };

      try {
        if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)) throw new InvalidRequestError('The request body must be a JSON object.');
        const { value: chatRequest } = parseOpenAIResponsesRequest(request.body, { allowEmptyInput: true });
        parsed = chatRequest;
        memo = new RequestMemo(chatRequest);
        const headers = flattenHeaders(request.headers);
        tags = governedTags({ ...chatRequest.metadata, ...parseTags(headers['x-switchyard-tags']) }, caller);
        const admitted = await admitCaller(services, config, caller, memo);
        estimatedTokens = admitted.estimatedTokens;
        if (admitted.model.name !== chatRequest.requestedModel) routedName = admitted.model.name;
        const abort = new AbortController();
        reply.raw.on('close', () => {
          if (!reply.raw.writableFinished) abort.abort();
        });
        const input: RouteInput = {
          runtime,
          request: chatRequest,
          memo,
          headers,
          tags,
          signal: abort.signal,
          health: services.health,
          environment: services.environment,
          limits: services.limits,
          body: deepFreeze(request.body),
          protocolHeaders: pickProtocolHeaders(headers),
          receivedAt,
          trace,
          model: routedName ?? chatRequest.requestedModel,
          redact: (text) => services.redactor.redact(text),
        };
        if (caller !== undefined) input.caller = routingCallerOf(caller);
        if (RequestGuard.applies(config.guardrails)) {
          // The input guardrails of /v1/responses apply here too: the body reaches a model (compact) or leaves the gateway (input_tokens).
          guard = new RequestGuard(config.guardrails, chatRequest, { config, adapters: runtime.adapters, signal: abort.signal });
          const routerOf = (name: string) => {
            const resolved = resolveModelName(config, name);
            return resolved !== undefined && config.routers.has(resolved) ? resolved : undefined;
          };
          await guard.runInput(guard.scopeBeforeRouting(caller?.project?.name, routerOf(routedName ?? chatRequest.requestedModel)));
          if (guard.route !== undefined) {
            routedName = guard.route;
            input.model = guard.route;
            await guard.runInput(guard.scopeBeforeRouting(undefined, routerOf(guard.route)));
          }
          input.request = guard.planningRequest;
          input.guard = guard;
        }
        // A call naming previous_response_id goes to the deployment that holds that response, or is refused (as on /v1/responses).
        const pinned = await previousResponseDeployment(services.responseAffinity, request.body, caller?.keyId);
        if (pinned !== undefined) input.model = pinned;
        const { execution } = await routeResponsesEndpoint(input, endpoint);
        const routed = routedName ?? chatRequest.requestedModel;
        const isRouter = config.routers.has(resolveModelName(config, routed) ?? '');
        const overheadMs = performance.now() - started - execution.upstreamMs - execution.waitedMs;
        const warnings = guard === undefined ? [] : [...guard.warnings, ...guard.verdicts.map(verdictWarning)];
        reply.headers({ ...execution.value.upstreamHeaders, ...routedHeaders(request.id, routed, isRouter, execution, trace, overheadMs, warnings) });
        await reply.type('application/json; charset=utf-8').send(execution.value.body);
        const usage = endpoint === 'input_tokens' ? NOTHING_USED : execution.value.usage;
        report({ step: execution.step, attempts: execution.attempts, overheadMs, ...(usage === undefined ? {} : { usage }) });
      } catch (error) {
        if (!reported) report({ error: toGatewayError(error, config.server.body_limit_bytes), attempts: attemptsOf(error) });
        throw error;
      } finally {
        lease.release();
      }
    });
  }
}
