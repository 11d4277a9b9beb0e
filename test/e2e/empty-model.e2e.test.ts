import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/**
 * An empty or absent `model` goes to the caller's project default router, else the org's
 * `default_router`; with neither, a clear 400 on `model` in the client's own format. The same in
 * the three client formats, through the official SDKs (empty) and raw bodies (absent).
 */
const FORMATS = ['openai-chat', 'anthropic-messages', 'openai-responses'] as const;
type Format = (typeof FORMATS)[number];

const PATHS: Record<Format, string> = { 'openai-chat': '/v1/chat/completions', 'anthropic-messages': '/v1/messages', 'openai-responses': '/v1/responses' };

function bodyWithout(format: Format): Record<string, unknown> {
  if (format === 'openai-chat') return { messages: [{ role: 'user', content: 'hi' }] };
  if (format === 'anthropic-messages') return { max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] };
  return { input: 'hi' };
}

type Outcome = { status: number; router: string | null; model: string | null; body: Record<string, unknown> };

async function post(gateway: TestGateway, format: Format, body: Record<string, unknown>, key?: string): Promise<Outcome> {
  const response = await fetch(`${gateway.url}${PATHS[format]}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { authorization: `Bearer ${key}` }) },
    body: JSON.stringify(body),
  });
  return { status: response.status, router: response.headers.get('x-switchyard-router'), model: response.headers.get('x-switchyard-model'), body: (await response.json()) as Record<string, unknown> };
}

/** The SDK of each format, sending `model: ""`; resolves to the deployment that served it. */
async function sdkCall(gateway: TestGateway, format: Format, key: string): Promise<string | null> {
  if (format === 'anthropic-messages') {
    const client = new Anthropic({ baseURL: gateway.url, apiKey: key, maxRetries: 0 });
    const { response } = await client.messages.create({ model: '', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    return response.headers.get('x-switchyard-model');
  }
  const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
  if (format === 'openai-chat') {
    const { response } = await client.chat.completions.create({ model: '', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    return response.headers.get('x-switchyard-model');
  }
  const { response } = await client.responses.create({ model: '', input: 'hi' }).withResponse();
  return response.headers.get('x-switchyard-model');
}

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(async () => upstream?.close());

const models = (url: string) => `
providers:
  openai-up:    { type: openai, base_url: "${url}/v1", api_key: upstream-key }
  anthropic-up: { type: anthropic, base_url: "${url}", api_key: upstream-key }
models:
  gpt:    { provider: openai-up, model: gpt-upstream }
  claude: { provider: anthropic-up, model: claude-upstream }
routers:
  org-main:  { strategy: single, target: gpt }
  team-main: { strategy: single, target: claude }
`;

describe('empty or absent model, with projects and keys', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway(`
store: { kind: memory }
server:
  api_keys:
    - { key: team-key-0123456789, name: team-app, project: team }
    - { key: plain-key-0123456789, name: plain-app, project: plain }
    - { key: narrow-key-0123456789, name: narrow-app, project: narrow }
${models(upstream.url)}
default_router: org-main
projects:
  team:   { default_router: team-main }
  plain:  {}
  narrow: { allowed: [team-main] }
`);
  });
  afterAll(async () => gateway?.close());
  afterEach(() => upstream.reset());

  it.each(FORMATS)('%s: the project default router serves an empty and an absent model; the upstream gets its model name', async (format) => {
    expect(await sdkCall(gateway, format, 'team-key-0123456789')).toBe('claude');
    const absent = await post(gateway, format, bodyWithout(format), 'team-key-0123456789');
    expect(absent).toMatchObject({ status: 200, router: 'team-main', model: 'claude' });
    expect(upstream.requests.map((request) => request.model)).toEqual(['claude-upstream', 'claude-upstream']);
  });

  it.each(FORMATS)('%s: a project without a default router gets the org default', async (format) => {
    expect(await sdkCall(gateway, format, 'plain-key-0123456789')).toBe('gpt');
    expect(await post(gateway, format, bodyWithout(format), 'plain-key-0123456789')).toMatchObject({ status: 200, router: 'org-main', model: 'gpt' });
  });

  it.each(FORMATS)('%s: the org default is checked against the project allow list (403 naming it)', async (format) => {
    const refused = await post(gateway, format, bodyWithout(format), 'narrow-key-0123456789');
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toContain("The model 'org-main' is not allowed for project 'narrow'.");
  });
});

describe('empty or absent model, without keys', () => {
  it.each(FORMATS)('%s: the org default_router serves it', async (format) => {
    const gateway = await startTestGateway(`store: { kind: memory }\n${models(upstream.url)}\ndefault_router: org-main\n`);
    try {
      expect(await post(gateway, format, bodyWithout(format))).toMatchObject({ status: 200, router: 'org-main', model: 'gpt' });
      expect(await post(gateway, format, { ...bodyWithout(format), model: '' })).toMatchObject({ status: 200, router: 'org-main', model: 'gpt' });
    } finally {
      await gateway.close();
      upstream.reset();
    }
  });

  it.each(FORMATS)('%s: with no default router anywhere, a 400 on `model` in the client format (and count_tokens too)', async (format) => {
    const gateway = await startTestGateway(`store: { kind: memory }\n${models(upstream.url)}`);
    try {
      for (const body of [bodyWithout(format), { ...bodyWithout(format), model: '' }]) {
        const refused = await post(gateway, format, body);
        expect(refused.status).toBe(400);
        const error = refused.body.error as Record<string, unknown>;
        if (format === 'anthropic-messages') expect(refused.body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
        else expect(error).toMatchObject({ code: 'invalid_request', param: 'model' });
        expect(error.message).toContain('names no `model` and no default router applies');
      }
      if (format === 'anthropic-messages') {
        const response = await fetch(`${gateway.url}/v1/messages/count_tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }) });
        expect(response.status).toBe(400);
      }
      // A model name that is simply unknown stays a 404.
      expect((await post(gateway, format, { ...bodyWithout(format), model: 'nope' })).status).toBe(404);
      expect(upstream.requests).toEqual([]);
    } finally {
      await gateway.close();
    }
  });
});
