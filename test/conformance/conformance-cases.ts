/**
 * The provider types the conformance suite runs, and how each is pointed at the fake upstream.
 * A case that cannot run a check names the reason; the suite prints it with the skip.
 */
import type { ProviderSettings } from '../../router/config/compiled-config.ts';
import { Secret } from '../../router/config/secret.ts';
import type { FakeWireName } from '../fake-upstream/fake-wire.ts';

export type ConformanceCheck = 'tool-call' | 'fake-upstream' | 'configured-headers' | 'retry-after' | 'passthrough';

export type ConformanceCase = {
  type: ProviderSettings['type'];
  /** The fake upstream's wire this type speaks; undefined for the network-free mock. */
  wire: FakeWireName | undefined;
  baseUrl: (upstreamUrl: string) => string | undefined;
  /** The header that carries the API key, and its expected value (a pattern for a signature). */
  credential: [name: string, value: string | RegExp] | undefined;
  /** What the adapter answers to "hello there" with the fake upstream's default behaviour. */
  expectedText: (prompt: string) => string;
  skips: Partial<Record<ConformanceCheck, string>>;
};

export const API_KEY = 'conformance-key';
/** The AWS key the Bedrock case signs with; the fake upstream verifies its SigV4 signature. */
export const BEDROCK_CREDENTIALS = { region: 'eu-north-1', accessKeyId: 'AKIACONFORMANCE0001', secretAccessKey: 'conformance-secret-access-key-000000000' };
const echo = (prompt: string) => `echo: ${prompt}`;

export const conformanceCases: ConformanceCase[] = [
  { type: 'openai', wire: 'openai-chat', baseUrl: (url) => `${url}/v1`, credential: ['authorization', `Bearer ${API_KEY}`], expectedText: echo, skips: {} },
  { type: 'openai-compatible', wire: 'openai-chat', baseUrl: (url) => `${url}/v1`, credential: ['authorization', `Bearer ${API_KEY}`], expectedText: echo, skips: {} },
  { type: 'anthropic', wire: 'anthropic-messages', baseUrl: (url) => url, credential: ['x-api-key', API_KEY], expectedText: echo, skips: {} },
  { type: 'gemini', wire: 'gemini', baseUrl: (url) => `${url}/v1beta`, credential: ['x-goog-api-key', API_KEY], expectedText: echo, skips: { passthrough: 'no client speaks the Gemini API: every call is translated' } },
  // Azure OpenAI: classic deployment URLs; the fake upstream checks the api-key, api-version and deployment path (azure-openai-gate.ts).
  { type: 'azure-openai', wire: 'openai-chat', baseUrl: (url) => url, credential: ['api-key', API_KEY], expectedText: echo, skips: {} },
  { type: 'ollama', wire: 'ollama', baseUrl: (url) => url, credential: ['authorization', `Bearer ${API_KEY}`], expectedText: echo, skips: { passthrough: "no client speaks Ollama's native API: every call is translated" } },
  // Bedrock Converse through the AWS SDK, against the fake upstream's Converse wire, which recomputes each request's SigV4 signature.
  {
    type: 'bedrock',
    wire: 'bedrock-converse',
    baseUrl: (url) => url,
    credential: ['authorization', new RegExp(`^AWS4-HMAC-SHA256 Credential=${BEDROCK_CREDENTIALS.accessKeyId}/\\d{8}/${BEDROCK_CREDENTIALS.region}/bedrock/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$`)],
    expectedText: echo,
    skips: {
      'configured-headers': "Bedrock's credential is a SigV4 signature over the request, made by the AWS SDK from the credential chain: no header can stand in for it",
      'retry-after': "Bedrock's ThrottlingException carries no Retry-After header to honour",
      passthrough: 'no client speaks the Converse API: every call is translated',
    },
  },
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
    bedrock: testCase.type === 'bedrock'
      ? { region: BEDROCK_CREDENTIALS.region, profile: undefined, accessKeyId: new Secret(BEDROCK_CREDENTIALS.accessKeyId), secretAccessKey: new Secret(BEDROCK_CREDENTIALS.secretAccessKey), sessionToken: undefined }
      : undefined,
    headers: {},
    timeoutMs: undefined,
    maxConnections: 8,
    mock: isMock ? { latencyMs: mock?.latencyMs ?? 0, failureRate: mock?.failureRate ?? 0, tokensPerSecond: undefined } : undefined,
    limits: undefined,
    budget: undefined,
  };
}
