import { describe, expect, it } from 'vitest';
import type { Label, LabelledRequest } from './label.ts';
import { labelRowsOf, type LabelRowSummary } from './label-rows.ts';

const judge = (model: string, score: number, costUsd?: number): Label => ({ requestId: '', at: 0, source: 'judge', model, score, rater: 'judge', ...(costUsd === undefined ? {} : { costUsd }) });
const feedback = (model: string, score: number): Label => ({ requestId: '', at: 0, source: 'feedback', model, score, rater: 'static:k' });
const request = (requestId: string, labels: Label[], prompt: string | null = `prompt ${requestId}`): LabelledRequest => ({ requestId, router: 'smart', prompt: prompt ?? undefined, labels: labels.map((label) => ({ ...label, requestId })) });

describe('labelRowsOf', () => {
  it('writes one complete matrix: the 2+ model set scored on the most prompts, rows scoring fewer counted', () => {
    let summary: LabelRowSummary | undefined;
    const rows = labelRowsOf(
      [
        request('1', [judge('a', 0.9, 0.01), judge('b', 0.2, 0.001), judge('c', 0.5, 0.002)]),
        request('2', [judge('a', 0.8, 0.01), judge('b', 0.4, 0.001)]),
        request('3', [judge('a', 0.7, 0.01), judge('b', 0.6, 0.001)]),
        request('4', [feedback('a', 1)]),
        request('5', [judge('a', 0.1), judge('b', 0.2)], null),
      ],
      { onSummary: (reported) => (summary = reported) },
    );
    expect(summary).toEqual({ models: ['a', 'b'], rows: 3, withoutPrompt: 1, incomplete: 1 });
    expect(rows).toEqual([
      { id: '1', source: 'smart', prompt: 'prompt 1', scores: { a: 0.9, b: 0.2 }, costs: { a: 0.01, b: 0.001 } },
      { id: '2', source: 'smart', prompt: 'prompt 2', scores: { a: 0.8, b: 0.4 }, costs: { a: 0.01, b: 0.001 } },
      { id: '3', source: 'smart', prompt: 'prompt 3', scores: { a: 0.7, b: 0.6 }, costs: { a: 0.01, b: 0.001 } },
    ]);
  });

  it('averages a model’s labels, filters by source, leaves costs out unless every row has them, and takes --models as given', () => {
    const requests = [request('1', [judge('a', 0.9, 0.01), feedback('a', 0.1), judge('b', 0.2, 0.001)]), request('2', [judge('a', 0.8), judge('b', 0.4), judge('c', 0.3)])];
    expect(labelRowsOf(requests).map((row) => [row.scores, row.costs])).toEqual([
      [{ a: 0.5, b: 0.2 }, undefined],
      [{ a: 0.8, b: 0.4 }, undefined],
    ]);
    expect(labelRowsOf(requests, { sources: ['judge'] })[0]!.scores).toEqual({ a: 0.9, b: 0.2 });
    expect(labelRowsOf(requests, { sources: ['feedback'] })).toEqual([]);
    expect(labelRowsOf(requests, { models: ['c', 'b'] })).toEqual([{ id: '2', source: 'smart', prompt: 'prompt 2', scores: { c: 0.3, b: 0.4 } }]);
  });
});
