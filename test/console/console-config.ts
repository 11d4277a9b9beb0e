import { fileURLToPath } from 'node:url';
import type { FakeUpstream } from '../fake-upstream/fake-upstream.ts';

/** The scorer pool's scripted stand-in (a fixed difficulty, no model to load): smart routers decide at once. */
export const scriptedScorer = { scorerWorkerFile: fileURLToPath(new URL('../../scorer/pool/__fixtures__/scripted-score-worker.mjs', import.meta.url)) };

export const ADMIN_TOKEN = 'console-admin-token-0123456789abcdef';
export const PROVIDER_SECRET = 'sk-console-provider-secret-must-not-show';

/** A gateway with a failover chain, a rules router (one rule shadowed, for `check`), a smart router, a warning guardrail, a budget and the admin token. */
export function consoleConfig(upstream: FakeUpstream): string {
  return `
server: { admin_token: "${ADMIN_TOKEN}" }
defaults: { retries: 0, timeout_ms: 2000 }
providers:
  fake:
    type: openai-compatible
    base_url: "${upstream.url}/v1"
    api_key: "${PROVIDER_SECRET}"
    budget: { monthly_usd: 50 }
guardrails:
  checks:
    codename: { detector: { type: keywords, words: ["Project Falcon"] }, action: warn }
  global: [codename]
models:
  small: { provider: fake, model: small-model, price: { input: 1, output: 2 } }
  large: { provider: fake, model: large-model, price: { input: 10, output: 30 } }
routers:
  chain: { strategy: failover, targets: [small, large] }
  triage:
    strategy: rules
    rules:
      - { name: long, if: "input_tokens > 50", use: large }
      - { name: longer, if: "input_tokens > 500", use: large }
    default: small
  smart: { strategy: smart, axis: balanced, candidates: [small, large], allowed_axes: [cost, quality] }
`;
}
