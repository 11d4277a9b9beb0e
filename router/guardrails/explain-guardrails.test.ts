import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../core/chat-request.ts';
import { loadConfigText } from '../config/load-config.ts';
import { explainGuardrails } from './explain-guardrails.ts';

const config = loadConfigText(
  `providers:
  mock: { type: mock }
  oa: { type: openai-compatible, base_url: "http://127.0.0.1:9/v1" }
models:
  a: { provider: mock, model: a-1 }
  mod: { provider: oa, model: omni }
routers:
  auto:
    strategy: rules
    guardrails: [moderated]
    rules:
      - { name: long, if: "input_tokens > 5", use: a, guardrails: [few] }
    default: a
guardrails:
  checks:
    pii: { detector: { type: pii }, action: redact, restore: true }
    few: { detector: { type: size, max_messages: 1 }, action: block, status: 413 }
    moderated: { detector: { type: external, kind: moderation, model: mod }, action: block }
    unused: { detector: { type: keywords, words: [never] }, action: warn }
  global: [pii, unused]
`,
  'test.yaml',
  {},
);

const request = (texts: string[]): ChatRequest => ({ requestedModel: 'auto', messages: texts.map((text) => ({ role: 'user', content: [{ type: 'text', text }] })), params: {}, stream: false, clientFormat: 'openai-chat' });

describe('explainGuardrails', () => {
  it('lists what would fire: match counts, the rule’s size limit, the external check not run; never the text', () => {
    const explained = explainGuardrails(config.guardrails, request(['mail bob@example.org and ann@example.org', 'again']), 'auto', 'long');
    expect(explained).toEqual([
      { guardrail: 'pii', detector: 'pii', action: 'redact + restore', matches: 2 },
      { guardrail: 'moderated', detector: 'external', action: 'block (400)', matches: 0, note: "external moderation check on 'mod': not run by explain" },
      { guardrail: 'few', detector: 'size', action: 'block (413)', matches: 1, note: '2 messages, over the limit of 1' },
    ]);
    expect(JSON.stringify(explained)).not.toContain('example.org');
  });

  it('a rule that did not match adds nothing', () => {
    expect(explainGuardrails(config.guardrails, request(['hi', 'there']), 'auto', undefined).map((entry) => entry.guardrail)).toEqual(['moderated']);
  });
});
