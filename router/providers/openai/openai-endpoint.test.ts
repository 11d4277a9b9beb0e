import { describe, expect, it } from 'vitest';
import type { ProviderSettings } from '../../config/compiled-config.ts';
import { Secret } from '../../config/secret.ts';
import { openAIEndpointOf } from './openai-endpoint.ts';

const settings = (baseUrl: string | undefined): ProviderSettings => ({
  name: 'p',
  type: 'openai-compatible',
  apiKey: new Secret('sk-endpoint-test'),
  baseUrl,
  headers: { 'x-team': 'a' },
  timeoutMs: undefined,
  maxConnections: 1,
  mock: undefined,
  limits: undefined,
  budget: undefined,
});

describe('openAIEndpointOf', () => {
  it('puts the operation after the base path and keeps the base URL query after it (not glued in front)', () => {
    const endpoint = openAIEndpointOf(settings('https://gateway.example/team/v1/?tenant=a'));
    expect(endpoint.origin).toBe('https://gateway.example');
    expect(endpoint.pathFor('chat/completions', 'm')).toBe('/team/v1/chat/completions?tenant=a');
    expect(endpoint.pathFor('embeddings', 'm')).toBe('/team/v1/embeddings?tenant=a');
    expect(endpoint.headers).toEqual({ 'x-team': 'a', authorization: 'Bearer sk-endpoint-test' });
  });

  it('defaults to api.openai.com/v1', () => {
    const endpoint = openAIEndpointOf(settings(undefined));
    expect(`${endpoint.origin}${endpoint.pathFor('chat/completions', 'm')}`).toBe('https://api.openai.com/v1/chat/completions');
  });
});
