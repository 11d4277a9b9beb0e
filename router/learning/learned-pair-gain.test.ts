import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelProfile } from '../catalog/resolve-model-profile.ts';
import { irtPairGain } from '../routing/strategies/smart-pair-gain.ts';
import { createTextTermScorer } from '../../scorer/learned/learned-gain-model.ts';
import { createRandom } from '../../scorer/training/create-random.ts';
import { learnedPairGain } from './learned-pair-gain.ts';
import { pairKey, updateActiveFile, writeLearnedModel } from './learned-model-files.ts';
import { LearnedRouters } from './learned-routers.ts';
import { trainLearnedRouter } from '././training/train-learned-router.ts';

const profile = (name: string, ability: number) => ({ name, ability }) as ModelProfile;
const big = profile('big', 2);
const small = profile('small', 0);

describe('learnedPairGain (the smart router seam)', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-pair-gain-'));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('is the IRT gain until a learned model is active for the pair, then the learned one, by the prompt text', async () => {
    const routers = new LearnedRouters(directory);
    const pairGain = learnedPairGain(() => routers, irtPairGain);
    const hardPrompt = { logit: 1, slope: 1, task: () => 'help me with a stochastic integral, music aside' };
    const easyPrompt = { logit: 1, slope: 1, task: () => 'help me with gardening, music aside' };
    expect(pairGain.name).toBe('irt');
    expect(pairGain.gain(big, small, hardPrompt)).toBe(irtPairGain.gain(big, small, hardPrompt));
    expect(pairGain.gain(big, small, easyPrompt)).toBe(pairGain.gain(big, small, hardPrompt));

    const random = createRandom(2);
    const rows = Array.from({ length: 120 }, (_, index) => {
      const hard = random.uniform() < 0.35;
      return { prompt: `help me (${index}) with ${hard ? 'a stochastic integral' : 'gardening'}, music aside`, strongQuality: 1, weakQuality: hard ? 0 : 1, shipped: { logit: random.normal(), inputTokens: 12 } };
    });
    const { model } = trainLearnedRouter(rows, { strongModel: 'big', weakModel: 'small', currentScore: (shipped) => shipped.logit, resamples: 50 });
    const { name } = await writeLearnedModel(directory, model, { createdAt: 'now', training: { source: 't', rows: 120, penalty: 1, leaveOneOutError: 0, features: 'f' }, outOfFold: {}, guard: { activate: true, gain: 0.1, minGain: 0.02, reason: 'r' } }, () => 'card');
    await updateActiveFile(directory, () => ({ version: 1, active: { [pairKey('big', 'small')]: name }, history: [] }));
    await routers.load();

    expect(pairGain.name).toBe('learned@1');
    expect(pairGain.gain(big, small, hardPrompt) - pairGain.gain(big, small, easyPrompt)).toBeGreaterThan(0.3);
    // The n-gram half from the scorer's worker, for the active version, is used as given; a term
    // for another version (a worker holding an older set) is not, and the text is scored here.
    const here = pairGain.gain(big, small, hardPrompt);
    const textTerm = createTextTermScorer(model)(hardPrompt.task());
    expect(pairGain.gain(big, small, { ...hardPrompt, learnedText: { [name]: textTerm } })).toBeCloseTo(here, 6);
    expect(pairGain.gain(big, small, { ...hardPrompt, learnedText: { [name]: textTerm + 1 } })).toBeCloseTo(here + 1, 6);
    expect(pairGain.gain(big, small, { ...hardPrompt, learnedText: { 'older-version': textTerm + 1 } })).toBe(here);
    expect(routers.textModels()).toEqual([{ key: name, model: expect.objectContaining({ strongModel: 'big', weakModel: 'small' }) }]);
    // Another pair, or a prompt without text (the reference mix), keeps the IRT gain.
    expect(pairGain.gain(small, big, hardPrompt)).toBe(irtPairGain.gain(small, big, hardPrompt));
    expect(pairGain.gain(big, small, { logit: 1, slope: 1 })).toBe(irtPairGain.gain(big, small, { logit: 1, slope: 1 }));
  });
});
