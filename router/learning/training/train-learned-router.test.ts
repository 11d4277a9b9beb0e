import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../scorer/training/create-random.ts';
import { createGainPredictor } from '../../../scorer/learned/learned-gain-model.ts';
import { decideActivation, defaultGuardSettings } from './guard-decide-activation.ts';
import { trainLearnedRouter, type LabelledPrompt } from './train-learned-router.ts';

const topics = ['weather', 'recipes', 'travel', 'music', 'gardening', 'movies', 'sports', 'history'];
const hardTopics = ['eigenvalue proof', 'recursive descent parser', 'stochastic integral'];

/**
 * Prompts on everyday topics (the weak model is as good) and on a few hard ones (only the strong
 * model gets them right), in random order, lengths unrelated to the label. `shipped` is what the
 * shipped scorer says: noise here, so the current router is random.
 */
function plantedRows(count: number, seed: number): { rows: LabelledPrompt[]; hard: boolean[] } {
  const random = createRandom(seed);
  const rows: LabelledPrompt[] = [];
  const hard: boolean[] = [];
  for (let index = 0; index < count; index += 1) {
    const isHard = random.uniform() < 0.3;
    const topic = isHard ? hardTopics[random.integer(hardTopics.length)]! : topics[random.integer(topics.length)]!;
    const filler = Array.from({ length: 1 + random.integer(12) }, () => topics[random.integer(topics.length)]).join(' ');
    rows.push({
      prompt: `Question ${index}: tell me about ${topic}. Context: ${filler}.`,
      strongQuality: 1,
      weakQuality: isHard ? (random.uniform() < 0.9 ? 0 : 1) : random.uniform() < 0.9 ? 1 : 0,
      shipped: { logit: random.normal(), inputTokens: 10 + random.integer(40) },
    });
    hard.push(isHard);
  }
  return { rows, hard };
}

describe('trainLearnedRouter', () => {
  it('recovers a planted per-prompt gain signal and the guard activates it', () => {
    const { rows } = plantedRows(160, 3);
    const training = trainLearnedRouter(rows, { strongModel: 'strong', weakModel: 'weak', currentScore: (shipped) => shipped.logit, resamples: 200 });
    const { apgr } = training.comparison;
    expect(apgr.learned!.estimate).toBeGreaterThan(0.75);
    expect(apgr.current!.estimate).toBeLessThan(0.65);
    expect(training.comparison.versusBaseline.learned!.lower).toBeGreaterThan(0);
    expect(training.decision.activate).toBe(true);
    expect(training.decision.reason).toMatch(/^activated: out-of-fold APGR/);

    // The stored model, scoring fresh prompts from their text alone, puts the hard ones first.
    const predict = createGainPredictor(training.model);
    const fresh = plantedRows(60, 99);
    const predictions = fresh.rows.map((row) => predict({ text: row.prompt, prior: row.shipped.logit, logit: row.shipped.logit, inputTokens: row.shipped.inputTokens }));
    const hardMean = predictions.filter((_, index) => fresh.hard[index]).reduce((sum, value, _, all) => sum + value / all.length, 0);
    const easyMean = predictions.filter((_, index) => !fresh.hard[index]).reduce((sum, value, _, all) => sum + value / all.length, 0);
    expect(hardMean - easyMean).toBeGreaterThan(0.4);
    expect(training.model.penalty).toBeGreaterThan(0);
  });

  it('the guard refuses a learned router that does not beat the current one', () => {
    const { rows, hard } = plantedRows(160, 5);
    // The current router already knows which prompts are hard; text carries no extra signal.
    const known = rows.map((row, index) => ({ ...row, shipped: { ...row.shipped, logit: hard[index] ? 2 : -2 } }));
    const training = trainLearnedRouter(known, {
      strongModel: 'strong',
      weakModel: 'weak',
      currentScore: (shipped) => shipped.logit,
      resamples: 200,
    });
    expect(training.comparison.apgr.current!.estimate).toBeGreaterThan(0.75);
    expect(training.decision.activate).toBe(false);
    expect(training.decision.gain).toBeLessThan(0.02);
    expect(training.decision.reason).toMatch(/^not swapped: .*requires a gain of at least 0\.020/);
  });

  it('the guard needs enough labels', () => {
    const { rows } = plantedRows(60, 8);
    const training = trainLearnedRouter(rows, { strongModel: 'strong', weakModel: 'weak', currentScore: (shipped) => shipped.logit, resamples: 50 });
    expect(training.decision.activate).toBe(false);
    expect(training.decision.reason).toMatch(/60 labelled rows, fewer than the 100/);
  });

  it('the stricter guard refuses a gain its bootstrap interval cannot tell from noise; the default decides on the point estimate', () => {
    const comparison = {
      baseline: 'current',
      rows: 80,
      apgr: { learned: { estimate: 0.6, lower: 0.5, upper: 0.7 }, current: { estimate: 0.55, lower: 0.45, upper: 0.65 } },
      versusBaseline: { learned: { estimate: 0.05, lower: -0.01, upper: 0.11 } },
    };
    const strictSettings = { ...defaultGuardSettings, minRows: 40, minLowerBound: 0 };
    const strict = decideActivation(comparison, 'learned', strictSettings);
    expect(strict.activate).toBe(false);
    expect(strict.reason).toMatch(/reaches down to -0\.010, not above 0\.000: on these labels the gain cannot be told from noise/);
    expect(decideActivation({ ...comparison, versusBaseline: { learned: { estimate: 0.05, lower: 0.01, upper: 0.11 } } }, 'learned', strictSettings).activate).toBe(true);
    // The default: the point estimate decides, on at least 100 labels.
    expect(decideActivation(comparison, 'learned').reason).toMatch(/80 labelled rows, fewer than the 100/);
    expect(decideActivation({ ...comparison, rows: 120 }, 'learned').activate).toBe(true);
  });
});
