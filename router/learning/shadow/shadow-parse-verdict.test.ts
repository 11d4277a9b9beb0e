import { describe, expect, it } from 'vitest';
import { parseJudgeVerdict } from './shadow-parse-verdict.ts';

describe('parseJudgeVerdict', () => {
  it('reads the first JSON object of grades 0-10, in prose or a code fence, as scores / 10', () => {
    expect(parseJudgeVerdict('{"A": 7, "B": 3}', ['A', 'B'])).toEqual(new Map([['A', 0.7], ['B', 0.3]]));
    expect(parseJudgeVerdict('Grades:\n```json\n{"B": 10, "A": 0}\n```\nDone.', ['A', 'B'])).toEqual(new Map([['A', 0], ['B', 1]]));
    expect(parseJudgeVerdict('Set {x} aside. {"A": 5.5, "B": 2}', ['A', 'B'])).toBeUndefined();
    expect(parseJudgeVerdict('{"A": 8, "B": 2, "C": 4}', ['A', 'B'])).toEqual(new Map([['A', 0.8], ['B', 0.2]]));
  });

  it('refuses a reply without a valid grade for every letter', () => {
    for (const reply of ['no verdict here', '{"A": 7}', '{"A": 11, "B": 3}', '{"A": -1, "B": 3}', '{"A": "7", "B": 3}', '[7, 3]', '{"A": 7, "B": 3']) {
      expect(parseJudgeVerdict(reply, ['A', 'B']), reply).toBeUndefined();
    }
  });
});
