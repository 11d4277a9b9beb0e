/** How a dataset's rows are split into train and test. */
export type SplitMethod =
  | { kind: 'shipped' }
  /** Deterministic split on a hash of the row id: `testPercent` % of ids land in test. */
  | { kind: 'hashed-id'; testPercent: number };

export interface DatasetEntry {
  readonly name: DatasetName;
  readonly fileName: string;
  /** A short description for reports. */
  readonly title: string;
  readonly split: SplitMethod;
  /** Whether rows flagged `contaminated` must be left out of evaluation (RouteLLM's rule). */
  readonly excludeContaminatedFromEvaluation: boolean;
  /** The strong/weak pair APGR and CPT are computed on. */
  readonly strongModel: string;
  readonly weakModel: string;
  /** $ per 1M tokens (input, output) for every model, from models.json. */
  readonly prices: Readonly<Record<string, { input: number; output: number }>>;
  readonly perCallCostsInFile: boolean;
}

export const datasetNames = ['routerbench_subset', 'routellm_gpt4_vs_mixtral', 'llmrouter_9_open_models'] as const;
export type DatasetName = (typeof datasetNames)[number];

const equalPrice = (price: number) => ({ input: price, output: price });

/** The three public routing datasets switchyard trains and benchmarks on. */
export const datasetRegistry: Readonly<Record<DatasetName, DatasetEntry>> = Object.freeze({
  routerbench_subset: {
    name: 'routerbench_subset',
    fileName: 'routerbench_subset.jsonl',
    title: 'RouterBench subset (ARC-Challenge, Winogrande, MBPP; 11 models)',
    split: { kind: 'shipped' },
    excludeContaminatedFromEvaluation: false,
    strongModel: 'gpt-4-1106-preview',
    weakModel: 'mistralai/mixtral-8x7b-chat',
    prices: {
      'gpt-4-1106-preview': { input: 10, output: 30 },
      'gpt-3.5-turbo-1106': { input: 1, output: 2 },
      'claude-v1': { input: 8, output: 24 },
      'claude-v2': { input: 8, output: 24 },
      'claude-instant-v1': { input: 0.8, output: 2.4 },
      'meta/llama-2-70b-chat': equalPrice(0.9),
      'mistralai/mixtral-8x7b-chat': equalPrice(0.6),
      'zero-one-ai/Yi-34B-Chat': equalPrice(0.8),
      'meta/code-llama-instruct-34b-chat': equalPrice(0.776),
      'WizardLM/WizardLM-13B-V1.2': equalPrice(0.3),
      'mistralai/mistral-7b-chat': equalPrice(0.2),
    },
    perCallCostsInFile: true,
  },
  routellm_gpt4_vs_mixtral: {
    name: 'routellm_gpt4_vs_mixtral',
    fileName: 'routellm_gpt4_vs_mixtral.jsonl',
    title: 'RouteLLM eval data (MMLU, GSM8K, MT-Bench; GPT-4 vs Mixtral)',
    split: { kind: 'hashed-id', testPercent: 25 },
    excludeContaminatedFromEvaluation: true,
    strongModel: 'gpt-4-1106-preview',
    weakModel: 'mistralai/Mixtral-8x7B-Instruct-v0.1',
    prices: {
      'gpt-4-1106-preview': { input: 10, output: 30 },
      'mistralai/Mixtral-8x7B-Instruct-v0.1': equalPrice(0.6),
    },
    perCallCostsInFile: false,
  },
  llmrouter_9_open_models: {
    name: 'llmrouter_9_open_models',
    fileName: 'llmrouter_9_open_models.jsonl',
    title: 'LLMRouter DCRouter data (14 tasks; 9 open models)',
    split: { kind: 'shipped' },
    excludeContaminatedFromEvaluation: false,
    strongModel: 'llama-3.1-nemotron-51b-instruct',
    weakModel: 'gemma-2-9b-it',
    prices: {
      'qwen2.5-7b-instruct': equalPrice(0.2),
      'codegemma-7b': equalPrice(0.2),
      'gemma-2-9b-it': equalPrice(0.1),
      'llama-3.1-8b-instruct': equalPrice(0.2),
      'llama3-chatqa-1.5-8b': equalPrice(0.2),
      'mistral-7b-instruct-v0.3': equalPrice(0.2),
      'llama-3.3-nemotron-super-49b-v1': equalPrice(0.9),
      'llama-3.1-nemotron-51b-instruct': equalPrice(0.9),
      'llama3-chatqa-1.5-70b': equalPrice(0.9),
    },
    perCallCostsInFile: false,
  },
});

export function isDatasetName(name: string): name is DatasetName {
  return (datasetNames as readonly string[]).includes(name);
}
