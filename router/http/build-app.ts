import type { OutgoingHttpHeaders } from 'node:http';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { isNamePattern } from '../config/compile-model-names.ts';
import type { NameAllowList } from '../governance/compiled-project.ts';
import type { ClientFormatCodec } from '../formats/client-format-codec.ts';
import { anthropicMessagesCodec } from '../formats/anthropic-messages/anthropic-messages-codec.ts';
import { openAIChatCodec } from '../formats/openai-chat/openai-chat-codec.ts';
import { openAIResponsesCodec } from '../formats/openai-responses/openai-responses-codec.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';
import type { GatewayServices } from '../runtime/gateway-services.ts';
import { createChatHandler } from './create-chat-handler.ts';
import { registerAdminRoutes } from './register-admin-routes.ts';
import { registerConsoleRoutes } from './register-console-routes.ts';
import { requireApiKey } from './request-headers.ts';
import { registerCountTokensRoute } from './register-count-tokens-route.ts';
import { registerFeedbackRoute } from './register-feedback-route.ts';
import { registerResponsesEndpoints } from './register-responses-endpoints.ts';
import { registerEmbeddingsRoute } from './register-embeddings-route.ts';
import { exceedsJsonDepth } from './exceeds-json-depth.ts';
import { decorateJsonBody } from './json-body-text.ts';
import { toGatewayError } from './to-gateway-error.ts';
import { codecForPath } from './codec-for-path.ts';
import { decodeRequestBody } from './decode-request-body.ts';
import { answerRefusedUpload } from './answer-refused-upload.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    codec?: ClientFormatCodec;
  }
}

/**
 * The deepest nesting of objects and arrays a request body may have (README: "Limits"). Checked
 * before parsing, on every endpoint: real bodies stay far below it (JSON schemas of tools nest a
 * dozen levels), and deeper ones would only reach recursive code (serialising, translating).
 */
export const MAX_JSON_DEPTH = 128;

/** How much of a refused upload is read and discarded before the connection is closed anyway. */
const REFUSED_BODY_DRAIN = { maxBytes: 64 * 1024 * 1024, maxMs: 10_000 };

export type BuildAppOptions = {
  services: GatewayServices;
  /** Pino logger options, or false for none (tests). */
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
};

/**
 * The HTTP surface. Built, not started: tests use `app.inject()`, `serve` calls `listen`.
 * Body limit and JSON schema checks happen here, once, before any routing.
 */
