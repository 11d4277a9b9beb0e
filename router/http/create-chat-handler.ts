import type { FastifyReply, FastifyRequest } from 'fastify';
import { tapStreamUsage } from '../audit/tap-stream-usage.ts';
import type { ChatRequest } from '../core/chat-request.ts';
import type { Usage } from '../core/chat-result.ts';
import type { StreamEvent } from '../core/stream-event.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { classifyCallFailure } from '../pipeline/classify-call-failure.ts';
import type { ClientFormatCodec, EncodeContext, EncodedStream } from '../formats/client-format-codec.ts';
import { answerText, guardChatResult } from '../guardrails/guard-chat-result.ts';
import { guardOutputStream } from '../guardrails/guard-output-stream.ts';
import { verdictWarning } from '../guardrails/guardrail-verdict.ts';
import { holdForAnswerCheck } from '../guardrails/hold-for-answer-check.ts';
import { OutputScanner } from '../guardrails/output-scanner.ts';
import type { GatewayServices } from '../runtime/gateway-services.ts';
import { previousResponseDeployment } from '../pipeline/previous-response-deployment.ts';
import { routeChat, routeStream } from '../pipeline/route-chat.ts';
import { RequestMemo } from '../signals/request-memo.ts';
import { governCall, type CallFacts, type GovernedCall, type GovernedEndpoint } from './governed-call.ts';
import { routedHeaders } from './routed-headers.ts';
import { toGatewayError } from './to-gateway-error.ts';
import { writeEventStream } from './write-event-stream.ts';

/**
 * The one handler every client API shares: parse with the codec, route, execute, encode.
 * Only the codec differs between /v1/chat/completions, /v1/messages and /v1/responses; the key,
 * limits, guardrails' input checks and the audit row are the governed call's (governed-call.ts).
 */
export function createChatHandler(codec: ClientFormatCodec, services: GatewayServices) {
  const endpoint: GovernedEndpoint = { clientFormat: codec.format, trace: {} };
  return function handleChat(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    return governCall(services, request, endpoint, (call) => routeAndReply(codec, services, call, request, reply));
  };
}

async function routeAndReply(codec: ClientFormatCodec, services: GatewayServices, call: GovernedCall, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const { config, requestId } = call;
  // Parse warnings name what cannot cross formats: they apply only when the answer was translated.
  const { value: chatRequest, warnings: parseWarnings } = codec.parseRequest(request.body);
  const memo = new RequestMemo(chatRequest);
  await call.admit(chatRequest, memo);
  const signal = call.abortOnClose(reply);
  const input = call.routeInput(chatRequest, memo, signal);
  const guard = await call.guardInput(chatRequest, signal);
  if (guard !== undefined) {
    guard.filterToolsBeforeRouting(call.caller?.project?.name, call.routerOf(call.routed));
    input.request = guard.planningRequest;
    input.guard = guard;
  }
  if (call.routedName !== undefined) input.model = call.routedName;
  // A Responses follow-up goes to the deployment that holds its previous response, or is refused.
  const pinned = codec.format === 'openai-responses' ? await previousResponseDeployment(services.responseAffinity, request.body, call.caller?.keyId) : undefined;
  if (pinned !== undefined) input.model = pinned;
  if (services.scorer !== undefined) input.scorer = services.scorer;
  const routed = call.routed;
  const isRouter = call.routedToRouter;

  if (!chatRequest.stream) {
    const { execution, trace } = await routeChat(input);
    const outcome = execution.value;
    const overheadMs = call.overheadMs(execution);
    let allWarnings = redactAll(services, outcome.kind === 'passthrough' ? outcome.warnings : [...parseWarnings, ...outcome.warnings]);
    if (guard !== undefined && outcome.kind === 'translated') {
      const scanner = new OutputScanner(guard.outputGuards(execution.step), guard.restoring ? guard.redactions : undefined);
      call.scanner = scanner;
      const answerChecks = guard.answerChecks(execution.step);
      try {
        if (answerChecks.length > 0) await guard.checkAnswer(answerChecks, answerText(outcome.result));
        if (scanner.active) outcome.result = guardChatResult(outcome.result, scanner);
      } catch (error) {
        // Served and paid for, then refused: the usage is settled, the client gets the guardrail's error.
        reportServed(services, call, { step: execution.step, attempts: execution.attempts, usage: outcome.result.usage, error: toGatewayError(error, config.server.body_limit_bytes), warnings: allWarnings });
        throw error;
      }
    }
    if (guard !== undefined) allWarnings = [...allWarnings, ...guard.warnings, ...[...guard.verdicts, ...(call.scanner?.verdicts() ?? [])].map(verdictWarning)];
    // Two calls, not one merged object: the routed headers still win, with no copy made per request.
    reply.headers(outcome.upstreamHeaders);
    reply.headers(routedHeaders(requestId, routed, isRouter, execution, trace, overheadMs, allWarnings));
    if (outcome.kind === 'passthrough') {
      await rememberResponse(services, codec, call, outcome.answer.responseId, execution.step.deployment.name);
      // Same-format fast path: the provider's body is already in the client's format.
      await reply.type('application/json; charset=utf-8').send(outcome.answer.body);
    } else {
      const model = outcome.result.reportedModel?.name ?? execution.step.providerModel;
      await reply.send(codec.encodeResponse(outcome.result, encodeContext(requestId, chatRequest, model)));
    }
    request.log.info(routedLogLine(chatRequest.requestedModel, execution.step.deployment.name, execution.attempts.length, allWarnings), 'routed');
    const usage = outcome.kind === 'passthrough' ? outcome.answer.usage : outcome.result.usage;
    reportServed(services, call, { step: execution.step, attempts: execution.attempts, usage, overheadMs, warnings: allWarnings });
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
    if (answerChecks.length > 0) events = holdForAnswerCheck(events, (text) => guard.checkAnswer(answerChecks, text));
    const scanner = new OutputScanner(guard.outputGuards(execution.step), guard.restoring ? guard.redactions : undefined);
    call.scanner = scanner;
    if (scanner.active) events = guardOutputStream(events, scanner);
  }
  const overheadMs = call.overheadMs(execution);
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
      await writeEventStream(response, opening.frames, signal.signal);
      await rememberResponse(services, codec, call, opening.responseId.value, execution.step.deployment.name);
    } else {
      encoded = codec.encodeStream(events!, encodeContext(requestId, chatRequest, execution.step.providerModel));
      await writeEventStream(response, encoded.frames, signal.signal);
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
  const facts: CallFacts = { step: execution.step, attempts: execution.attempts, usage, overheadMs, warnings: streamWarnings };
  if (streamError !== undefined) facts.error = streamError;
  reportServed(services, call, facts);
}

