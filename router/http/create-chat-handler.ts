import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordRequest } from '../audit/record-request.ts';
import type { RequestFacts } from '../audit/build-audit-record.ts';
import { tapStreamUsage } from '../audit/tap-stream-usage.ts';
import type { ChatRequest } from '../core/chat-request.ts';
import type { Usage } from '../core/chat-result.ts';
import type { Attempt } from '../errors/all-targets-failed-error.ts';
import { RequestMemo } from '../signals/request-memo.ts';
import type { ClientFormatCodec, EncodeContext, EncodedStream } from '../formats/client-format-codec.ts';
import type { PlanTrace } from '../routing/expand-plan.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { classifyCallFailure } from '../execution/classify-call-failure.ts';
import { routeChat, routeStream, type RouteInput } from '../runtime/route-chat.ts';
import type { GatewayServices } from '../runtime/gateway-services.ts';
import { parseTags } from '../runtime/parse-tags.ts';
import { deepFreeze } from '../providers/carry/deep-freeze.ts';
import { pickProtocolHeaders } from '../providers/carry/pick-protocol-headers.ts';
import { flattenHeaders } from './request-headers.ts';
import { jsonBodyTextOf } from './json-body-text.ts';
import { costOf } from '../audit/build-audit-record.ts';
import { admitCaller, authenticateRequest, governedTags, routingCallerOf, settleCaller } from '../governance/govern-request.ts';
import { routedHeaders } from './routed-headers.ts';
import { toGatewayError } from './to-gateway-error.ts';
import { writeEventStream } from './write-event-stream.ts';
import { resolveModelName } from '../routing/resolve-model-name.ts';
import { RequestGuard } from '../guardrails/request-guard.ts';
import { OutputScanner } from '../guardrails/output-scanner.ts';
import { answerText, guardChatResult } from '../guardrails/guard-chat-result.ts';
import { holdForAnswerCheck } from '../guardrails/hold-for-answer-check.ts';
import type { StreamEvent } from '../core/stream-event.ts';
import { guardOutputStream } from '../guardrails/guard-output-stream.ts';
import { verdictWarning } from '../guardrails/guardrail-verdict.ts';
import { previousResponseDeployment } from '../runtime/previous-response-deployment.ts';

/**
 * The one handler every client API shares: parse with the codec, route, execute, encode.
 * Only the codec differs between /v1/chat/completions, /v1/messages and /v1/responses.
 */
