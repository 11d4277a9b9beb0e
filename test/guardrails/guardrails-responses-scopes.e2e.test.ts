import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { findAuditRow } from '../support/find-audit-row.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const SECRET = 'sk-proj-Q7vT2mX9pL4rW8nB3kZ6yH1cF5dJ0sAeGuIo';
const EMAIL = 'alice.cooper@example.com';
const CARD = '4111 1111 1111 1111';

// Responses clients (Codex's API) to a Responses upstream (carried) and to a Chat upstream
// (translated); guardrails attached to a project and to a rule, not only globally.
function config(upstream: FakeUpstream): string {
  return `
store: { kind: memory }
server:
  api_keys:
    - { key: support-key-0123456789, name: support, project: support }
    - { key: other-key-0123456789, name: other, project: other }
providers:
  oa: { type: openai, base_url: "${upstream.url}/v1", api_key: sk-upstream-not-a-secret, api: responses }
  chat: { type: openai-compatible, base_url: "${upstream.url}/v1" }
  an: { type: anthropic, base_url: "${upstream.url}", api_key: upstream-key }
models:
  gpt: { provider: oa, model: gpt-fake }
  translated: { provider: chat, model: chat-fake }
  claude: { provider: an, model: claude-fake }
  onprem: { provider: chat, model: onprem-fake }
routers:
  triage:
    strategy: rules
    rules:
      - { if: "tags.lane == 'strict'", use: gpt, guardrails: [no-codename-in] }
    default: gpt
projects:
  support: { guardrails: [mask-iban-out] }
  other: {}
guardrails:
  checks:
    no-secrets: { detector: { type: secrets }, action: block }
    mask-pii: { detector: { type: pii, kinds: [email] }, action: redact, restore: true }
    cards-onprem: { detector: { type: pii, kinds: [credit_card] }, action: { route_to: onprem } }
    no-codename-out: { detector: { type: keywords, words: [Project Falcon] }, action: redact, stage: output }
    no-codename-in: { detector: { type: keywords, words: [Project Falcon] }, action: block, status: 422 }
    mask-iban-out: { detector: { type: pii, kinds: [iban] }, action: redact, stage: output }
    watch-words: { detector: { type: keywords, words: [merger] }, action: warn }
  global: [no-secrets, mask-pii, cards-onprem, no-codename-out, watch-words]
`;
}

type AuditRow = { requestId: string; deployment?: string; guardrails?: Array<{ guardrail: string; action: string; stage: string; matches: number }> };

