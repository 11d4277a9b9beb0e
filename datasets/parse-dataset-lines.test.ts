import { describe, expect, it } from 'vitest';
import { assignSplit } from './assign-split.ts';
import { datasetRegistry } from './dataset-registry.ts';
import { parseDatasetLines } from './parse-dataset-lines.ts';

const entry = datasetRegistry.routellm_gpt4_vs_mixtral;
const good = { id: 'gsm8k/1', source: 'gsm8k', prompt: 'What is 2 + 2?', scores: { 'gpt-4-1106-preview': 1, 'mistralai/Mixtral-8x7B-Instruct-v0.1': 0 }, contaminated: false };
const lines = (...rows: unknown[]) => rows.map((row) => (typeof row === 'string' ? row : JSON.stringify(row))).join('\n');

describe('parseDatasetLines', () => {
  it('parses valid lines and assigns the hashed split', () => {
    const rows = parseDatasetLines(lines(good), 'data.jsonl', entry);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.split).toBe(assignSplit('gsm8k/1', undefined, entry.split));
  });

  it('names file, line and field for a score out of range', () => {
    const bad = { ...good, id: 'gsm8k/2', scores: { ...good.scores, 'gpt-4-1106-preview': 1.5 } };
    expect(() => parseDatasetLines(lines(good, bad), 'data.jsonl', entry)).toThrow('data.jsonl:2: scores.gpt-4-1106-preview: score 1.5 is outside [0, 1]');
  });

  it('names a missing field, a wrong type and an unknown key', () => {
    const { prompt: _prompt, ...withoutPrompt } = good;
    expect(() => parseDatasetLines(lines(withoutPrompt), 'data.jsonl', entry)).toThrow(/^data\.jsonl:1: prompt: /);
    expect(() => parseDatasetLines(lines({ ...good, contaminated: 'no' }), 'data.jsonl', entry)).toThrow(/^data\.jsonl:1: contaminated: /);
    expect(() => parseDatasetLines(lines({ ...good, extra: 1 }), 'data.jsonl', entry)).toThrow(/^data\.jsonl:1: \(line\): .*extra/);
  });

  it('rejects invalid JSON, a missing model and a duplicate id with the line number', () => {
    expect(() => parseDatasetLines(lines(good, '', '{"id": '), 'data.jsonl', entry)).toThrow(/^data\.jsonl:3: invalid JSON/);
    const missing = { ...good, scores: { 'gpt-4-1106-preview': 1 } };
    expect(() => parseDatasetLines(lines(missing), 'data.jsonl', entry)).toThrow('data.jsonl:1: scores: missing model(s) mistralai/Mixtral-8x7B-Instruct-v0.1');
    expect(() => parseDatasetLines(lines(good, good), 'data.jsonl', entry)).toThrow('data.jsonl:2: id: duplicate id "gsm8k/1"');
  });
});

describe('assignSplit', () => {
  it('is deterministic and near the requested share', () => {
    const method = { kind: 'hashed-id', testPercent: 25 } as const;
    const ids = Array.from({ length: 4000 }, (_, index) => `item/${index}`);
    const tests = ids.filter((id) => assignSplit(id, undefined, method) === 'test').length;
    expect(tests / ids.length).toBeGreaterThan(0.22);
    expect(tests / ids.length).toBeLessThan(0.28);
    expect(ids.map((id) => assignSplit(id, undefined, method))).toEqual(ids.map((id) => assignSplit(id, undefined, method)));
  });

  it('keeps a shipped split and requires it', () => {
    expect(assignSplit('x', 'test', { kind: 'shipped' })).toBe('test');
    expect(() => assignSplit('x', undefined, { kind: 'shipped' })).toThrow('row x has no split field');
  });
});
