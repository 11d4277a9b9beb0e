import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { loadConfigText } from './load-config.ts';

const BASE = `providers: { oa: { type: openai, api_key: k } }
models:
  gpt:   { provider: oa, model: gpt-5.4, price: { input: 1, output: 2 } }
  mini:  { provider: oa, model: gpt-5-mini, price: { input: 0.2, output: 0.8 } }
  embed: { provider: oa, model: text-embedding-3-small, kind: embedding, price: { input: 0.02, output: 0 } }
`;

function issuesOf(text: string): string[] {
  try {
    loadConfigText(text, 'roles.yaml', {});
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

describe('an embedding model in a chat role is refused at load (switchyard check)', () => {
  it('as a shadow judge', () => {
    expect(issuesOf(`${BASE}routers:\n  smart: { strategy: smart, candidates: [gpt, mini], shadow: { judge: embed, daily_budget_usd: 1 } }\n`)).toEqual([
      "routers.smart.shadow.judge: the judge 'embed' is an embedding model (kind: embedding): grading answers is a chat call it cannot take; name a chat model",
    ]);
  });

  it('as a shadow candidate: shadow evaluation sits on smart routers, and a smart router over an embedding model is refused by name', () => {
    expect(issuesOf(`${BASE}routers:\n  smart: { strategy: smart, candidates: [gpt, mini, embed], shadow: { judge: gpt, daily_budget_usd: 1 } }\n`)).toEqual([
      "routers.smart: router 'smart' mixes embedding models (embed) with models that cannot embed (gpt, mini): an embeddings request would skip the chat models and a chat request the embedding ones; give each its own router",
    ]);
  });

  it('as an external guardrail check, classifier or moderation', () => {
    const guard = (kind: string) => `${BASE}guardrails:\n  checks:\n    guard: { detector: { type: external, kind: ${kind}, model: embed }, action: block }\n  global: [guard]\n`;
    expect(issuesOf(guard('classifier'))).toEqual([
      "guardrails.checks.guard.detector.model: model 'embed' is an embedding model (kind: embedding): an external classifier check calls it as a chat classifier, which it cannot serve; name a chat model",
    ]);
    expect(issuesOf(guard('moderation'))).toEqual([
      "guardrails.checks.guard.detector.model: model 'embed' is an embedding model (kind: embedding): an external moderation check calls POST /moderations, which it cannot serve; name a moderation model",
    ]);
  });

  it("as a compress policy's summariser", () => {
    expect(issuesOf(`${BASE}routers:\n  chat: { strategy: failover, targets: [gpt], compress: { summarize_with: embed } }\n`)).toEqual([
      "routers.chat.compress.summarize_with: model 'embed' is an embedding model (kind: embedding): summarising is a chat call it cannot take; name a chat model",
    ]);
  });

  it('a chat model in those roles is fine', () => {
    expect(issuesOf(`${BASE}routers:\n  smart: { strategy: smart, candidates: [gpt, mini], shadow: { judge: gpt, daily_budget_usd: 1 } }\n`)).toEqual([]);
  });
});
