/**
 * The upstream faults the fault suite injects, each as a fake-upstream behaviour plus how the
 * faulty target is called. One place, so the suite and README's reliability figures agree.
 */
import type { FakeBehavior } from '../fake-upstream/fake-behavior.ts';

export type ProviderType = 'openai' | 'anthropic';

export const providerTypes: readonly ProviderType[] = ['openai', 'anthropic'];

export type UpstreamFault = {
  name: string;
  /** What the faulty upstream does; `undefined` for a target whose port refuses connections. */
  behavior: (provider: ProviderType) => FakeBehavior | undefined;
  /** Extra call options of the faulty target (YAML flow mapping entries). */
  target?: string;
  /** Streaming, the fault comes after content reached the client: an error event, not a failover. */
  afterContent?: boolean;
};

/** Frames of the fake upstream's stream up to and including the first text delta. */
const framesThroughFirstContent: Readonly<Record<ProviderType, number>> = { openai: 2, anthropic: 4 };

const always = (behavior: FakeBehavior | undefined) => () => behavior;

export const upstreamFaults: readonly UpstreamFault[] = [
  { name: 'status-500', behavior: always({ kind: 'status', status: 500 }) },
  { name: 'status-502', behavior: always({ kind: 'status', status: 502 }) },
  { name: 'status-503', behavior: always({ kind: 'status', status: 503 }) },
  { name: 'status-529', behavior: always({ kind: 'status', status: 529 }) },
  { name: 'status-401', behavior: always({ kind: 'status', status: 401, message: 'invalid credentials on this deployment' }) },
  // Retried once on the same target after the asked-for wait, then failed over.
  { name: 'status-429-retry-after', behavior: always({ kind: 'status', status: 429, retryAfter: '0.05' }), target: 'retries: 1' },
  { name: 'connection-refused', behavior: always(undefined) },
  { name: 'reset-before-headers', behavior: always({ kind: 'drop' }) },
  { name: 'reset-after-headers', behavior: always({ kind: 'reset-after-headers' }) },
  // OpenAI: the role chunk; Anthropic: message_start. Then the connection breaks.
  { name: 'cut-after-preamble', behavior: always({ kind: 'cut-stream', afterChunks: 1 }) },
  { name: 'cut-mid-content', behavior: (provider) => ({ kind: 'cut-stream', afterChunks: framesThroughFirstContent[provider] }), afterContent: true },
  { name: 'garbage-sse', behavior: always({ kind: 'malformed' }) },
  { name: 'slow-first-byte', behavior: always({ kind: 'ok', latencyMs: 2_000 }), target: 'timeout_ms: 150' },
  { name: 'idle-stream', behavior: always({ kind: 'stall', afterChunks: 1 }), target: 'timeout_ms: 150' },
  { name: 'empty-body', behavior: always({ kind: 'empty' }) },
  { name: 'truncated-json', behavior: always({ kind: 'truncated', afterChunks: 1 }) },
];
