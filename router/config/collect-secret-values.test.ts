import { describe, expect, it } from 'vitest';
import { collectSecretValues } from './collect-secret-values.ts';
import { loadConfigText } from './load-config.ts';

describe('collectSecretValues', () => {
  it('finds every configured secret, wherever the config holds one', async () => {
    const config = await loadConfigText(
      `
server:
  admin_token: admin-token-1
  api_keys: [{ key: static-key-1, name: app }]
store: { kind: redis, url: "redis://:redis-pass-1@127.0.0.1:6379/0" }
alerts: { webhook: { url: "http://127.0.0.1:1/hook", secret: webhook-secret-0001 } }
providers:
  vllm: { type: openai-compatible, base_url: "https://user:url-pass-1@vllm.local/v1?api_key=query-key-1&region=eu", api_key: "\${VLLM_KEY}" }
  other: { type: openai-compatible, base_url: "http://127.0.0.1:1/v1", headers: { x-api-key: header-key-1, authorization: "Bearer header-bearer-1", anthropic-version: "2023-06-01" } }
models:
  m: { provider: vllm, model: m }
`,
      '<test>',
      { VLLM_KEY: 'env-key-1' },
    );
    const values = collectSecretValues(config, { VLLM_KEY: 'env-key-1', SPARE_TOKEN: 'spare-token-1', npm_package_keywords_0: 'anthropic-messages', HOME: '/home/someone' });
    for (const secret of ['admin-token-1', 'static-key-1', 'redis-pass-1', 'webhook-secret-0001', 'url-pass-1', 'query-key-1', 'env-key-1', 'header-key-1', 'header-bearer-1', 'spare-token-1']) {
      expect(values).toContain(secret);
    }
    // Not credentials: a protocol header, npm's package metadata, a home directory.
    expect(values).not.toContain('2023-06-01');
    expect(values).not.toContain('anthropic-messages');
    expect(values).not.toContain('/home/someone');
  });
});
