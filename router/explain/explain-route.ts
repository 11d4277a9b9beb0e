import type { ChatRequest } from '../core/chat-request.ts';
import type { CompiledConfig } from '../config/compiled-config.ts';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';
import { parseEmbeddingsRequest } from '../embeddings/parse-embeddings-request.ts';
import { isJsonObject } from '../formats/is-json-object.ts';
import { openAIChatCodec } from '../formats/openai-chat/openai-chat-codec.ts';
import { openAIChatRequestWire } from '../formats/openai-chat/openai-chat-request-schema.ts';
import { explainGuardrails, type GuardrailExplanation } from '../guardrails/explain-guardrails.ts';
import { expandPlan, type PlanTrace, type RouterDecision } from '../routing/expand-plan.ts';
import type { HealthView, RoutingContext } from '../routing/routing-types.ts';
import type { ScorerClient } from '../scoring/scorer-client.ts';
import { RequestMemo } from '../signals/request-memo.ts';

/** What a router would do with one request, and why (`switchyard explain --json`, the console's playground). */
export type RouteExplanation = {
  router: string;
  /** What was explained: a chat request, or an embeddings request (POST /v1/embeddings). */
  request: 'chat' | 'embeddings';
  strategy: string;
  targets: string[];
  complexity: number | undefined;
  rule: string | undefined;
  detail: Record<string, unknown>;
  /** The routers the plan went through below the first one (a smart router over failover chains). */
  nested: RouterDecision[];
  /** The deployment the plan would try first. */
  firstDeployment: string | undefined;
  guardrails: GuardrailExplanation[];
};

/** Every deployment counts as available: what is explained is the decision, not today's outages. */
const ALL_AVAILABLE: HealthView = { isAvailable: () => true, latencyMs: () => undefined };

/** A prompt (one user message) or an OpenAI Chat Completions body, addressed to `router`. */
export function explainRequestFrom(input: { prompt: string } | { body: unknown }, router: string): ChatRequest {
  if ('prompt' in input) {
    return { requestedModel: router, messages: [{ role: 'user', content: [{ type: 'text', text: input.prompt }] }], params: {}, stream: false, clientFormat: 'openai-chat' };
  }
  if (!isJsonObject(input.body)) throw new InvalidRequestError('the request body must be a JSON object (OpenAI Chat Completions)', 'body');
  const body: Record<string, unknown> = { ...input.body, model: router };
  if (!Array.isArray(body.messages)) throw new InvalidRequestError('the request body needs a "messages" array (OpenAI Chat Completions)', 'messages');
  // Off the request path, so zod checks it here, against the schema Fastify checks /v1/chat/completions with.
  const checked = openAIChatRequestWire.safeParse(body);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const path = issue.path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`)).join('').replace(/^\./, '');
    throw new InvalidRequestError(`${path}: ${issue.message} (OpenAI Chat Completions)`, path);
  }
  return openAIChatCodec.parseRequest(checked.data).value;
}

/** A request to explain: chat, or embeddings (only embedding models fit it; `inputTokens` known for token arrays). */
export type ExplainInput = { request: ChatRequest; embedding: boolean; inputTokens?: number };

/**
 * A prompt, an OpenAI Chat Completions body (`messages`), or an OpenAI embeddings body (`input`,
 * no `messages`) addressed to `router`; `embeddings` reads a prompt as embeddings input.
 */
export function explainInputFrom(input: { prompt: string; embeddings?: boolean } | { body: unknown }, router: string): ExplainInput {
  const body = 'body' in input ? input.body : undefined;
  const isEmbeddingsBody = typeof body === 'object' && body !== null && !Array.isArray(body) && 'input' in body && !('messages' in body);
  if ('prompt' in input && input.embeddings === true) return explainInputFrom({ body: { input: input.prompt } }, router);
  if (!isEmbeddingsBody) return { request: explainRequestFrom(input, router), embedding: false };
  const parsed = parseEmbeddingsRequest({ ...(body as Record<string, unknown>), model: router });
  return { request: parsed.routing, embedding: true, ...(parsed.inputTokens === undefined ? {} : { inputTokens: parsed.inputTokens }) };
}

/** Walks the router's plan to its first deployment: the router's own decision, then those of the routers it chose. */
export async function explainRoute(
  config: CompiledConfig,
  routerName: string,
  request: ChatRequest,
  options: { scorer?: ScorerClient | undefined; axis?: string | undefined; random?: () => number; now?: () => number; embedding?: boolean; inputTokens?: number } = {},
): Promise<RouteExplanation> {
  const embedding = options.embedding === true;
  const router = config.routers.get(routerName);
  if (router === undefined) throw new InvalidRequestError(`no router '${routerName}' (routers: ${[...config.routers.keys()].join(', ')})`, 'router');
  const context: RoutingContext = {
    request,
    memo: new RequestMemo(request, { embedding, ...(options.inputTokens === undefined ? {} : { inputTokens: options.inputTokens }) }),
    headers: options.axis === undefined ? {} : { 'x-switchyard-axis': options.axis },
    tags: request.metadata ?? {},
    environment: { random: options.random ?? Math.random, now: options.now ?? Date.now },
    health: ALL_AVAILABLE,
    ...(options.scorer === undefined ? {} : { scorer: options.scorer }),
  };
  const trace: PlanTrace = { decisions: [] };
  const plan = expandPlan(router.name, config, context, trace);
  const first = await plan.next();
  await plan.return(undefined);
  const [choice, ...nested] = trace.decisions as [RouterDecision, ...RouterDecision[]];
  const deployment = first.done === true ? undefined : first.value.deployment;
  // A request of the other kind is refused by the gateway before any call: say so rather than explain a route it will not take.
  if (deployment !== undefined && (deployment.kind === 'embedding') !== embedding) {
    throw new InvalidRequestError(
      embedding
        ? `router '${router.name}' serves chat models ('${deployment.name}' is not an embedding model): an embeddings request to it is refused with 400 unsupported_feature; explain a router of kind: embedding models`
        : `router '${router.name}' serves embedding models ('${deployment.name}' is one): a chat request to it is refused with 400 unsupported_feature; explain an embeddings body ({"input": …}) instead`,
      'router',
    );
  }
  return {
    router: router.name,
    request: embedding ? 'embeddings' : 'chat',
    strategy: router.strategy,
    targets: choice.targets,
    complexity: choice.complexity,
    rule: choice.rule,
    detail: choice.detail ?? {},
    nested,
    firstDeployment: first.done === true ? undefined : first.value.deployment.name,
    guardrails: explainGuardrails(config.guardrails, request, router.name, choice.rule),
  };
}
