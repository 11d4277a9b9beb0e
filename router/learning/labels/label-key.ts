import type { Label } from './label.ts';

/** What makes a label unique: one per request, source, model and rater. */
export function labelKey(label: Pick<Label, 'requestId' | 'source' | 'model' | 'rater'>): string {
  return JSON.stringify([label.requestId, label.source, label.model, label.rater]);
}