/**
 * Recorded: a smart router's shadow evaluation may take the request from here, off its path.
 * Module functions, not closures in the handler: those were made on every request.
 */
function reportServed(services: GatewayServices, call: GovernedCall, facts: CallFacts): void {
  call.report(facts);
  const { guard } = call;
  // Active first: with no `shadow:` block anywhere, no candidate is built.
  if (services.shadow?.active === true && facts.error === undefined && facts.step !== undefined && call.request !== undefined) {
    // A request a guardrail acted on (redacted, rerouted, filtered, warned) is never sent anywhere else.
    const guarded = guard !== undefined && (guard.verdicts.length > 0 || guard.warnings.length > 0 || guard.route !== undefined);
    services.shadow.consider({ requestId: call.requestId, request: call.request, step: facts.step, guarded });
  }
}

/** A same-format Responses answer's id → the deployment that holds its state, before the client can name it in a follow-up. */
async function rememberResponse(services: GatewayServices, codec: ClientFormatCodec, call: GovernedCall, responseId: string | undefined, deployment: string): Promise<void> {
  if (responseId === undefined || codec.format !== 'openai-responses') return;
  await services.responseAffinity?.remember(responseId, { deployment, keyId: call.caller?.keyId });
}

function encodeContext(requestId: string, chatRequest: ChatRequest, model: string): EncodeContext {
  return { id: requestId, created: Math.floor(Date.now() / 1000), model, includeUsage: chatRequest.includeUsage === true, request: chatRequest };
}

/** Warnings quote what the client sent: configured secrets are taken out before headers, logs and the audit see them. */
function redactAll(services: GatewayServices, warnings: string[]): string[] {
  return warnings.map((warning) => services.redactor.redact(warning));
}

/** The access line of a routed call; translation warnings (what the target could not honour) ride along when there are any. */
function routedLogLine(router: string, model: string, attempts: number, warnings: readonly string[], stream = false): Record<string, unknown> {
  const line: Record<string, unknown> = { router, model, attempts };
  if (stream) line.stream = true;
  if (warnings.length > 0) line.warnings = warnings;
  return line;
}
