import { describe, expect, it } from 'vitest';
import { parseRoutingFile } from './parse-routing-file.ts';

const row = (id: string, extra: Record<string, unknown> = {}) => ({ id, source: 'mine', prompt: `prompt ${id}`, scores: { big: 1, small: 0 }, ...extra });
const lines = (...rows: unknown[]) => rows.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join('\n');

describe('parseRoutingFile', () => {
  it('reads any model names, in first-row order, with or without costs', () => {
    const plain = parseRoutingFile(lines(row('1'), '', row('2', { contaminated: true })), 'f.jsonl');
    expect(plain.models).toEqual(['big', 'small']);
    expect(plain.hasCosts).toBe(false);
    expect(plain.rows.map((value) => [value.id, value.contaminated])).toEqual([['1', false], ['2', true]]);
    const costed = parseRoutingFile(lines(row('1', { costs: { big: 0.01, small: 0.001 } })), 'f.jsonl');
    expect(costed.hasCosts).toBe(true);
    expect(costed.rows[0]!.costs).toEqual({ big: 0.01, small: 0.001 });
  });

  it('requires a complete matrix: the first row fixes the models', () => {
    expect(() => parseRoutingFile(lines(row('1'), row('2', { scores: { big: 1 } })), 'f.jsonl')).toThrow('f.jsonl:2: scores: missing model(s) small (the first row names big, small)');
    expect(() => parseRoutingFile(lines(row('1'), row('2', { scores: { big: 1, small: 0, other: 1 } })), 'f.jsonl')).toThrow('f.jsonl:2: scores: model(s) other not in the first row');
    expect(() => parseRoutingFile(lines(row('1', { scores: { big: 1 } })), 'f.jsonl')).toThrow('f.jsonl:1: scores: routing needs at least two models');
  });

  it('requires costs on every row or on none, for every model', () => {
    expect(() => parseRoutingFile(lines(row('1', { costs: { big: 1, small: 1 } }), row('2')), 'f.jsonl')).toThrow('f.jsonl:2: costs: missing (the first row has costs, so every row needs them)');
    expect(() => parseRoutingFile(lines(row('1'), row('2', { costs: { big: 1, small: 1 } })), 'f.jsonl')).toThrow('f.jsonl:2: costs: present, but the first row has none');
    expect(() => parseRoutingFile(lines(row('1', { costs: { big: 1 } })), 'f.jsonl')).toThrow('f.jsonl:1: costs: missing model(s) small');
  });

  it('names the line of invalid JSON, a bad field and a duplicate id; rejects an empty file', () => {
    expect(() => parseRoutingFile(lines(row('1'), '{"id":'), 'f.jsonl')).toThrow(/^f\.jsonl:2: invalid JSON/);
    expect(() => parseRoutingFile(lines(row('1', { scores: { big: 2, small: 0 } })), 'f.jsonl')).toThrow('f.jsonl:1: scores.big: score 2 is outside [0, 1]');
    expect(() => parseRoutingFile(lines(row('1'), row('1')), 'f.jsonl')).toThrow('f.jsonl:2: id: duplicate id "1"');
    expect(() => parseRoutingFile('\n\n', 'f.jsonl')).toThrow('f.jsonl: no rows');
  });

  it('ignores fields routing does not read, whatever their type (a label store\'s columns, raw judge ratings as numbers)', () => {
    const extra = { latency_ms: 12, raw_judge_scores_1to10: { big: 7, small: 3 }, messages: 'not an array', split: 'holdout', request_id: 'abc' };
    const parsed = parseRoutingFile(lines(row('1', extra), row('2', { judge: { name: 'j', weight: 1 } })), 'f.jsonl');
    expect(parsed.rows.map((value) => value.id)).toEqual(['1', '2']);
    expect(parsed.rows[0]).toEqual({ id: '1', source: 'mine', prompt: 'prompt 1', scores: { big: 1, small: 0 }, costs: undefined, contaminated: false });
    // The fields it does read are still checked.
    expect(() => parseRoutingFile(lines(row('1', { contaminated: 1 })), 'f.jsonl')).toThrow(/^f\.jsonl:1: contaminated: /);
  });
});
