import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth } from './exceeds-json-depth.ts';

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('exceedsJsonDepth', () => {
  it('counts objects and arrays together, up to and past the limit', () => {
    expect(exceedsJsonDepth(nested(3), 3)).toBe(false);
    expect(exceedsJsonDepth(nested(4), 3)).toBe(true);
    expect(exceedsJsonDepth('{"a":[{"b":{}}]}', 4)).toBe(false);
    expect(exceedsJsonDepth('{"a":[{"b":{}}]}', 3)).toBe(true);
    expect(exceedsJsonDepth('[[],[],[],[]]', 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(JSON.stringify({ text: '[[[[[{{{{{' }), 1)).toBe(false);
    expect(exceedsJsonDepth(JSON.stringify({ text: 'say \\"[[[[\\" and "{{{{"' }), 1)).toBe(false);
    expect(exceedsJsonDepth(JSON.stringify({ text: 'ends in a backslash \\' , more: [[[]]] }), 3)).toBe(true);
    expect(exceedsJsonDepth(JSON.stringify({ text: 'ends in a backslash \\' , more: [[[]]] }), 4)).toBe(false);
  });

  it('a body of 10,000 levels is found, and text that is not JSON gets an answer', () => {
    expect(exceedsJsonDepth(`{"tools":[{"parameters":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}]}`, 128)).toBe(true);
    expect(exceedsJsonDepth('{"unterminated": "[[[[', 1)).toBe(false);
    expect(exceedsJsonDepth('', 1)).toBe(false);
  });
});
