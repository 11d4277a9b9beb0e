import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabelledRequest } from '../../router/learning/labels/label.ts';
import { hasPostgresServer, NO_POSTGRES_REASON, startPostgresServer, type TestPostgresServer } from '../support/start-postgres-server.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const KEYS = { a1: 'key-team-a-one-0001', a2: 'key-team-a-two-0002', b: 'key-team-b-0003', lone: 'key-lone-00000004' };

function configFor(store: string): string {
  return `
store: ${store}
audit: { store_prompts: true }
server:
  api_keys:
    - { key: ${KEYS.a1}, name: a1, project: team-a }
    - { key: ${KEYS.a2}, name: a2, project: team-a }
    - { key: ${KEYS.b}, name: b, project: team-b }
    - { key: ${KEYS.lone}, name: lone }
projects:
  team-a: {}
  team-b: {}
providers:
  local: { type: mock }
  down:  { type: mock, failure_rate: 1 }
models:
  echo:   { provider: local, model: mock-echo }
  broken: { provider: down, model: mock-broken }
defaults: { retries: 0 }
`;
}

type ErrorBody = { error: { code: string; message: string; param?: string | null; type: string } };

/** Runs the same suite on every store the audit log can live in. */
const stores: Array<{ name: string; skip?: string; store: (postgres: TestPostgresServer | undefined) => string; environment?: (postgres: TestPostgresServer | undefined) => Record<string, string> }> = [
  { name: 'memory', store: () => '{ kind: memory }' },
  { name: 'sqlite', store: () => '{ kind: sqlite, path: state.db }' },
  {
    name: 'postgres',
    ...(hasPostgresServer ? {} : { skip: NO_POSTGRES_REASON }),
    store: () => '{ kind: postgres, url: "${DATABASE_URL}", audit_flush_ms: 20 }',
    environment: (postgres) => ({ DATABASE_URL: postgres!.url }),
  },
];

