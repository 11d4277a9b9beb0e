import { request as undiciRequest } from 'undici';
import type { CompiledConfig } from '../config/compiled-config.ts';
import type { ChatRequest } from '../core/chat-request.ts';
import type { ProviderAdapter } from '../providers/provider-adapter.ts';
import type { ExternalDetector } from './compiled-guardrail.ts';

export type ExternalVerdict = { kind: 'flagged'; categories: string[] } | { kind: 'clean' } | { kind: 'failed'; reason: string };

export type ExternalCheckDependencies = {
  config: CompiledConfig;
  adapters: ReadonlyMap<string, ProviderAdapter>;
  /** The client's signal: a client that goes away ends the check too. */
  signal: AbortSignal;
};

const OPENAI_BASE_URL = 'https://api.openai.com/v1';
/** Llama Guard answers `safe`, or `unsafe` and the violated categories on the next line. */
const UNSAFE = /^\s*unsafe\b/i;
const SAFE = /^\s*safe\b/i;
const CATEGORY_CODES = /\bS\d{1,2}\b/g;

type ModerationAnswer = { results?: Array<{ flagged?: unknown; categories?: Record<string, unknown> }> };

/**
 * Asks the detector's deployment about `text`: POST {base_url}/moderations (OpenAI's moderation API
 * and servers that copy it), or a chat call to a classifier model (a Llama Guard on vLLM or Ollama)
 * whose answer starts with `safe` or `unsafe`. Bounded by the detector's timeout; any failure (down,
 * slow, an error status, an answer of the wrong shape) is `failed` with a reason the caller maps to
 * `on_error`. The reason never holds the text.
 */
export async function runExternalCheck(detector: ExternalDetector, text: string, dependencies: ExternalCheckDependencies): Promise<ExternalVerdict> {
  const deployment = dependencies.config.deployments.get(detector.deployment);
  if (deployment === undefined) return { kind: 'failed', reason: `no model '${detector.deployment}'` };
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  dependencies.signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(), detector.timeoutMs);
  try {
    if (detector.flavor === 'moderation') {
      const provider = deployment.provider;
      const url = new URL(`${(provider.baseUrl ?? OPENAI_BASE_URL).replace(/\/+$/, '')}/moderations`);
      const headers: Record<string, string> = { 'content-type': 'application/json', ...provider.headers };
      if (provider.apiKey !== undefined) headers.authorization = `Bearer ${provider.apiKey.reveal()}`;
      const response = await undiciRequest(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ model: deployment.providerModel, input: text }),
        signal: controller.signal,
        headersTimeout: detector.timeoutMs,
        bodyTimeout: detector.timeoutMs,
      });
      if (response.statusCode >= 300) {
        await response.body.dump();
        return { kind: 'failed', reason: `moderation endpoint answered ${response.statusCode}` };
      }
      const answer = (await response.body.json()) as ModerationAnswer;
      const result = answer.results?.[0];
      if (result === undefined || typeof result.flagged !== 'boolean') return { kind: 'failed', reason: 'moderation answer without results[0].flagged' };
      const flaggedCategories = Object.entries(result.categories ?? {})
        .filter(([, value]) => value === true)
        .map(([category]) => category);
      if (detector.categories !== undefined) {
        const counted = flaggedCategories.filter((category) => detector.categories!.includes(category));
        return counted.length > 0 ? { kind: 'flagged', categories: counted } : { kind: 'clean' };
      }
      return result.flagged ? { kind: 'flagged', categories: flaggedCategories } : { kind: 'clean' };
    }
    const adapter = dependencies.adapters.get(deployment.provider.name);
    if (adapter === undefined) return { kind: 'failed', reason: `no adapter for provider '${deployment.provider.name}'` };
    const request: ChatRequest = {
      requestedModel: deployment.name,
      messages: [{ role: 'user', content: [{ type: 'text', text }] }],
      params: { temperature: 0, maxTokens: 16 },
      stream: false,
      clientFormat: 'openai-chat',
    };
    const result = await adapter.chat({ request, providerModel: deployment.providerModel, signal: controller.signal, timeoutMs: detector.timeoutMs, warnings: [] });
    const answer = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
    if (UNSAFE.test(answer)) return { kind: 'flagged', categories: answer.match(CATEGORY_CODES) ?? [] };
    if (SAFE.test(answer)) return { kind: 'clean' };
    return { kind: 'failed', reason: 'classifier answered neither safe nor unsafe' };
  } catch (error) {
    if (controller.signal.aborted && !dependencies.signal.aborted) return { kind: 'failed', reason: `no answer within ${detector.timeoutMs} ms` };
    return { kind: 'failed', reason: `check failed: ${(error as Error).name}` };
  } finally {
    clearTimeout(timer);
    dependencies.signal.removeEventListener('abort', onAbort);
  }
}
