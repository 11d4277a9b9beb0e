import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learnedDirectory, readActiveFile } from '../../router/learning/learned-model-files.ts';
import { createRandom } from '../../scorer/training/create-random.ts';
import { plantedRows } from './planted-traffic.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import { waitUntil } from '../support/wait-until.ts';

// Three models: big > small gets labels with a signal in the text, big > mid labels without one.
const config = `
store: { kind: memory }
providers:
  fake: { type: openai-compatible, base_url: "http://127.0.0.1:9/v1" }
models:
  big: { provider: fake, model: big, quality: 90 }
  mid: { provider: fake, model: mid, quality: 60 }
  small: { provider: fake, model: small, quality: 40 }
routers:
  smart: { strategy: smart, candidates: [big, mid, small] }
learning:
  retrain: { every: 1s, min_labels: 150, min_gain: 0.05 }
`;

describe('periodic retraining (learning.retrain)', () => {
  let test: TestGateway;
  const metrics = async () => (await fetch(`${test.url}/metrics`)).text();
  /** Labels as shadow evaluation stores them: the prompt, and the judge's score for each model. */
  const label = async (rows: ReadonlyArray<{ id: string; prompt: string; scores: Record<string, number> }>, prefix: string) => {
    const labels = test.gateway.services.labels!;
    for (const row of rows) {
      const requestId = `${prefix}-${row.id}`;
      await labels.putPrompt(requestId, row.prompt, 'smart');
      for (const [model, score] of Object.entries(row.scores)) await labels.put({ requestId, at: Date.now(), source: 'judge', model, score, rater: 'judge', router: 'smart' });
    }
  };

  beforeAll(async () => {
    test = await startTestGateway(config, { watch: true });
  });
  afterAll(() => test.close());

  it('rejects a malformed schedule at load', async () => {
    const { loadConfigText } = await import('../../router/config/load-config.ts');
    expect(() => loadConfigText(config.replace('every: 1s', 'every: daily'), '<test>', {})).toThrow(/learning\.retrain\.every: expected a duration such as 30s, 15m, 6h or 1d/);
    expect(() => loadConfigText(config.replace('every: 1s', 'every: 10ms'), '<test>', {})).toThrow(/learning\.retrain\.every: must be at least 1s/);
    expect(() => loadConfigText(config.replace('min_labels: 150', 'min_labels: 150, sometimes: true'), '<test>', {})).toThrow(/learning\.retrain/);
    expect(loadConfigText(config.replace('every: 1s', 'every: 1d'), '<test>', {}).learning.retrain).toEqual({ everyMs: 86_400_000, minLabels: 150, minGain: 0.05, maxRows: 1000 });
  });

  it('with too few new labels nothing is trained; once a pair has min_labels, the next round trains it in a worker and the guard decides', async () => {
    const directory = learnedDirectory(test.gateway.services.holder.current.config);
    await label(plantedRows(100, 1), 'first');
    expect(await test.gateway.services.retrain!.runOnce()).toEqual([
      expect.objectContaining({ pair: 'big > small', action: 'skipped', rows: 100, newLabels: 100 }),
    ]);

    // big > small: the strong model wins exactly on the hard topics, which the text names.
    await label(plantedRows(100, 2), 'second');
    // big > mid: who wins is a coin flip, nothing in the text says it — a learned model can only be worse.
    const random = createRandom(9);
    await label(plantedRows(220, 3).map((row) => ({ ...row, scores: { big: 1, mid: random.uniform() < 0.5 ? 1 : 0 } })), 'noise');

    // No call: the 1 s timer of the running gateway retrains both pairs.
    const retrained = (pair: string, text: string) => new RegExp(`switchyard_learned_router_retrains_total\\{pair="${pair}",outcome="\\w+"\\} 1`).test(text);
    await waitUntil(async () => {
      const text = await metrics();
      return retrained('big > mid', text) && retrained('big > small', text);
    }, { timeoutMs: 90_000, intervalMs: 100 });
    const text = await metrics();
    expect(text).toContain('switchyard_learned_router_retrains_total{pair="big > small",outcome="activated"} 1');
    expect(text).toContain('switchyard_learned_router_retrains_total{pair="big > mid",outcome="refused"} 1');
    const active = await readActiveFile(directory);
    expect(Object.keys(active.active)).toEqual(['big > small']);
    expect(active.history).toEqual([expect.objectContaining({ pair: 'big > small', action: 'activate' })]);
    // The hot reload: the running gateway serves the new model.
    expect(test.gateway.services.learned!.has('big', 'small')).toBe(true);
    expect(test.gateway.services.learned!.has('big', 'mid')).toBe(false);

    // Nothing new since: the next round trains nothing.
    const next = await test.gateway.services.retrain!.runOnce();
    expect(next.map((outcome) => outcome.action)).toEqual(['skipped', 'skipped']);
    expect(next.every((outcome) => outcome.newLabels === 0)).toBe(true);
  });
});
