/**
 * The provider types the conformance suite runs, and how each is pointed at the fake upstream.
 * A case that cannot run a check names the reason; the suite prints it with the skip.
 */
import type { ProviderSettings } from '../../router/config/compiled-config.ts';
import { Secret } from '../../router/config/secret.ts';
import type { FakeWireName } from '../fake-upstream/fake-wire.ts';

export type ConformanceCheck = 'tool-call' | 'fake-upstream' | 'passthrough';

export type ConformanceCase = {
  type: ProviderSettings['type'];
  /** The fake upstream's wire this type speaks; undefined for the network-free mock. */
  wire: FakeWireName | undefined;
  baseUrl: (upstreamUrl: string) => string | undefined;
  /** The header that carries the API key, and its expected value. */
  credential: [name: string, value: string] | undefined;
  /** What the adapter answers to "hello there" with the fake upstream's default behaviour. */
  expectedText: (prompt: string) => string;
  skips: Partial<Record<ConformanceCheck, string>>;
};

export const API_KEY = 'conformance-key';
const echo = (prompt: string) => `echo: ${prompt}`;

export const conformanceCases: ConformanceCase[] = [
  { type: 'openai', wire: 'openai-chat', baseUrl: (url) => `${url}/v1`, credential: ['authorization', `Bearer ${API_KEY}`], expectedText: echo, skips: {} },
  { type: 'openai-compatible', wire: 'openai-chat', baseUrl: (url) => `${url}/v1`, credential: ['authorization', `Bearer ${API_KEY}`], expectedText: echo, skips: {} },
  { type: 'anthropic', wire: 'anthropic-messages', baseUrl: (url) => url, credential: ['x-api-key', API_KEY], expectedText: echo, skips: {} },
  { type: 'gemini', wire: 'gemini', baseUrl: (url) => `${url}/v1beta`, credential: ['x-goog-api-key', API_KEY], expectedText: echo, skips: { passthrough: 'no client speaks the Gemini API: every call is translated' } },
  // Azure OpenAI: classic deployment URLs; the fake upstream checks the api-key, api-version and deployment path (azure-openai-gate.ts).
  { type: 'azure-openai', wire: 'openai-chat', baseUrl: (url) => url, credential: ['api-key', API_KEY], expectedText: echo, skips: {} },
  { type: 'ollama', wire: 'ollama', baseUrl: (url) => url, credential: ['authorization', `Bearer ${API_KEY}`], expectedText: echo, skips: { passthrough: "no client speaks Ollama's native API: every call is translated" } },
  {
    type: 'mock',
    wire: undefined,
    baseUrl: () => undefined,
    credential: undefined,
    expectedText: (prompt) => `[fake-model] mock answer to: ${prompt}`,
    skips: {
      'tool-call': 'the mock provider answers with text only',
      'fake-upstream': 'the mock provider has no wire: there is no upstream to rate-limit, cut, garble or disconnect',
      passthrough: 'the mock provider has no wire to carry a body to',
    },
  },
];

export function conformanceSettings(testCase: ConformanceCase, upstreamUrl: string, mock?: { failureRate?: number; latencyMs?: number }): ProviderSettings {
  const isMock = testCase.type === 'mock';
  return {
    name: `conformance-${testCase.type}`,
    type: testCase.type,
    apiKey: isMock ? undefined : new Secret(API_KEY),
    baseUrl: testCase.type === 'azure-openai' ? undefined : testCase.baseUrl(upstreamUrl),
    azure: testCase.type === 'azure-openai' ? { endpoint: testCase.baseUrl(upstreamUrl)!, apiVersion: '2024-10-21', entraScope: undefined } : undefined,
    headers: {},
    timeoutMs: undefined,
    maxConnections: 8,
    mock: isMock ? { latencyMs: mock?.latencyMs ?? 0, failureRate: mock?.failureRate ?? 0, tokensPerSecond: undefined } : undefined,
    limits: undefined,
    budget: undefined,
  };
}
