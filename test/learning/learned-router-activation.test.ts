import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRoutingFile } from '../../datasets/parse-routing-file.ts';
import { learnedDirectory, readActiveFile } from '../../router/learning/learned-model-files.ts';
import { trainFromRows } from '../../router/learning/training/train-from-rows.ts';
import type { ShippedScore } from '../../router/learning/training/train-current-router.ts';
import { learnedRouterConfig, noiseScores, plantedRows } from './planted-traffic.ts';
import type { LabelledPrompt } from '../../router/learning/training/train-learned-router.ts';
import { createRandom } from '../../scorer/training/create-random.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import { waitUntil } from '../support/wait-until.ts';

const config = learnedRouterConfig('memory');

describe('learned router: activation by hot reload, and rollback', () => {
  let test: TestGateway;
  let directory: string;
  beforeAll(async () => {
    // watch: true — activation must reach the running gateway through its file watch, no reload call.
    test = await startTestGateway(config, { watch: true });
    directory = learnedDirectory(test.gateway.services.holder.current.config);
  });
  afterAll(() => test.close());

  it('a model the guard accepts serves the running gateway on its next request, without a restart', async () => {
    const learned = test.gateway.services.learned!;
    expect(learned.status()).toEqual([]);
    const file = parseRoutingFile(plantedRows(160, 1).map((row) => JSON.stringify(row)).join('\n'), 'labels.jsonl');
    const result = await trainFromRows({ file, source: 'labels.jsonl', strongModel: 'big', weakModel: 'small', directory, scoreShipped: noiseScores(2), resamples: 100 });
    expect(result.decision.activate).toBe(true);
    expect(result.activated).toBe(true);
    // The card and manifest sit beside the weights.
    const card = await readFile(`${directory}/${result.written}/model-card.md`, 'utf8');
    expect(card).toContain('# Learned gain model: big vs small');
    expect(card).toContain(result.decision.reason);

    await waitUntil(() => learned.has('big', 'small'));
    expect(test.gateway.services.holder.generation).toBe(1);
    const [status] = learned.status();
    expect(status).toMatchObject({ pair: 'big > small', directory: result.written, rows: 160 });
    const text = (topic: string) => ({ text: `Request 1: help me with ${topic}, music aside.`, prior: 0, logit: 0, inputTokens: 12 });
    expect(learned.gain('big', 'small', text('stochastic integral'))! - learned.gain('big', 'small', text('gardening'))!).toBeGreaterThan(0.25);
    // The scorer's workers now compute the active model's n-gram half with every score.
    const scorer = test.gateway.services.scorer!;
    const rated = 'Request 2: help me with a stochastic integral, music aside.';
    let inWorker: number | undefined;
    await waitUntil(async () => {
      const scored = await scorer.score(rated);
      inWorker = scored.ok ? scored.learnedText?.[result.written] : undefined;
      return inWorker !== undefined;
    });
    const input = { text: rated, prior: 0.1, logit: 0.2, inputTokens: 14 };
    expect(learned.gain('big', 'small', input, { [result.written]: inWorker! })).toBeCloseTo(learned.gain('big', 'small', input)!, 6);
    const metrics = await (await fetch(`${test.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`switchyard_learned_router_active\\{pair="big > small",sha256="${status!.sha256.slice(0, 12)}"\\} 1`));
  });

  it('a model the guard refuses is written but does not replace the active one', async () => {
    const before = await readActiveFile(directory);
    // Labels with no signal in the text: the learned router cannot beat the current one by 0.02.
    const random = createRandom(5);
    const noise = plantedRows(120, 6).map((row) => ({ ...row, scores: { big: 1, small: random.uniform() < 0.5 ? 1 : 0 } }));
    const file = parseRoutingFile(noise.map((row) => JSON.stringify(row)).join('\n'), 'noise.jsonl');
    const result = await trainFromRows({ file, source: 'noise.jsonl', strongModel: 'big', weakModel: 'small', directory, scoreShipped: noiseScores(7), resamples: 100, guard: { minGain: 0.1, minRows: 40, minLowerBound: Number.NEGATIVE_INFINITY } });
    expect(result.activated).toBe(false);
    expect(result.decision.reason).toMatch(/^not swapped: /);
    expect(await readActiveFile(directory)).toEqual(before);
  });

  it('fresh labels on which the learned router loses roll it back: active.json, the running gateway, a metric and an alert', async () => {
    const { learned, rollback, alerts } = test.gateway.services;
    expect(learned!.has('big', 'small')).toBe(true);
    const toLabelled = (list: ReturnType<typeof plantedRows>, shipped: ShippedScore[]): LabelledPrompt[] =>
      list.map((row, index) => ({ prompt: row.prompt, strongQuality: row.scores.big, weakQuality: row.scores.small, shipped: shipped[index]! }));

    // Fresh labels like the training ones: the learned router keeps winning, nothing changes.
    const same = plantedRows(120, 11);
    const kept = await rollback!.evaluate('big', 'small', toLabelled(same, await noiseScores(12)(same.map((row) => row.prompt))));
    expect(kept.action).toBe('keep');
    expect(learned!.has('big', 'small')).toBe(true);

    const alertsBefore = alerts!.counts.sent;
    const changed = plantedRows(120, 13, true);
    const verdict = await rollback!.evaluate('big', 'small', toLabelled(changed, await noiseScores(14)(changed.map((row) => row.prompt))));
    expect(verdict.action).toBe('rollback');
    expect(verdict.reason).toMatch(/^rolled back: on 120 fresh labels the learned router's APGR is 0\.\d+ vs the current router's/);
    expect(learned!.has('big', 'small')).toBe(false);
    const active = await readActiveFile(directory);
    expect(active.active).toEqual({});
    expect(active.history.map((entry) => entry.action)).toEqual(['activate', 'rollback']);
    expect(alerts!.counts.sent).toBe(alertsBefore + 1);
    const metrics = await (await fetch(`${test.url}/metrics`)).text();
    expect(metrics).toContain('switchyard_learned_router_rollbacks_total{pair="big > small"} 1');
    expect(metrics).not.toMatch(/switchyard_learned_router_active\{pair="big > small"/);
  });

  it('a broken active.json leaves the current set serving and is counted', async () => {
    const learned = test.gateway.services.learned!;
    const generation = learned.generation;
    await writeFile(`${directory}/active.json`, '{ not json');
    const result = await learned.load();
    expect(result.ok).toBe(false);
    expect(learned.generation).toBe(generation);
    const metrics = await (await fetch(`${test.url}/metrics`)).text();
    expect(metrics).toMatch(/switchyard_learned_router_reloads_total\{outcome="failed"\} [1-9]/);
  });
});
