import type { DatasetName } from './dataset-registry.ts';
import type { Split } from './assign-split.ts';

/** One validated prompt with every model's measured quality (and cost, where the source has it). */
export interface RoutingRow {
  readonly dataset: DatasetName;
  readonly id: string;
  /** Sub-benchmark, e.g. `mmlu`, `gsm8k`, `mt-bench`, `arc-challenge`. */
  readonly source: string;
  readonly prompt: string;
  readonly scores: Readonly<Record<string, number>>;
  readonly costs: Readonly<Record<string, number>> | undefined;
  readonly split: Split;
  /** RouteLLM's decontamination flag; such rows are never used for evaluation. */
  readonly contaminated: boolean;
  /** MMLU subject or MT-Bench category, when the source has one. */
  readonly category: string | undefined;
}
