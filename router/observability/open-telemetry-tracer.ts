import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type TextMapGetter, type TextMapSetter, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import type { TelemetrySettings } from '../config/compiled-config.ts';
import { UpstreamError } from '../errors/upstream-error.ts';
import type { GuardrailVerdict } from '../guardrails/guardrail-verdict.ts';
import type { PlanStep } from '../routing/routing-types.ts';
import type { AttemptTrace, RequestTrace, RequestTracer, TraceOutcome, TraceStart } from './request-tracing.ts';

const getter: TextMapGetter<Readonly<Record<string, string | undefined>>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key.toLowerCase()],
};
const setter: TextMapSetter<Record<string, string>> = { set: (carrier, key, value) => void (carrier[key] = value) };

/** `gen_ai.provider.name` of the GenAI semantic conventions, by provider type. */
const GEN_AI_PROVIDER: Record<string, string> = {
  openai: 'openai',
  'openai-compatible': 'openai',
  anthropic: 'anthropic',
  gemini: 'gcp.gemini',
  ollama: 'ollama',
  bedrock: 'aws.bedrock',
  vertex: 'gcp.vertex_ai',
  'vertex-anthropic': 'gcp.vertex_ai',
  mock: 'switchyard.mock',
};

function stepAttributes(step: PlanStep): Attributes {
  return {
    'gen_ai.provider.name': GEN_AI_PROVIDER[step.deployment.provider.type] ?? step.deployment.provider.type,
    'switchyard.deployment': step.deployment.name,
    'switchyard.provider': step.deployment.provider.name,
  };
}

function failureOf(error: unknown): { type: string; message: string; status: number | undefined } {
  if (error instanceof UpstreamError) return { type: error.kind === 'status' ? String(error.upstreamStatus ?? 500) : error.kind, message: error.reason, status: error.upstreamStatus };
  if (error instanceof Error) return { type: error.name, message: error.message, status: undefined };
  return { type: 'error', message: String(error), status: undefined };
}

class OpenTelemetryRequestTrace implements RequestTrace {
  readonly #tracer: Tracer;
  readonly #root: Span;
  readonly #context: Context;
  readonly #started = Date.now();
  #routingEndedAt: number | undefined;
  readonly #propagator: W3CTraceContextPropagator;
  readonly #redact: (text: string) => string;

  constructor(tracer: Tracer, root: Span, propagator: W3CTraceContextPropagator, redact: (text: string) => string) {
    this.#tracer = tracer;
    this.#root = root;
    this.#context = trace.setSpan(ROOT_CONTEXT, root);
    this.#propagator = propagator;
    this.#redact = redact;
  }

  attempt(step: PlanStep): AttemptTrace {
    this.#routingEndedAt ??= Date.now();
    const span = this.#tracer.startSpan(
      `chat ${step.providerModel}`,
      { kind: SpanKind.CLIENT, attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': step.providerModel, ...stepAttributes(step) } },
      this.#context,
    );
    const headers: Record<string, string> = {};
    this.#propagator.inject(trace.setSpan(ROOT_CONTEXT, span), headers, setter);
    const redact = this.#redact;
    return {
      headers,
      watch<T>(call: Promise<T>): Promise<T> {
        return call.then(
          (value) => {
            span.setAttribute('switchyard.outcome', 'success');
            span.end();
            return value;
          },
          (error: unknown) => {
            const failure = failureOf(error);
            span.setAttributes({ 'switchyard.outcome': 'failed', 'error.type': failure.type });
            if (failure.status !== undefined) span.setAttribute('http.response.status_code', failure.status);
            span.setStatus({ code: SpanStatusCode.ERROR, message: redact(failure.message) });
            span.end();
            throw error;
          },
        );
      },
    };
  }