export function buildApp(options: BuildAppOptions): FastifyInstance {
  const { services } = options;
  const { redactor } = services;
  const initial = services.holder.current.config;
  // Every log line leaves through this hook: configured secrets are taken out by value, whoever logged them.
  const hooks = { streamWrite: (line: string) => redactor.redact(line) };
  const logger = options.logger === undefined || options.logger === false ? false : { ...(options.logger === true ? { level: 'info' } : options.logger), hooks };
  const app = Fastify({
    logger,
    bodyLimit: initial.server.body_limit_bytes,
    // One line per routed call is logged by the handler; Fastify's two per request would double it.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => services.newId(),
    requestIdHeader: false,
    return503OnClosing: true,
    // A malformed URL (bad percent-encoding) is answered like any other error, not with Fastify's own body.
    frameworkErrors: (error, request, reply) => sendError(error, request, reply),
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  });

  // Fastify's own JSON parser (prototype poisoning refused), behind a depth check.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  decorateJsonBody(app);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (exceedsJsonDepth(body as string, MAX_JSON_DEPTH)) {
      done(new InvalidRequestError(`Invalid request: the body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels.`), undefined);
      return;
    }
    // The text is kept beside its value: a same-format call sends the members it does not edit as these bytes.
    parseJson(request, body as string, (error, value) => {
      if (error === null) request.jsonBody = { text: body as string, value };
      done(error, value);
    });
  });

  const bodyLimit = () => services.holder.current.config.server.body_limit_bytes;
  /** Every error the gateway writes, routed or not: the client API's shape (by route, else by path), a catalogue code, no stack. */
  const sendError = (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const gatewayError = toGatewayError(error, bodyLimit());
    // A bug: the stack goes to the log (never to the client), with what was thrown in the first place.
    if (gatewayError.code === 'internal_error') request.log.error({ err: gatewayError.cause ?? error }, 'internal error');
    else if (gatewayError.statusCode >= 500) request.log.warn({ code: gatewayError.code, message: gatewayError.message }, 'request failed');
    const codec = request.routeOptions.config?.codec ?? codecForPath(request.url);
    // The serving upstream's rate-limit and request-id headers, then our own Retry-After.
    if (gatewayError.responseHeaders !== undefined) void reply.headers(gatewayError.responseHeaders);
    if (gatewayError.retryAfterSeconds !== undefined) void reply.header('retry-after', String(gatewayError.retryAfterSeconds));
    // 529 is Anthropic's own status; OpenAI's API says "overloaded" with 503, and so do we to its clients.
    const status = gatewayError.statusCode === 529 && codec.format !== 'anthropic-messages' ? 503 : gatewayError.statusCode;
    const body = redactor.redactDeep(codec.encodeError(gatewayError));
    void reply.header('x-switchyard-request-id', request.id);
    if (!request.raw.complete && !request.raw.destroyed) {
      // Refused before the upload was read: answered now, ended once the rest is drained (no EPIPE).
      reply.hijack();
      const headers: OutgoingHttpHeaders = { ...(reply.getHeaders() as OutgoingHttpHeaders), 'content-type': 'application/json; charset=utf-8' };
      answerRefusedUpload(request.raw, reply.raw, { status, headers, body: JSON.stringify(body) }, REFUSED_BODY_DRAIN);
      return;
    }
    void reply.status(status).send(body);
  };
  app.setErrorHandler(sendError);
  app.setNotFoundHandler((request, reply) => {
    sendError(new GatewayError('not_found', `No route for ${request.method} ${request.url.split('?')[0]}.`), request, reply);
  });
  // Compressed uploads are decoded before parsing; the body limit applies to the decoded size.
  app.addHook('preParsing', async (request, _reply, payload) => decodeRequestBody(payload, request.headers['content-encoding'], bodyLimit()));

  const chatRoute = (url: string, codec: ClientFormatCodec) =>
    app.post(url, { schema: { body: codec.bodySchema }, config: { codec } }, createChatHandler(codec, services));
  chatRoute('/v1/chat/completions', openAIChatCodec);
  chatRoute('/v1/responses', openAIResponsesCodec);
  chatRoute('/v1/messages', anthropicMessagesCodec);
  registerCountTokensRoute(app, services);
  registerResponsesEndpoints(app, services);
  registerEmbeddingsRoute(app, services);
  registerFeedbackRoute(app, services);

  app.get('/v1/models', async (request) => {
    const { config } = services.holder.current;
    const caller = await requireApiKey(services, request.headers);
    // A caller sees what its project and key allow.
    const visible = (name: string) => (caller?.project?.allowed?.allows(name) ?? true) && (caller?.allowed?.allows(name) ?? true);
    const created = Math.floor(Date.now() / 1000);
    const list = {
      object: 'list',
      data: [
        // Glob-named entries are not ids a client can pick from a list: only exact names are listed.
        ...[...config.routers.values()].filter((router) => !isNamePattern(router.name) && visible(router.name)).map((router) => ({ id: router.name, object: 'model', created, owned_by: 'switchyard', switchyard: { kind: 'router', strategy: router.strategy } })),
        ...[...config.deployments.values()].filter((model) => !isNamePattern(model.name) && visible(model.name)).map((model) => ({ id: model.name, object: 'model', created, owned_by: model.provider.name, switchyard: { kind: 'model', provider: model.provider.name } })),
      ],
    };
    // `<provider>/<model id>` names are not a list: the providers that take them are named apart,
    // to a caller whose allow lists could let such a name through.
    const passthrough = [...config.modelNames.passthrough.keys()]
      .filter((provider) => mayUsePassthrough(caller?.project?.allowed, provider) && mayUsePassthrough(caller?.allowed, provider))
      .map((provider) => ({ provider, type: config.providers.get(provider)!.type, model: `${provider}/<model id>` }));
    return passthrough.length === 0 ? list : { ...list, switchyard: { provider_passthrough: passthrough } };
  });
  app.get('/metrics', async (_request, reply) => {
    const metrics = services.metrics;
    if (metrics === undefined) throw new GatewayError('not_found', 'Metrics are not enabled.');
    // Label values come from config and requests: a secret put in one (a model name) is taken out here.
    return reply.type(metrics.registry.contentType).send(redactor.redact(await metrics.registry.metrics()));
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  // Ready even while a shared store is away: the gateway serves on per-process state (fail open),
  // and taking every replica out of the load balancer at once would turn a Redis outage into ours.
  app.get('/readyz', async () => {
    const ready = { status: 'ready', config: services.holder.current.config.hash.slice(0, 12), generation: services.holder.generation };
    const store = services.storeStatus?.();
    if (store === undefined) return ready;
    const redis = store.redis === undefined ? {} : { redis: { available: store.redis.available } };
    return { ...ready, store: { kind: store.kind, available: store.available, ...redis } };
  });
  registerAdminRoutes(app, services);
  registerConsoleRoutes(app, services);
  return app;
}

/** Whether an allow list (absent: everything) lets some `<provider>/<model id>` through: a pattern naming that provider, or one matching any id of it. */
function mayUsePassthrough(allowed: NameAllowList | undefined, provider: string): boolean {
  return allowed === undefined || allowed.allows(`${provider}/*`) || allowed.patterns.some((pattern) => pattern.startsWith(`${provider}/`));
}