export function createChatHandler(codec: ClientFormatCodec, services: GatewayServices) {
  return async function handleChat(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const started = performance.now();
    const requestId = request.id;
    // The request keeps this runtime (config and connection pools) to its end, across reloads;
    // the key is checked against the same config.
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

    // From here on every outcome is counted in the stats and written to the audit log.
    const receivedAt = (services.now ?? Date.now)();
    const planTrace: PlanTrace = { decisions: [] };
    // OpenTelemetry (`telemetry:`): undefined when off or not sampled, and then none of it runs.
    const tracing = services.tracer?.start({ requestId, requestedModel: requestedModelOf(request.body), clientFormat: codec.format, path: request.url.split('?')[0] ?? request.url, headers: flattenHeaders(request.headers) });
    let parsed: ChatRequest | undefined;
    let memo: RequestMemo | undefined;
    let tags: Record<string, string> = {};
    /** The router or model that serves it (the project's default router, a budget downgrade), and the tokens its key and project windows counted. */
    let routedName: string | undefined;
    let estimatedTokens = 0;
    /** The request's guardrails and the answer's scanner, when the config has any. */
    let guard: RequestGuard | undefined;
    let scanner: OutputScanner | undefined;
    let reported = false;
    const report = (facts: Pick<RequestFacts, 'attempts' | 'warnings'> & Partial<RequestFacts>) => {
      if (facts.step !== undefined && facts.usage !== undefined) settleCaller(services, caller, { admittedAt: receivedAt, estimatedTokens, deployment: facts.step.deployment, usage: facts.usage });
      recordRequest(services, {
        at: receivedAt,
        requestId,
        request: parsed,
        memo,
        requestedModel: parsed?.requestedModel ?? requestedModelOf(request.body),
        clientFormat: codec.format,
        isRouter: config.routers.has(resolveModelName(config, routedName ?? parsed?.requestedModel ?? '') ?? ''),
        trace: planTrace,
        tags,
        storePrompts: config.audit.store_prompts,
        latencyMs: performance.now() - started,
        ...(caller === undefined ? {} : { caller: caller.name, keyId: caller.keyId, ...(caller.project === undefined ? {} : { project: caller.project.name }) }),
        ...(routedName === undefined ? {} : { routedModel: routedName }),
        ...(guard === undefined ? {} : { guardrails: [...guard.verdicts, ...(scanner?.verdicts() ?? [])] }),
        ...facts,
      });
      reported = true;
      tracing?.finish({
        decisions: planTrace.decisions,
        step: facts.step,
        usage: facts.usage,
        costUsd: facts.step === undefined ? undefined : costOf(facts.step.deployment, facts.usage),
        error: facts.error,
        status: facts.error?.statusCode ?? 200,
      });
      // Recorded: a smart router's shadow evaluation may take the request from here, off its path.
      if (services.shadow !== undefined && facts.error === undefined && facts.step !== undefined && parsed !== undefined) {
        // A request a guardrail acted on (redacted, rerouted, filtered, warned) is never sent anywhere else.
        const guarded = guard !== undefined && (guard.verdicts.length > 0 || guard.warnings.length > 0 || guard.route !== undefined);
        services.shadow.consider({ requestId, request: parsed, step: facts.step, guarded });
      }
    };
    try {
      await routeAndReply();
    } catch (error) {
      if (!reported) report({ error: toGatewayError(error, config.server.body_limit_bytes), attempts: attemptsOf(error), warnings: [] });
      throw error;
    } finally {
      lease.release();
    }

    /** A same-format Responses answer's id → the deployment that holds its state, before the client can name it in a follow-up. */
    async function rememberResponse(responseId: string | undefined, deployment: string): Promise<void> {
      if (responseId === undefined || codec.format !== 'openai-responses') return;
      await services.responseAffinity?.remember(responseId, { deployment, keyId: caller?.keyId });
    }

    async function routeAndReply(): Promise<void> {
      // Parse warnings name what cannot cross formats: they apply only when the answer was translated.
      const { value: chatRequest, warnings: parseWarnings } = codec.parseRequest(request.body);
      parsed = chatRequest;
      memo = new RequestMemo(chatRequest);
      const headers = flattenHeaders(request.headers);
      // The key's and project's tags and tier are the operator's word: a client's own cannot override them.
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
        // Frozen: a carried body is replayed as sent on every attempt, so nothing may change it.
        body: deepFreeze(request.body),
        bodyText: jsonBodyTextOf(request),
        protocolHeaders: pickProtocolHeaders(headers),
        receivedAt,
        trace: planTrace,
        redact: (text) => services.redactor.redact(text),
        tracing,
      };
      if (caller !== undefined) input.caller = routingCallerOf(caller);
      if (RequestGuard.applies(config.guardrails)) {
        // Input guardrails run before routing, whatever the request names (a router or a model).
        guard = new RequestGuard(config.guardrails, chatRequest, { config, adapters: runtime.adapters, signal: abort.signal });
        const routerOf = (name: string) => {
          const resolved = resolveModelName(config, name);
          return resolved !== undefined && config.routers.has(resolved) ? resolved : undefined;
        };
        const namedRouter = routerOf(routedName ?? chatRequest.requestedModel);
        const guardrailsDone = tracing?.guardrails();
        try {
          await guard.runInput(guard.scopeBeforeRouting(caller?.project?.name, namedRouter));
          if (guard.route !== undefined) {
            routedName = guard.route;
            await guard.runInput(guard.scopeBeforeRouting(undefined, routerOf(guard.route)));
          }
        } finally {
          guardrailsDone?.(guard.verdicts);
        }
        guard.filterToolsBeforeRouting(caller?.project?.name, routerOf(routedName ?? chatRequest.requestedModel));
        input.request = guard.planningRequest;
        input.guard = guard;
      }
      if (routedName !== undefined) input.model = routedName;
      // A Responses follow-up goes to the deployment that holds its previous response, or is refused.
      const pinned = codec.format === 'openai-responses' ? await previousResponseDeployment(services.responseAffinity, request.body, caller?.keyId) : undefined;
      if (pinned !== undefined) input.model = pinned;
      if (services.scorer !== undefined) input.scorer = services.scorer;
      const routed = routedName ?? chatRequest.requestedModel;
      const isRouter = config.routers.has(resolveModelName(config, routed) ?? '');
      const context = (model: string): EncodeContext => ({
        id: requestId,
        created: Math.floor(Date.now() / 1000),
        model,
        includeUsage: chatRequest.includeUsage === true,
        request: chatRequest,
      });

      if (!chatRequest.stream) {
        const { execution, trace } = await routeChat(input);
        const outcome = execution.value;
        const overheadMs = performance.now() - started - execution.upstreamMs - execution.waitedMs;
        let allWarnings = redactAll(services, outcome.kind === 'passthrough' ? outcome.warnings : [...parseWarnings, ...outcome.warnings]);
        if (guard !== undefined && outcome.kind === 'translated') {
          scanner = new OutputScanner(guard.outputGuards(execution.step), guard.restoring ? guard.redactions : undefined);
          const answerChecks = guard.answerChecks(execution.step);
          try {
            if (answerChecks.length > 0) await guard.checkAnswer(answerChecks, answerText(outcome.result));
            if (scanner.active) outcome.result = guardChatResult(outcome.result, scanner);
          } catch (error) {
            // Served and paid for, then refused: the usage is settled, the client gets the guardrail's error.
            report({ step: execution.step, attempts: execution.attempts, usage: outcome.result.usage, error: toGatewayError(error, config.server.body_limit_bytes), warnings: allWarnings });
            throw error;
          }
        }
        if (guard !== undefined) allWarnings = [...allWarnings, ...guard.warnings, ...[...guard.verdicts, ...(scanner?.verdicts() ?? [])].map(verdictWarning)];
        reply.headers({ ...outcome.upstreamHeaders, ...routedHeaders(requestId, routed, isRouter, execution, trace, overheadMs, allWarnings) });
        if (outcome.kind === 'passthrough') {
          await rememberResponse(outcome.answer.responseId, execution.step.deployment.name);
          // Same-format fast path: the provider's body is already in the client's format.
          await reply.type('application/json; charset=utf-8').send(outcome.answer.body);
        } else {
          const model = outcome.result.reportedModel?.name ?? execution.step.providerModel;
          await reply.send(codec.encodeResponse(outcome.result, context(model)));
        }
        request.log.info(routedLogLine(chatRequest.requestedModel, execution.step.deployment.name, execution.attempts.length, allWarnings), 'routed');
        const usage = outcome.kind === 'passthrough' ? outcome.answer.usage : outcome.result.usage;
        report({ step: execution.step, attempts: execution.attempts, usage, overheadMs, warnings: allWarnings });
        return;
      }

      const { execution, trace } = await routeStream(input);
      const opening = execution.value;
      let streamWarnings = redactAll(services, opening.kind === 'frames' ? opening.warnings : [...parseWarnings, ...opening.warnings]);
      // The answer's verdicts come after the headers: they reach the audit row and the metric.
      if (guard !== undefined) streamWarnings = [...streamWarnings, ...guard.warnings, ...guard.verdicts.map(verdictWarning)];
      let usage: Usage | undefined;
      let events: AsyncIterable<StreamEvent> | undefined = opening.kind === 'events' ? tapStreamUsage(opening.events, (reported) => (usage = reported)) : undefined;
      if (guard !== undefined && events !== undefined) {
        const answerChecks = guard.answerChecks(execution.step);
        if (answerChecks.length > 0) events = holdForAnswerCheck(events, (text) => guard!.checkAnswer(answerChecks, text));
        scanner = new OutputScanner(guard.outputGuards(execution.step), guard.restoring ? guard.redactions : undefined);
        if (scanner.active) events = guardOutputStream(events, scanner);
      }
      const overheadMs = performance.now() - started - execution.upstreamMs - execution.waitedMs;
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        ...opening.upstreamHeaders,
        ...routedHeaders(requestId, routed, isRouter, execution, trace, overheadMs, streamWarnings),
      });
      let streamError: GatewayError | undefined;
      let encoded: EncodedStream | undefined;
      try {
        if (opening.kind === 'frames') {
          // Same-format fast path: the provider's frames go out as they came.
          await writeEventStream(response, opening.frames, abort.signal);
          await rememberResponse(opening.responseId.value, execution.step.deployment.name);
        } else {
          encoded = codec.encodeStream(events!, context(execution.step.providerModel));
          await writeEventStream(response, encoded.frames, abort.signal);
        }
      } catch (error) {
        // Output already reached the client: no failover now. End with an error in the client's format.
        const gatewayError = error instanceof GatewayError ? error : classifyCallFailure(error);
        streamError = gatewayError;
        request.log[gatewayError.code === 'internal_error' ? 'error' : 'warn']({ err: gatewayError.cause ?? error, model: execution.step.deployment.name }, 'stream failed after the first byte');
        if (!response.destroyed) response.write(services.redactor.redact(encoded === undefined ? codec.encodeStreamError(gatewayError) : encoded.fail(gatewayError)));
      }
      response.end();
      if (opening.kind === 'frames') usage = opening.usage.value;
      request.log.info(routedLogLine(chatRequest.requestedModel, execution.step.deployment.name, execution.attempts.length, streamWarnings, true), 'routed');
      const facts: Parameters<typeof report>[0] = { step: execution.step, attempts: execution.attempts, usage, overheadMs, warnings: streamWarnings };
      if (streamError !== undefined) facts.error = streamError;
      report(facts);
    }
  };
}

/** Warnings quote what the client sent: configured secrets are taken out before headers, logs and the audit see them. */
function redactAll(services: GatewayServices, warnings: string[]): string[] {
  return warnings.map((warning) => services.redactor.redact(warning));
}

/** The `model` of a body that did not parse into a request, for the audit. */
export function requestedModelOf(body: unknown): string {
  const model = (body as { model?: unknown } | null)?.model;
  return typeof model === 'string' ? model : '';
}

/** The attempts an error carries (all-failed, unservable), else none. */
export function attemptsOf(error: unknown): Attempt[] {
  const attempts = (error as { attempts?: unknown } | null)?.attempts;
  return Array.isArray(attempts) ? (attempts as Attempt[]) : [];
}

/** The access line of a routed call; translation warnings (what the target could not honour) ride along when there are any. */
function routedLogLine(router: string, model: string, attempts: number, warnings: readonly string[], stream = false): Record<string, unknown> {
  const line: Record<string, unknown> = { router, model, attempts };
  if (stream) line.stream = true;
  if (warnings.length > 0) line.warnings = warnings;
  return line;
}
