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
};

export const benchPrompt = 'Say hello to the overhead benchmark.';
/** The model the fake upstream is asked for, and the switchyard router that fronts it. */
export const upstreamModel = 'fake-model';
export const switchyardRouter = 'bench';
const upstreamKey = 'sk-bench-not-a-real-key';

function chatBody(model: string, stream: boolean, prompt: string): string {
  return JSON.stringify({ model, stream, messages: [{ role: 'user', content: prompt }] });
}

function target(key: string, label: string, origin: string, process: BenchProcess | undefined, model: string, headers: Record<string, string>): OverheadTarget {
  return {
    key,
    label,
    origin,
    process,
    chatRequest: ({ stream, prompt = benchPrompt }) => ({
      path: '/v1/chat/completions',
      headers: { 'content-type': 'application/json', ...headers },
      body: chatBody(model, stream, prompt),
    }),
  };
}

/** The upstream itself: the baseline every gateway's added latency is measured against. */
export function directTarget(upstreamUrl: string): OverheadTarget {
  return target('direct', 'direct (no gateway)', upstreamUrl, undefined, upstreamModel, { authorization: `Bearer ${upstreamKey}` });
}

/** switchyard: the client asks for the router; the key to the upstream lives in switchyard's config. */
export function switchyardTarget(key: string, label: string, gateway: BenchProcess): OverheadTarget {
  return target(key, label, gateway.url, gateway, switchyardRouter, {});
}

/** The floor: a bare Fastify + undici forwarder (bench/overhead/minimal-proxy-process.ts). */
export function minimalProxyTarget(gateway: BenchProcess): OverheadTarget {
  return target('minimal-proxy', 'floor: bare Fastify + undici forwarder', gateway.url, gateway, upstreamModel, {});
}

/** Portkey routes per request from headers: provider `openai` at a custom host (our fake upstream). */
export function portkeyTarget(gateway: BenchProcess, upstreamUrl: string): OverheadTarget {
  return target('portkey', 'Portkey gateway', gateway.url, gateway, upstreamModel, {
    authorization: `Bearer ${upstreamKey}`,
    'x-portkey-provider': 'openai',
    'x-portkey-custom-host': `${upstreamUrl}/v1`,
  });
}

/** The YAML of the switchyard under test: one openai-type provider at the fake upstream, a one-target failover router; `store` defaults to sqlite. */
export function switchyardBenchConfig(upstreamUrl: string, logLevel: string, passthrough = true, store?: string): string {
  return [
    `server: { host: 127.0.0.1, port: 0, log_level: ${logLevel}, passthrough: ${passthrough} }`,
    ...(store === undefined ? [] : [`store: ${store}`]),
    'providers:',
    `  upstream: { type: openai, api_key: ${upstreamKey}, base_url: "${upstreamUrl}/v1" }`,
    'models:',
    `  fake: { provider: upstream, model: ${upstreamModel} }`,
    'routers:',
    `  ${switchyardRouter}: { strategy: failover, targets: [fake] }`,
    '',
  ].join('\n');
}
