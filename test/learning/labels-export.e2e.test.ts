import { readFile, writeFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseRoutingFile } from '../../datasets/parse-routing-file.ts';
import { main } from '../../router/cli/main.ts';
import { loadConfigFile } from '../../router/config/load-config.ts';
import { readLabelRows, type LabelRow } from '../../router/learning/labels/label-rows.ts';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.ts';
import { hasPostgresServer, NO_POSTGRES_REASON, startPostgresServer, type TestPostgresServer } from '../support/start-postgres-server.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import { startFakeJudge, type FakeJudge } from './fake-judge-upstream.ts';
import { shadowProvidersAndModels } from './shadow-providers-and-models.ts';

function configFor(upstream: FakeUpstream, judge: FakeJudge, store = '{ kind: sqlite, path: state.db }'): string {
  return `
store: ${store}
scorer: { pool_size: 1, timeout_ms: 2000 }
${shadowProvidersAndModels(upstream, judge)}
routers:
  smart:
    strategy: smart
    axis: quality
    candidates: [weak, strong]
    shadow: { fraction: 1, judge: judge, daily_budget_usd: 10, concurrency: 4, store_prompts: true }
  plain: { strategy: single, target: weak }
`;
}

/** Runs the CLI in this process; returns its exit code and what it wrote to stderr. */
async function runCli(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const stderr: string[] = [];
  const stdout: string[] = [];
  const errorSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
  try {
    return { code: await main(args), stderr: stderr.join(''), stdout: stdout.join('') };
  } finally {
    errorSpy.mockRestore();
    outSpy.mockRestore();
  }
}

const PROMPTS = Array.from({ length: 40 }, (_, index) =>
  index % 2 === 0 ? `Question ${index}: explain the medium of exchange in a barter economy, with examples.` : `Question ${index}: list three prime numbers above ${index * 10}.`,
);