  guardrails(): (verdicts: readonly GuardrailVerdict[]) => void {
    const span = this.#tracer.startSpan('guardrails', { kind: SpanKind.INTERNAL }, this.#context);
    return (verdicts) => {
      span.setAttribute('switchyard.guardrails.verdicts', verdicts.length);
      // Which check did what: never the matched text.
      for (const verdict of verdicts) {
        span.addEvent('guardrail', { 'switchyard.guardrail': verdict.guardrail, 'switchyard.guardrail.detector': verdict.detector, 'switchyard.guardrail.action': verdict.action, 'switchyard.guardrail.stage': verdict.stage, 'switchyard.guardrail.matches': verdict.matches });
      }
      if (verdicts.some((verdict) => verdict.action === 'block')) span.setStatus({ code: SpanStatusCode.ERROR, message: 'blocked by guardrail' });
      span.end();
    };
  }

  finish(outcome: TraceOutcome): void {
    const ended = Date.now();
    // Routing ran from the request's start to its first attempt (plans unfold lazily: a fallback's router runs later, inside this window's end).
    const routingEnd = this.#routingEndedAt ?? ended;
    for (const decision of outcome.decisions) {
      const attributes: Attributes = { 'switchyard.router': decision.router, 'switchyard.strategy': decision.strategy, 'switchyard.targets': decision.targets };
      if (decision.rule !== undefined) attributes['switchyard.rule'] = decision.rule;
      if (decision.complexity !== undefined) attributes['switchyard.scorer.complexity'] = decision.complexity;
      if (decision.demoted !== undefined) attributes['switchyard.demoted'] = decision.demoted.map((entry) => `${entry.target}: ${entry.reason}`);
      this.#tracer.startSpan(`route ${decision.router}`, { kind: SpanKind.INTERNAL, startTime: this.#started, attributes }, this.#context).end(routingEnd);
    }
    const root = this.#root;
    root.setAttribute('http.response.status_code', outcome.status);
    if (outcome.step !== undefined) {
      root.setAttributes({ 'gen_ai.response.model': outcome.step.providerModel, ...stepAttributes(outcome.step) });
    }
    if (outcome.usage !== undefined) root.setAttributes({ 'gen_ai.usage.input_tokens': outcome.usage.inputTokens, 'gen_ai.usage.output_tokens': outcome.usage.outputTokens });
    if (outcome.costUsd !== undefined) root.setAttribute('switchyard.cost_usd', outcome.costUsd);
    if (outcome.error !== undefined) {
      root.setAttribute('error.type', outcome.error.code);
      root.setStatus({ code: SpanStatusCode.ERROR, message: this.#redact(outcome.error.message) });
    }
    root.end(ended);
  }
}

/**
 * OpenTelemetry tracing over OTLP/HTTP (JSON) with the official SDK: a span per request following
 * the GenAI semantic conventions, W3C `traceparent` taken from the client (a sampled parent is
 * always kept; otherwise `sample_ratio`) and passed on to each upstream attempt. Spans are batched
 * and exported off the request path; an unreachable collector loses spans, never requests.
 */
export function createOpenTelemetryTracer(settings: TelemetrySettings, redact: (text: string) => string, version: string): RequestTracer {
  const exporter = new OTLPTraceExporter({ url: settings.otlpEndpoint, headers: Object.fromEntries(Object.entries(settings.headers).map(([header, value]) => [header, value.reveal()])), timeoutMillis: settings.exportTimeoutMs });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName, 'service.version': version }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.sampleRatio) }),
    spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: settings.exportIntervalMs })],
  });
  const tracer = provider.getTracer('switchyard', version);
  const propagator = new W3CTraceContextPropagator();
  return {
    start(request: TraceStart): RequestTrace | undefined {
      const parent = propagator.extract(ROOT_CONTEXT, request.headers, getter);
      const root = tracer.startSpan(
        `chat ${request.requestedModel}`,
        {
          kind: SpanKind.SERVER,
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.request.model': request.requestedModel,
            'http.request.method': 'POST',
            'url.path': request.path,
            'switchyard.request_id': request.requestId,
            'switchyard.client_format': request.clientFormat,
          },
        },
        parent,
      );
      if (!root.isRecording()) return undefined;
      return new OpenTelemetryRequestTrace(tracer, root, propagator, redact);
    },
    async close() {
      await provider.shutdown();
    },
  };
}
