import { cappedText, countNgrams, type NgramSettings } from './learned-text-features.ts';

/**
 * What the per-pair gain model sees of a prompt besides its text: the current router's own gain
 * for the pair (`prior`, the shipped IRT prediction), the shipped scorer's difficulty logit and the
 * prompt's input tokens — all already in every smart decision. With the prior as a feature the
 * model learns a correction to the shipped router rather than a router from scratch.
 */
export interface GainModelInput {
  readonly text: string;
  readonly prior: number;
  readonly logit: number;
  readonly inputTokens: number;
}

export const denseFeatureCount = 3;
export type DenseVector = readonly [number, number, number];

/**
 * A trained per-pair gain model: predicted score(strong) − score(weak) for one prompt =
 * bias + tfidf(text) · textWeights + standardized(prior, logit, ln(1 + tokens)) · denseWeights.
 * Plain numbers and typed arrays, so scoring is a loop over the prompt's n-grams in plain JS.
 */
export interface LearnedGainModel {
  readonly strongModel: string;
  readonly weakModel: string;
  readonly ngrams: NgramSettings;
  readonly idf: Float32Array;
  readonly textWeights: Float32Array;
  /** Mean and standard deviation of [prior, logit, ln(1 + inputTokens)] on the training rows. */
  readonly denseMeans: DenseVector;
  readonly denseDeviations: DenseVector;
  readonly denseWeights: DenseVector;
  readonly bias: number;
  /** The ridge penalty leave-one-out chose. */
  readonly penalty: number;
}

export function denseFeatures(input: Pick<GainModelInput, 'prior' | 'logit' | 'inputTokens'>): [number, number, number] {
  return [input.prior, input.logit, Math.log1p(Math.max(0, input.inputTokens))];
}

/** 1 + ln(count) for small counts (index 0 unused). */
const sublinearTable = Float64Array.from({ length: 64 }, (_, count) => (count === 0 ? 0 : 1 + Math.log(count)));

/**
 * The text half of a model's prediction, tfidf(text) · textWeights: the costly part (a loop over
 * the prompt's n-grams), which the scorer's workers compute off the event loop. A reusable scorer
 * for one model: it holds the scratch buffers, so a call allocates almost nothing.
 */
export function createTextTermScorer(model: Pick<LearnedGainModel, 'ngrams' | 'idf' | 'textWeights'>): (text: string) => number {
  const counts = new Float32Array(model.ngrams.bucketCount);
  const touched: number[] = [];
  return (text) => {
    touched.length = 0;
    countNgrams(cappedText(text, model.ngrams), model.ngrams, counts, touched);
    let squares = 0;
    let dot = 0;
    for (const bucket of touched) {
      const count = counts[bucket]!;
      // Most n-grams occur once or a few times: a table of 1 + ln(count) saves a Math.log per bucket (same values).
      const value = (count < sublinearTable.length ? sublinearTable[count]! : 1 + Math.log(count)) * model.idf[bucket]!;
      squares += value * value;
      dot += value * model.textWeights[bucket]!;
      counts[bucket] = 0;
    }
    return squares > 0 ? dot / Math.sqrt(squares) : 0;
  };
}

/** The rest of the prediction: bias + standardized dense features · denseWeights (a few multiplications). */
export function denseTerm(model: LearnedGainModel, input: Pick<GainModelInput, 'prior' | 'logit' | 'inputTokens'>): number {
  const dense = denseFeatures(input);
  let term = model.bias;
  for (let index = 0; index < denseFeatureCount; index += 1) {
    term += ((dense[index]! - model.denseMeans[index]!) / model.denseDeviations[index]!) * model.denseWeights[index]!;
  }
  return term;
}

/**
 * A reusable predictor for one model. `textTerm`, when given, is the text half already computed
 * (by a scorer worker, for the same text): then only the dense half is computed here.
 */
export function createGainPredictor(model: LearnedGainModel): (input: GainModelInput, textTerm?: number) => number {
  const scoreText = createTextTermScorer(model);
  return (input, textTerm) => (textTerm ?? scoreText(input.text)) + denseTerm(model, input);
}