for (const variant of stores) {
  describe.skipIf(variant.skip !== undefined)(`POST /v1/feedback on store.kind ${variant.name}${variant.skip === undefined ? '' : ` (skipped: ${variant.skip})`}`, () => {
    let postgres: TestPostgresServer | undefined;
    let test: TestGateway;

    beforeAll(async () => {
      if (variant.name === 'postgres') postgres = await startPostgresServer();
      test = await startTestGateway(configFor(variant.store(postgres)), variant.environment === undefined ? {} : { environment: variant.environment(postgres) });
    }, 60_000);
    afterAll(async () => {
      await test?.close();
      await postgres?.close();
    });

    const client = (key: string) => new OpenAI({ baseURL: `${test.url}/v1`, apiKey: key, maxRetries: 0 });
    const ask = async (key: string, content: string, model = 'echo') => {
      const { response } = await client(key).chat.completions.create({ model, messages: [{ role: 'user', content }] }).withResponse();
      return response.headers.get('x-switchyard-request-id')!;
    };
    const feedback = (key: string | undefined, body: unknown, raw?: string) =>
      fetch(`${test.url}/v1/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { authorization: `Bearer ${key}` }) },
        body: raw ?? JSON.stringify(body),
      });
    const labelsOf = async (requestId: string): Promise<LabelledRequest | undefined> => {
      for await (const request of test.gateway.services.labels!.requests()) if (request.requestId === requestId) return request;
      return undefined;
    };

    it('stores a thumbs-up and a score against the served deployment, attributed to each key; a second vote replaces the first', async () => {
      const requestId = await ask(KEYS.a1, 'What is the capital of France?');
      const up = await feedback(KEYS.a1, { request_id: requestId, thumbs: 'up', comment: 'right answer' });
      expect(up.status).toBe(200);
      expect(await up.json()).toEqual({ object: 'feedback', request_id: requestId, model: 'echo', score: 1, source: 'feedback' });
      // Another key of the same project may rate its team's traffic.
      expect((await feedback(KEYS.a2, { request_id: requestId, score: 0.3 })).status).toBe(200);
      let stored = await labelsOf(requestId);
      expect(stored?.prompt).toBe('What is the capital of France?');
      expect(stored?.labels.map(({ source, model, score, rater, caller, project, comment }) => ({ source, model, score, rater, caller, project, comment })).sort((x, y) => x.rater.localeCompare(y.rater))).toEqual([
        { source: 'feedback', model: 'echo', score: 1, rater: 'static:a1', caller: 'a1', project: 'team-a', comment: 'right answer' },
        { source: 'feedback', model: 'echo', score: 0.3, rater: 'static:a2', caller: 'a2', project: 'team-a', comment: undefined },
      ]);
      expect((await feedback(KEYS.a1, { request_id: requestId, thumbs: 'down' })).status).toBe(200);
      stored = await labelsOf(requestId);
      expect(stored?.labels.map((label) => [label.rater, label.score]).sort()).toEqual([['static:a1', 0], ['static:a2', 0.3]]);
    });

    it('answers 401 without a valid key, 404 for an unknown request, 403 for another project’s or another lone key’s request, in the OpenAI error shape', async () => {
      const requestId = await ask(KEYS.a1, 'hello');
      for (const key of [undefined, 'not-a-real-key-000']) {
        const refused = await feedback(key, { request_id: requestId, thumbs: 'up' });
        expect(refused.status).toBe(401);
        expect(((await refused.json()) as ErrorBody).error.code).toBe('unauthorized');
      }
      const unknown = await feedback(KEYS.a1, { request_id: 'no-such-request', score: 0.5 });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ error: { code: 'request_not_found', param: 'request_id', type: expect.any(String) } });
      const otherProject = await feedback(KEYS.b, { request_id: requestId, score: 0.5 });
      expect(otherProject.status).toBe(403);
      expect(((await otherProject.json()) as ErrorBody).error.code).toBe('request_not_visible');
      const lonely = await ask(KEYS.lone, 'hello from a key without a project');
      expect((await feedback(KEYS.a1, { request_id: lonely, score: 0.5 })).status).toBe(403);
      expect((await feedback(KEYS.lone, { request_id: lonely, score: 0.5 })).status).toBe(200);
      expect((await feedback(KEYS.lone, { request_id: requestId, score: 0.5 })).status).toBe(403);
      // Nothing was stored by the refused calls.
      expect((await labelsOf(requestId))?.labels ?? []).toEqual([]);
    });

    it('refuses bad bodies with 400 naming the field, and a request that no model served', async () => {
      const requestId = await ask(KEYS.a1, 'hi');
      const cases: Array<[unknown, string | undefined]> = [
        [{ request_id: requestId, score: 1.5 }, 'score'],
        [{ request_id: requestId, score: -0.1 }, 'score'],
        [{ request_id: requestId, score: '0.5' }, 'score'],
        [{ request_id: requestId, thumbs: 'sideways' }, 'thumbs'],
        [{ request_id: requestId }, 'score'],
        [{ request_id: requestId, score: 1, thumbs: 'up' }, 'thumbs'],
        [{ score: 1 }, 'request_id'],
        [{ request_id: requestId, score: 1, rating: 5 }, 'rating'],
        [{ request_id: requestId, score: 1, comment: 'x'.repeat(2001) }, 'comment'],
        [[requestId], undefined],
      ];
      for (const [body, param] of cases) {
        const refused = await feedback(KEYS.a1, body);
        expect(refused.status, JSON.stringify(body).slice(0, 80)).toBe(400);
        const answer = (await refused.json()) as ErrorBody;
        expect(answer.error.code).toBe('invalid_request');
        if (param !== undefined) expect(answer.error.param).toBe(param);
      }
      const notJson = await feedback(KEYS.a1, undefined, '{"request_id": ');
      expect(notJson.status).toBe(400);
      await expect(client(KEYS.a1).chat.completions.create({ model: 'broken', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 502 });
      const failed = (await test.gateway.services.audit!.query({ status: 'error', limit: 1 }))[0]!;
      const unserved = await feedback(KEYS.a1, { request_id: failed.requestId, thumbs: 'down' });
      expect(unserved.status).toBe(400);
      expect(((await unserved.json()) as ErrorBody).error.message).toContain('not served');
      expect((await labelsOf(requestId))?.labels ?? []).toEqual([]);
    });
  });
}
