import type { BenchProcess } from './bench-process.ts';
import type { LoadRequest } from './run-load.ts';

/** One way of reaching the fake upstream: directly, or through a gateway. */
export type OverheadTarget = {
  key: string;
  label: string;
  origin: string;
  /** The gateway's child process; absent for the direct baseline. */
  process: BenchProcess | undefined;
  /** A chat completion request for this target; `prompt` lets a sanity check send a nonce. */
  chatRequest(options: { stream: boolean; prompt?: string }): LoadRequest;
  /** The recorded Claude Code request (Anthropic Messages) for this target, where the target speaks it. */
  messagesRequest?(options: { stream: boolean; prompt?: string }): LoadRequest;
};

/** Which request a measuring phase sends. */
export type BenchPayload = 'chat' | 'messages';

/** The request of `payload` for a target (undefined: the target does not speak it). */
export function requestOf(target: OverheadTarget, payload: BenchPayload, options: { stream: boolean; prompt?: string }): LoadRequest | undefined {
  return payload === 'chat' ? target.chatRequest(options) : target.messagesRequest?.(options);
}

export const benchPrompt = 'Say hello to the overhead benchmark.';
/** The model the fake upstream is asked for, and the switchyard router that fronts it. */
export const upstreamModel = 'fake-model';
export const switchyardRouter = 'bench';
/** The switchyard router that fronts the fake upstream's Anthropic Messages wire. */
export const switchyardMessagesRouter = 'bench-messages';
const upstreamKey = 'sk-bench-not-a-real-key';

function chatBody(model: string, stream: boolean, prompt: string): string {
  return JSON.stringify({ model, stream, messages: [{ role: 'user', content: prompt }] });
}

/**
 * A recorded Claude Code turn (test/clients/__fixtures__/claude-code/tool-loop.json, its second
 * request: ~49 KB of system prompt, 12 tool definitions with cache_control markers, a tool_use and
 * its tool_result) with the model swapped and `prompt` appended to the last user message, so the
 * fake upstream's echo carries it.
 */
export type MessagesBody = Record<string, unknown> & { messages: Array<{ role: string; content: unknown }> };

function messagesBody(recorded: MessagesBody, model: string, stream: boolean, prompt: string): string {
  const messages = recorded.messages.slice();
  const last = messages[messages.length - 1];
  const content = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : (last.content as unknown[]);
  messages[messages.length - 1] = { ...last, content: [...content, { type: 'text', text: prompt }] };
  return JSON.stringify({ ...recorded, model, stream, messages });
}

type TargetWire = { model: string; headers: Record<string, string>; messages?: { model: string; headers: Record<string, string>; recorded: MessagesBody } };

function target(key: string, label: string, origin: string, process: BenchProcess | undefined, wire: TargetWire): OverheadTarget {
  const { messages } = wire;
  return {
    key,
    label,
    origin,
    process,
    chatRequest: ({ stream, prompt = benchPrompt }) => ({
      path: '/v1/chat/completions',
      headers: { 'content-type': 'application/json', ...wire.headers },
      body: chatBody(wire.model, stream, prompt),
    }),
    ...(messages === undefined
      ? {}
      : {
          messagesRequest: ({ stream, prompt = benchPrompt }: { stream: boolean; prompt?: string }) => ({
            path: '/v1/messages',
            headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...messages.headers },
            body: messagesBody(messages.recorded, messages.model, stream, prompt),
          }),
        }),
  };
}

/** The upstream itself: the baseline every gateway's added latency is measured against. */
export function directTarget(upstreamUrl: string, recorded: MessagesBody): OverheadTarget {
  return target('direct', 'direct (no gateway)', upstreamUrl, undefined, {
    model: upstreamModel,
    headers: { authorization: `Bearer ${upstreamKey}` },
    messages: { model: upstreamModel, headers: { 'x-api-key': upstreamKey }, recorded },
  });
}

/** switchyard: the client asks for the router; the key to the upstream lives in switchyard's config. */
export function switchyardTarget(key: string, label: string, gateway: BenchProcess, recorded: MessagesBody): OverheadTarget {
  return target(key, label, gateway.url, gateway, { model: switchyardRouter, headers: {}, messages: { model: switchyardMessagesRouter, headers: {}, recorded } });
}

/** The floor: a bare Fastify + undici forwarder (bench/overhead/minimal-proxy-process.ts). */
export function minimalProxyTarget(gateway: BenchProcess, recorded: MessagesBody): OverheadTarget {
  return target('minimal-proxy', 'floor: bare Fastify + undici forwarder', gateway.url, gateway, { model: upstreamModel, headers: {}, messages: { model: upstreamModel, headers: {}, recorded } });
}

/** Portkey routes per request from headers: provider `openai` at a custom host (our fake upstream). */
export function portkeyTarget(gateway: BenchProcess, upstreamUrl: string): OverheadTarget {
  return target('portkey', 'Portkey gateway', gateway.url, gateway, {
    model: upstreamModel,
    headers: { authorization: `Bearer ${upstreamKey}`, 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${upstreamUrl}/v1` },
  });
}

/**
 * The YAML of the switchyard under test: an openai-type and an anthropic-type provider at the fake
 * upstream, a one-target failover router in front of each; `store` defaults to sqlite.
 */
export function switchyardBenchConfig(upstreamUrl: string, logLevel: string, passthrough = true, store?: string): string {
  return [
    `server: { host: 127.0.0.1, port: 0, log_level: ${logLevel}, passthrough: ${passthrough} }`,
    ...(store === undefined ? [] : [`store: ${store}`]),
    'providers:',
    `  upstream: { type: openai, api_key: ${upstreamKey}, base_url: "${upstreamUrl}/v1" }`,
    `  anthropic-upstream: { type: anthropic, api_key: ${upstreamKey}, base_url: "${upstreamUrl}" }`,
    'models:',
    `  fake: { provider: upstream, model: ${upstreamModel} }`,
    `  fake-claude: { provider: anthropic-upstream, model: ${upstreamModel} }`,
    'routers:',
    `  ${switchyardRouter}: { strategy: failover, targets: [fake] }`,
    `  ${switchyardMessagesRouter}: { strategy: failover, targets: [fake-claude] }`,
    '',
  ].join('\n');
}
