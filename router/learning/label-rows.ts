import type { CompiledConfig } from '../config/compiled-config.ts';
import type { RoutingFileRowInput } from '../../datasets/routing-row-schema.ts';

/** One exported label row: the datasets' row schema (id, source, prompt, per-model scores). */
export type LabelRow = RoutingFileRowInput;

/**
 * The labels of the config's store as rows in the datasets' schema — what `switchyard labels
 * export` writes — for `switchyard train --from-labels`.
 *
 * The contract between training and the label store (issue 14 item 1): the label export lives
 * with the label store (router/learning/label-*) and is wired here when both branches meet; until
 * then this says so instead of pretending there are no labels.
 */
export function readLabelRows(config: Pick<CompiledConfig, 'file' | 'store'>, _options: { models?: readonly string[] } = {}): AsyncIterable<LabelRow> {
  return {
    [Symbol.asyncIterator]() {
      return {
        next: () => Promise.reject(new Error(`reading labels from the store of ${config.file} is not wired in this build (the label export lands with POST /v1/feedback and shadow evaluation); export them with 'switchyard labels export' and use --file`)),
      };
    },
  };
}
