/**
 * A fake LLM upstream on 127.0.0.1 that speaks the real OpenAI Chat, OpenAI Responses, Anthropic
 * Messages, Gemini and Ollama wire formats, with behaviour (errors, drops, hangs, cut streams, latency) programmable from
 * the test process. Built on node:http and kept lean: the overhead benchmark hammers its OK path.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildFakeAnswer } from './fake-answer.ts';
import { defaultFakeBehavior, type FakeBehavior } from './fake-behavior.ts';
import { FakeBehaviorStore } from './fake-behavior-store.ts';
import { resolveFakeRoute, type FakeRoute } from './fake-upstream-routes.ts';
import { idSuffix, type FakeWire, type FakeWireName, type JsonObject } from './fake-wire.ts';
import { buildOpenAIModelList } from './openai-chat-wire.ts';
import { checkAzureRequest, type FakeAzureOptions } from './azure-openai-gate.ts';
import { writeFakeResponse, writeJson, type FakeExchange } from './write-fake-response.ts';
import { checkStrictHistory, rememberingWire, type IssuedValues } from './strict-history.ts';
import { createSigV4Verifier, type SigV4Credentials } from './verify-sigv4.ts';

export interface FakeUpstreamOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a random free port). */
  port?: number;
  /** Behaviour for every request until `setBehavior`; default `{ kind: 'ok' }`. */
  behavior?: FakeBehavior;
  /** Listed by GET /v1/models. */
  models?: readonly string[];
  /** Keep `requests` (default true); turn off for long benchmarks. */
  recordRequests?: boolean;
  now?: () => number;
  /** Serve as an Azure OpenAI resource too: paths under `/openai/` pass Azure's api-version, deployment and credential checks (azure-openai-gate.ts). */
  azure?: FakeAzureOptions;
  /** Refuse history holding signatures, encrypted reasoning or search results this fake never sent, and unknown Anthropic blocks (strict-history.ts), as the real services do. */
  strictHistory?: boolean;
  /** Bedrock requests (`/model/…`) must carry a SigV4 signature these credentials verify (else 403 InvalidSignatureException, as Bedrock). */
  bedrock?: SigV4Credentials;
}

export interface FakeUpstreamRequest {
  method: string;
  path: string;
  /** Query string including `?`, or ''. */
  search: string;
  wire: FakeWireName | undefined;
  /** body.model, or the model in a Gemini path. */
  model: string | undefined;
  stream: boolean;
  body: unknown;
  headers: IncomingHttpHeaders;
  /** Epoch milliseconds. */
  at: number;
}

export interface FakeUpstream {
  /** "http://127.0.0.1:PORT" */
  readonly url: string;
  readonly port: number;
  readonly requests: readonly FakeUpstreamRequest[];
  /** Requests whose client went away before the response finished. */
  readonly disconnects: number;
  setBehavior(behavior: FakeBehavior): void;
  setBehaviorFor(model: string, behavior: FakeBehavior): void;
  /** One-shot behaviour, consumed in order before per-model and default behaviours. */
  enqueue(behavior: FakeBehavior, options?: { model?: string }): void;
  /** Resolves with the disconnect count once a disconnect not yet waited for is seen; rejects on timeout. */
  waitForDisconnect(timeoutMs?: number): Promise<number>;
  /** Clears behaviours, queue, recorded requests and disconnect counts. */
  reset(): void;
  close(): Promise<void>;
}

