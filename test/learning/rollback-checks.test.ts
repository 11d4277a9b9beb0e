import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRoutingFile } from '../../datasets/parse-routing-file.ts';
import { learnedDirectory, readActiveFile } from '../../router/learning/learned-model-files.ts';
import { trainFromRows } from '../../router/learning/training/train-from-rows.ts';
import { learnedRouterConfig, noiseScores, plantedRows } from './planted-traffic.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const config = learnedRouterConfig('sqlite');

describe('learned routers are judged on the labels that arrive after their activation, and rolled back by the gateway itself', () => {
  let test: TestGateway;
  beforeAll(async () => {
    test = await startTestGateway(config);
  });
  afterAll(() => test.close());

  const check = async () => {
    const response = await fetch(`${test.url}/admin/learned/check`, { method: 'POST' });
    expect(response.status).toBe(200);
    return ((await response.json()) as { verdicts: Array<{ pair: string; action: string; reason: string }> }).verdicts;
  };
  /** Labels as shadow evaluation stores them: the prompt, and the judge's score for each model. */
  const label = async (list: ReturnType<typeof plantedRows>, at: number, prefix: string) => {
    const labels = test.gateway.services.labels!;
    for (const row of list) {
      const requestId = `${prefix}-${row.id}`;
      await labels.putPrompt(requestId, row.prompt, 'smart');
      for (const model of ['big', 'small'] as const) await labels.put({ requestId, at, source: 'judge', model, score: row.scores[model], rater: 'judge', router: 'smart' });
    }
  };

  it('nothing active: nothing to judge', async () => {
    expect(await check()).toEqual([]);
  });

  it('labels older than the activation are not fresh; fresh ones on which the learned router loses roll it back', async () => {
    const directory = learnedDirectory(test.gateway.services.holder.current.config);
    // Traffic that changed before the model was trained: those labels must not count against it.
    await label(plantedRows(150, 21, true), Date.now() - 60_000, 'old');
    const file = parseRoutingFile(plantedRows(160, 1).map((row) => JSON.stringify(row)).join('\n'), 'labels.jsonl');
    const trained = await trainFromRows({ file, source: 'labels.jsonl', strongModel: 'big', weakModel: 'small', directory, scoreShipped: noiseScores(2), resamples: 100 });
    expect(trained.activated).toBe(true);
    await test.gateway.services.learned!.load();
    expect(test.gateway.services.learned!.has('big', 'small')).toBe(true);

    const [untouched] = await check();
    expect(untouched).toMatchObject({ pair: 'big > small', action: 'none' });
    expect(untouched!.reason).toMatch(/0 fresh labels|fewer than|need/);

    await label(plantedRows(120, 13, true), Date.now() + 1, 'fresh');
    const [verdict] = await check();
    expect(verdict).toMatchObject({ pair: 'big > small', action: 'rollback' });
    expect(verdict!.reason).toMatch(/^rolled back: on 120 fresh labels/);
    expect(test.gateway.services.learned!.has('big', 'small')).toBe(false);
    expect((await readActiveFile(directory)).history.map((entry) => entry.action)).toEqual(['activate', 'rollback']);
    const metrics = await (await fetch(`${test.url}/metrics`)).text();
    expect(metrics).toContain('switchyard_learned_router_rollbacks_total{pair="big > small"} 1');
    expect(await check()).toEqual([]);
  });
});