describe('switchyard labels export', () => {
  let upstream: FakeUpstream;
  let judge: FakeJudge;
  let test: TestGateway;
  let feedbackRequest: string;
  /** The deployment that served the request the client gave feedback on (the smart router chose it). */
  let feedbackModel: 'strong' | 'weak';
  let plainRequest: string;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    judge = await startFakeJudge();
    upstream.setBehaviorFor('strong-model', { kind: 'ok', text: 'the strong answer' });
    // The weak model echoes the prompt: the fake judge grades it 5 when the prompt says "medium", else 2.
    test = await startTestGateway(configFor(upstream, judge));
    for (const [index, content] of PROMPTS.entries()) {
      const { response } = await test.openai.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content }] }).withResponse();
      if (index === 3) {
        feedbackRequest = response.headers.get('x-switchyard-request-id')!;
        feedbackModel = response.headers.get('x-switchyard-model') as 'strong' | 'weak';
      }
      await test.gateway.services.shadow!.settled();
    }
    const { response } = await test.openai.chat.completions.create({ model: 'plain', messages: [{ role: 'user', content: 'not shadowed' }] }).withResponse();
    plainRequest = response.headers.get('x-switchyard-request-id')!;
    for (const [requestId, score] of [[feedbackRequest, 0.1], [plainRequest, 1]] as const) {
      const answer = await fetch(`${test.url}/v1/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ request_id: requestId, score }) });
      expect(answer.status).toBe(200);
    }
  }, 120_000);
  afterAll(async () => {
    await test?.close();
    await upstream.close();
    await judge.close();
  });

  it('writes every shadow-labelled prompt as a row of the datasets schema that bench accuracy --file replays', async () => {
    const out = join(dirname(test.configFile), 'labels.jsonl');
    const exported = await runCli(['labels', 'export', '--config', test.configFile, '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    // The feedback on a request of the plain router has no stored prompt (audit.store_prompts is off).
    expect(exported.stderr).toContain('40 rows (models strong, weak)');
    expect(exported.stderr).toContain('1 labelled requests without a stored prompt');

    const file = parseRoutingFile(await readFile(out, 'utf8'), out);
    expect(file.models).toEqual(['strong', 'weak']);
    expect(file.hasCosts).toBe(true);
    expect(file.rows.map((row) => row.prompt).sort()).toEqual([...PROMPTS].sort());
    for (const row of file.rows) {
      const index = PROMPTS.indexOf(row.prompt);
      // The judge's grades (strong 0.9; weak 0.5 or 0.2), and on the request with feedback the served model's mean with the client's 0.1.
      const judged = { strong: 0.9, weak: index % 2 === 0 ? 0.5 : 0.2 };
      if (index === 3) judged[feedbackModel] = (judged[feedbackModel] + 0.1) / 2;
      expect(Object.keys(row.scores).sort()).toEqual(['strong', 'weak']);
      expect(row.scores.strong, row.prompt).toBeCloseTo(judged.strong, 10);
      expect(row.scores.weak, row.prompt).toBeCloseTo(judged.weak, 10);
      expect(row.source).toBe('smart');
      expect(row.costs!.strong).toBeGreaterThan(row.costs!.weak!);
    }
    const judgeOnly = await runCli(['labels', 'export', '--config', test.configFile, '--source', 'judge']);
    expect(judgeOnly.code).toBe(0);
    const judgeRows = judgeOnly.stdout.trim().split('\n').map((line) => JSON.parse(line) as LabelRow);
    expect(judgeRows.find((row) => row.prompt === PROMPTS[3])?.scores).toEqual({ strong: 0.9, weak: 0.2 });

    const bench = await runCli(['bench', 'accuracy', '--file', out, '--resamples', '50']);
    expect(bench.code, bench.stderr).toBe(0);
    expect(bench.stdout).toContain(`# Routing accuracy on ${out}`);
    expect(bench.stdout).toContain('40 of 40 rows evaluated');
  }, 120_000);

  it('gives train --from-labels the same rows through readLabelRows', async () => {
    const config = await loadConfigFile(test.configFile, {});
    const rows: LabelRow[] = [];
    for await (const row of readLabelRows(config)) rows.push(row);
    expect(rows).toHaveLength(40);
    const file = parseRoutingFile(rows.map((row) => JSON.stringify(row)).join('\n'), 'labels');
    expect(file.models).toEqual(['strong', 'weak']);
    const feedbackOnly: LabelRow[] = [];
    for await (const row of readLabelRows(config, { sources: ['feedback'], models: ['strong', 'weak'] })) feedbackOnly.push(row);
    expect(feedbackOnly).toEqual([]);
  });

  it('says why when there is nothing to export, and refuses a memory store', async () => {
    const none = await runCli(['labels', 'export', '--config', test.configFile, '--models', 'strong,judge']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no rows to export for models strong, judge');
    expect(none.stderr).toContain('40 not scoring every model');
    expect((await runCli(['labels', 'export', '--config', test.configFile, '--source', 'thumbs'])).code).toBe(1);
    expect((await runCli(['labels', 'export', '--config', test.configFile, '--models', 'strong'])).code).toBe(1);
    const memoryConfig = join(dirname(test.configFile), 'memory.yaml');
    await writeFile(memoryConfig, configFor(upstream, judge, '{ kind: memory }'));
    const memory = await runCli(['labels', 'export', '--config', memoryConfig]);
    expect(memory.code).toBe(1);
    expect(memory.stderr).toContain('store.kind is memory');
  });
});

describe.skipIf(!hasPostgresServer)(`labels on store.kind postgres${hasPostgresServer ? '' : ` (skipped: ${NO_POSTGRES_REASON})`}`, () => {
  let postgres: TestPostgresServer;
  let upstream: FakeUpstream;
  let judge: FakeJudge;
  let test: TestGateway;

  beforeAll(async () => {
    postgres = await startPostgresServer();
    upstream = await startFakeUpstream();
    judge = await startFakeJudge();
    upstream.setBehaviorFor('strong-model', { kind: 'ok', text: 'the strong answer' });
    test = await startTestGateway(configFor(upstream, judge, '{ kind: postgres, url: "${DATABASE_URL}", audit_flush_ms: 20 }'), { environment: { DATABASE_URL: postgres.url } });
  }, 60_000);
  afterAll(async () => {
    await test?.close();
    await upstream?.close();
    await judge?.close();
    await postgres?.close();
  });

  it('stores shadow labels and prompts in the shared database, and the CLI exports them from there', async () => {
    for (const content of PROMPTS.slice(0, 3)) {
      await test.openai.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content }] });
      await test.gateway.services.shadow!.settled();
    }
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = postgres.url;
    try {
      const exported = await runCli(['labels', 'export', '--config', test.configFile]);
      expect(exported.code, exported.stderr).toBe(0);
      const file = parseRoutingFile(exported.stdout, 'stdout');
      expect(file.rows.map((row) => row.prompt).sort()).toEqual(PROMPTS.slice(0, 3).sort());
      expect(file.rows.map((row) => row.scores)).toContainEqual({ strong: 0.9, weak: 0.5 });
      expect(file.hasCosts).toBe(true);
      // The password never reaches the output.
      expect(exported.stderr + exported.stdout).not.toContain(postgres.password);
    } finally {
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
    }
  });
});
