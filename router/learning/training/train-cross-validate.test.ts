import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../scorer/training/create-random.ts';
import { outOfFoldGains } from './train-cross-validate.ts';
import { buildGainDesign } from './train-gain-model.ts';

describe('outOfFoldGains', () => {
  const random = createRandom(3);
  const design = buildGainDesign(
    Array.from({ length: 60 }, (_, index) => {
      const hard = random.uniform() < 0.4;
      return { text: `prompt ${index} about ${hard ? 'a stochastic integral' : 'the weather'}`, prior: random.normal(), logit: random.normal(), inputTokens: 10, gain: hard ? 1 : 0 };
    }),
  );
  const pair = { strongModel: 'big', weakModel: 'small' };

  it('with repeats, each row is the mean of its out-of-fold predictions over that many fold assignments', () => {
    const single = [1, 2, 3].map((seed) => outOfFoldGains(design, pair, { folds: 5, seed }));
    const repeated = outOfFoldGains(design, pair, { folds: 5, seed: 1, repeats: 3 });
    expect(outOfFoldGains(design, pair, { folds: 5, seed: 1, repeats: 1 })).toEqual(single[0]);
    expect(single[0]).not.toEqual(single[1]);
    for (let row = 0; row < repeated.length; row += 1) expect(repeated[row]).toBeCloseTo((single[0]![row]! + single[1]![row]! + single[2]![row]!) / 3, 10);
  });
});
