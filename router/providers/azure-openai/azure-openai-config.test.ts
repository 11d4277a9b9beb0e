import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/config-error.ts';
import { loadConfigText } from '../../config/load-config.ts';
import { azureOpenAIEndpointOf } from './azure-openai-endpoint.ts';

const config = (provider: string) => `providers:\n  azure: ${provider}\nmodels:\n  gpt: { provider: azure, model: my deployment }\n`;

function issuesOf(text: string) {
  try {
    loadConfigText(text, 'test.yaml', {});
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('type: azure-openai config and URLs', () => {
  it('builds classic, v1 and preview URLs from the endpoint, the api_version and the deployment (the model id)', () => {
    const load = (provider: string) => loadConfigText(config(provider), 'test.yaml', {}).providers.get('azure')!;
    const classic = azureOpenAIEndpointOf(load('{ type: azure-openai, endpoint: "https://res.openai.azure.com/", api_version: 2024-10-21, api_key: k-1 }'));
    expect(classic.origin).toBe('https://res.openai.azure.com');
    expect(classic.pathFor('chat/completions', 'my deployment')).toBe('/openai/deployments/my%20deployment/chat/completions?api-version=2024-10-21');
    expect(classic.pathFor('embeddings', 'emb')).toBe('/openai/deployments/emb/embeddings?api-version=2024-10-21');
    expect(classic.headers).toEqual({ 'api-key': 'k-1' });
    expect(classic.authorize).toBeUndefined();
    const v1 = azureOpenAIEndpointOf(load('{ type: azure-openai, endpoint: "https://res.openai.azure.com", api_key: k-1 }'));
    expect(v1.pathFor('chat/completions', 'ignored')).toBe('/openai/v1/chat/completions');
    const preview = azureOpenAIEndpointOf(load('{ type: azure-openai, endpoint: "https://res.openai.azure.com", api_version: preview, entra_id: {} }'));
    expect(preview.pathFor('embeddings', 'x')).toBe('/openai/v1/embeddings?api-version=preview');
    expect(preview.headers['api-key']).toBeUndefined();
    expect(preview.authorize).toBeTypeOf('function');
  });

  it('takes exactly one of api_key and entra_id, and a real api_version', () => {
    expect(issuesOf(config('{ type: azure-openai, endpoint: "https://r.openai.azure.com" }'))).toEqual(['providers.azure: an azure-openai provider takes exactly one of api_key (the api-key header) and entra_id (Entra ID tokens)']);
    expect(issuesOf(config('{ type: azure-openai, endpoint: "https://r.openai.azure.com", api_key: k, entra_id: {} }'))).toHaveLength(1);
    expect(issuesOf(config('{ type: azure-openai, endpoint: "https://r.openai.azure.com", api_key: k, api_version: "2024-10" }')).join()).toMatch(/api_version is v1, preview or a dated version/);
    expect(issuesOf(config('{ type: azure-openai, endpoint: "https://r.openai.azure.com", api_key: k, base_url: "https://x" }')).join()).toMatch(/base_url/);
    expect(issuesOf(config('{ type: azure-openai, endpoint: "https://r.openai.azure.com", api_key: k, health_check: { kind: models } }'))).toEqual(['providers.azure.health_check.kind: an azure-openai provider has no model list probe: use kind chat']);
  });
});
