/** Who gave a label: a client through `POST /v1/feedback`, or the judge deployment of a shadow evaluation. */
export type LabelSource = 'feedback' | 'judge';

/**
 * One quality label: how well `model` (a deployment of the config) answered the request
 * `requestId`, as a score in [0, 1]. A request has at most one label per (source, model, rater):
 * a key that sends feedback again replaces its earlier label.
 */
export type Label = {
  requestId: string;
  /** Epoch ms the label was given. */
  at: number;
  source: LabelSource;
  /** The deployment the score is about. */
  model: string;
  score: number;
  /** Who rated: the virtual key's id (`static:<name>` for a config key, '' without one) or the judge deployment. */
  rater: string;
  /** The smart router the request went through, when known. */
  router?: string;
  /** The caller's key name and project (feedback). */
  caller?: string;
  project?: string;
  comment?: string;
  /** What producing the rated answer cost (judge labels: the shadow call's price × tokens). */
  costUsd?: number;
};

/** A request with its labels and, when one was stored, its prompt (what export and training need). */
export type LabelledRequest = {
  requestId: string;
  router: string | undefined;
  /** The stored prompt: the shadow evaluation's (`shadow.store_prompts`), else the audit row's (`audit.store_prompts`). */
  prompt: string | undefined;
  labels: Label[];
};