const behaviorHeader = 'x-fake-behavior';

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseObject(text: string): JsonObject | undefined {
  if (text === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

function modelOf(route: FakeRoute, body: JsonObject): string | undefined {
  if (route.kind !== 'models' && route.pathModel !== undefined) return route.pathModel;
  return typeof body.model === 'string' ? body.model : undefined;
}

export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const now = options.now ?? Date.now;
  const recordRequests = options.recordRequests ?? true;
  const models = options.models ?? ['fake-model'];
  const store = new FakeBehaviorStore(options.behavior ?? defaultFakeBehavior);
  const requests: FakeUpstreamRequest[] = [];
  const issued: IssuedValues = new Map();
  const verifySigV4 = options.bedrock === undefined ? undefined : createSigV4Verifier(options.bedrock);
  let sequence = 0;
  let disconnects = 0;
  let awaitedDisconnects = 0;
  let disconnectWaiters: Array<() => void> = [];

  function noteDisconnect(): void {
    disconnects += 1;
    const waiters = disconnectWaiters;
    disconnectWaiters = [];
    for (const wake of waiters) wake();
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let destroyedByServer = false;
    response.on('close', () => {
      if (!response.writableFinished && !destroyedByServer) noteDisconnect();
    });
    sequence += 1;
    const requestId = `req_fake_${idSuffix(sequence)}`;
    const url = request.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const search = queryStart === -1 ? '' : url.slice(queryStart);
    const method = request.method ?? 'GET';
    const rawBody = method === 'GET' ? '' : await readBody(request);
    if (verifySigV4 !== undefined && path.startsWith('/model/') && !(await verifySigV4(request, rawBody)).valid) {
      if (recordRequests) requests.push({ method, path, search, wire: 'bedrock-converse', model: undefined, stream: false, body: rawBody, headers: request.headers, at: now() });
      writeJson(response, 403, requestId, { __type: 'InvalidSignatureException', message: 'The request signature we calculated does not match the signature you provided.' });
      return;
    }
    let routePath = path;
    let azureDeployment: string | undefined;
    if (options.azure !== undefined && path.startsWith('/openai/')) {
      const gate = checkAzureRequest(path, search, request.headers, options.azure);
      if (!gate.ok) {
        if (recordRequests) requests.push({ method, path, search, wire: undefined, model: undefined, stream: false, body: rawBody, headers: request.headers, at: now() });
        writeJson(response, gate.status, requestId, gate.body);
        return;
      }
      routePath = gate.path;
      azureDeployment = gate.deployment;
    }
    const route = resolveFakeRoute(method, routePath);
    if (route === undefined) {
      writeJson(response, 404, requestId, { error: { message: `fake upstream: no route for ${method} ${path}` } });
      return;
    }
    const wire: FakeWire = options.strictHistory === true ? rememberingWire(route.wire, issued) : route.wire;
    const body = parseObject(rawBody);
    // A classic Azure URL names the deployment; its body's `model` is not what serves it.
    const model = azureDeployment ?? (body === undefined ? undefined : modelOf(route, body));
    const stream = body !== undefined && route.kind === 'generate' && route.isStream(body);
    if (recordRequests) {
      requests.push({ method, path, search, wire: wire.name, model, stream, body: body ?? rawBody, headers: request.headers, at: now() });
    }
    if (body === undefined) {
      writeJson(response, 400, requestId, wire.buildError(400, 'The request body is not valid JSON.'));
      return;
    }
    if (route.kind === 'models') {
      // The model list follows the default behaviour only when it is an error status (a provider that is down); one-shots stay for generation.
      const fallback = store.defaultBehavior();
      if (fallback.kind === 'status') writeJson(response, fallback.status, requestId, wire.buildError(fallback.status, fallback.message ?? 'fake upstream error'));
      else writeJson(response, 200, requestId, buildOpenAIModelList(models, Math.floor(now() / 1000)));
      return;
    }
    const problem = route.kind === 'generate'
      ? (wire.validateRequest(body) ?? (options.strictHistory === true ? checkStrictHistory(wire.name, body, issued) : undefined))
      : route.kind === 'count-tokens' ? route.validate?.(body) : undefined;
    if (problem !== undefined) {
      writeJson(response, 400, requestId, wire.buildError(400, problem));
      return;
    }
    let behavior: FakeBehavior;
    try {
      const header = request.headers[behaviorHeader];
      behavior = store.select(model ?? '', typeof header === 'string' ? header : undefined);
    } catch (error) {
      writeJson(response, 400, requestId, wire.buildError(400, (error as Error).message));
      return;
    }
    const requestSequence = sequence;
    const exchange: FakeExchange = {
      response,
      wire,
      body,
      stream,
      requestId,
      buildAnswer: (script) => buildFakeAnswer(script, wire.readPrompt(body), model ?? '', requestSequence, now()),
      buildOkBody: route.kind === 'count-tokens' ? (answer) => route.buildBody(answer, body) : (answer) => wire.buildResponse(answer, body),
      markServerDestroyed: () => {
        destroyedByServer = true;
      },
    };
    await writeFakeResponse(exchange, behavior);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (response.destroyed) return;
      if (!response.headersSent) writeJson(response, 500, 'req_fake_error', { error: { message: 'fake upstream failure' } });
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    requests,
    get disconnects() {
      return disconnects;
    },
    setBehavior: (behavior) => store.setDefault(behavior),
    setBehaviorFor: (model, behavior) => store.setFor(model, behavior),
    enqueue: (behavior, enqueueOptions) => store.enqueue(behavior, enqueueOptions?.model),
    waitForDisconnect(timeoutMs = 5_000) {
      return new Promise<number>((resolve, reject) => {
        const settle = (): boolean => {
          if (disconnects <= awaitedDisconnects) return false;
          awaitedDisconnects += 1;
          resolve(disconnects);
          return true;
        };
        if (settle()) return;
        const timer = setTimeout(() => {
          disconnectWaiters = disconnectWaiters.filter((waiter) => waiter !== wake);
          reject(new Error(`fake upstream: no client disconnect within ${timeoutMs} ms`));
        }, timeoutMs);
        const wake = (): void => {
          if (settle()) clearTimeout(timer);
          else disconnectWaiters.push(wake);
        };
        disconnectWaiters.push(wake);
      });
    },
    reset() {
      store.reset();
      requests.length = 0;
      issued.clear();
      disconnects = 0;
      awaitedDisconnects = 0;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      });
    },
  };
}