describe('guardrails for Responses clients, and attached to a project and to a rule', () => {
  let upstream: FakeUpstream;
  let test: TestGateway;
  const client = (key: string) => new OpenAI({ baseURL: `${test.url}/v1`, apiKey: key, maxRetries: 0 });
  let support: OpenAI;
  let other: OpenAI;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    test = await startTestGateway(config(upstream));
    support = client('support-key-0123456789');
    other = client('other-key-0123456789');
  });
  afterEach(() => upstream.reset());
  afterAll(async () => {
    await test.close();
    await upstream.close();
  });

  const audit = (requestId: string | null | undefined) => findAuditRow<AuditRow>(test.url, requestId);
  const sentText = (index = 0): string => JSON.stringify(upstream.requests[index]!.body);
  const streamedText = async (stream: AsyncIterable<{ type: string; delta?: string }>) => {
    let text = '';
    for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta ?? '';
    return text;
  };

  it('block: a secret in a Responses request is 400 blocked_by_guardrail in the Responses error shape, streamed or not, nothing sent', async () => {
    for (const stream of [false, true]) {
      const error = (await other.responses.create({ model: 'gpt', input: `use ${SECRET}`, stream }).catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect(error.status).toBe(400);
      expect(error.code).toBe('blocked_by_guardrail');
      expect(error.message).toContain('no-secrets');
      expect(JSON.stringify(error.error)).not.toContain(SECRET);
    }
    expect(upstream.requests).toHaveLength(0);
  });

  it('redact + restore on a carried Responses body (Responses upstream), streamed (placeholder split across events) and not', async () => {
    upstream.setBehavior({ kind: 'ok', text: 'Mail to [EMAIL_1] sent.', chunks: ['Mail to [EMA', 'IL_', '1] se', 'nt.'] });
    const response = await other.responses.create({ model: 'gpt', input: [{ role: 'user', content: `write to ${EMAIL}` }] });
    expect(response.output_text).toBe(`Mail to ${EMAIL} sent.`);
    const text = await streamedText(await other.responses.create({ model: 'gpt', input: `write to ${EMAIL}`, stream: true }));
    expect(text).toBe(`Mail to ${EMAIL} sent.`);
    for (const index of [0, 1]) {
      expect(upstream.requests[index]!.path).toBe('/v1/responses');
      expect(sentText(index)).not.toContain(EMAIL);
      expect(sentText(index)).toContain('[EMAIL_1]');
    }
  });

  it('redact + restore translated (a Responses client to a Chat Completions upstream), streamed and not', async () => {
    upstream.setBehavior({ kind: 'ok', text: 'Hi [EMAIL_1]!', chunks: ['Hi [EMAIL', '_1]!'] });
    const response = await other.responses.create({ model: 'translated', input: `greet ${EMAIL}` });
    expect(response.output_text).toBe(`Hi ${EMAIL}!`);
    expect(await streamedText(await other.responses.create({ model: 'translated', input: `greet ${EMAIL}`, stream: true }))).toBe(`Hi ${EMAIL}!`);
    for (const index of [0, 1]) {
      expect(upstream.requests[index]!.path).toBe('/v1/chat/completions');
      expect(sentText(index)).not.toContain(EMAIL);
    }
  });

  it('route_to overrides the model a Responses client named', async () => {
    const { response } = await other.responses.create({ model: 'gpt', input: `charge ${CARD}` }).withResponse();
    expect(response.headers.get('x-switchyard-model')).toBe('onprem');
    expect(upstream.requests[0]!.model).toBe('onprem-fake');
    expect((await audit(response.headers.get('x-switchyard-request-id'))).guardrails).toEqual([expect.objectContaining({ guardrail: 'cards-onprem', action: 'route_to', matches: 1 })]);
  });

  it('output redaction on a Responses answer, streamed (split across events) and not', async () => {
    upstream.setBehavior({ kind: 'ok', text: 'It is Project Falcon.', chunks: ['It is Proj', 'ect Fal', 'con.'] });
    expect((await other.responses.create({ model: 'gpt', input: 'plan?' })).output_text).toBe('It is [KEYWORD_1].');
    expect(await streamedText(await other.responses.create({ model: 'gpt', input: 'plan?', stream: true }))).toBe('It is [KEYWORD_1].');
  });

  it("a project's check applies to its callers only: the support key's answers lose IBANs, another project's do not", async () => {
    const iban = 'DE89 3704 0044 0532 0130 00';
    upstream.setBehavior({ kind: 'ok', text: `Pay to ${iban}.`, chunks: ['Pay to DE89 3704 ', '0044 0532 0130 00.'] });
    const { data, response } = await support.chat.completions.create({ model: 'translated', messages: [{ role: 'user', content: 'where do I pay?' }] }).withResponse();
    expect(data.choices[0]!.message.content).toBe('Pay to [IBAN_1].');
    expect((await audit(response.headers.get('x-switchyard-request-id'))).guardrails).toEqual([expect.objectContaining({ guardrail: 'mask-iban-out', action: 'redact', stage: 'output', matches: 1 })]);
    expect(await streamedText(await support.responses.create({ model: 'gpt', input: 'where?', stream: true }))).toBe('Pay to [IBAN_1].');
    const plain = await other.chat.completions.create({ model: 'translated', messages: [{ role: 'user', content: 'where do I pay?' }] });
    expect(plain.choices[0]!.message.content).toBe(`Pay to ${iban}.`);
  });

  it("a rule's check applies when that rule matched: the strict lane refuses the codename with the rule's status, the default lane serves it", async () => {
    const strict = (await other.chat.completions
      .create({ model: 'triage', messages: [{ role: 'user', content: 'status of Project Falcon?' }] }, { headers: { 'x-switchyard-tags': 'lane=strict' } })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(strict.status).toBe(422);
    expect(strict.code).toBe('blocked_by_guardrail');
    expect(strict.message).toContain('no-codename-in');
    expect(upstream.requests).toHaveLength(0);
    const { response } = await other.chat.completions.create({ model: 'triage', messages: [{ role: 'user', content: 'status of Project Falcon?' }] }).withResponse();
    expect(response.status).toBe(200);
    expect(upstream.requests).toHaveLength(1);
  });

  it('route_to and warn on every client format, streamed and not', async () => {
    const anthropic = new Anthropic({ baseURL: test.url, apiKey: 'other-key-0123456789', maxRetries: 0 });
    const calls: Array<[string, (content: string) => Promise<Response>]> = [];
    for (const stream of [false, true]) {
      calls.push([`chat stream=${stream}`, async (content) => (await other.chat.completions.create({ model: 'gpt', stream, messages: [{ role: 'user', content }] }).withResponse()).response]);
      calls.push([`responses stream=${stream}`, async (content) => (await other.responses.create({ model: 'gpt', stream, input: content }).withResponse()).response]);
      calls.push([`messages stream=${stream}`, async (content) => (await anthropic.messages.create({ model: 'claude', stream, max_tokens: 20, messages: [{ role: 'user', content }] }).withResponse()).response]);
    }
    for (const [label, call] of calls) {
      upstream.reset();
      const routed = await call(`charge ${CARD}`);
      expect(routed.headers.get('x-switchyard-model'), label).toBe('onprem');
      expect(upstream.requests.map((request) => request.model), label).toEqual(['onprem-fake']);
      expect(sentText(), label).toContain('4111');
      const watched = await call('about the merger');
      expect(watched.headers.get('x-switchyard-model'), label).not.toBe('onprem');
      expect(sentText(1), label).toContain('about the merger');
      expect((await audit(watched.headers.get('x-switchyard-request-id'))).guardrails, label).toEqual([expect.objectContaining({ guardrail: 'watch-words', action: 'warn', stage: 'input', matches: 1 })]);
    }
  });
});
