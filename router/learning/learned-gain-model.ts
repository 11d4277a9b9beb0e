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

/** A reusable scorer for one model: holds the scratch buffers, so a call allocates almost nothing. */
export function createGainPredictor(model: LearnedGainModel): (input: GainModelInput) => number {
  const counts = new Float32Array(model.ngrams.bucketCount);
  const touched: number[] = [];
  return (input) => {
    touched.length = 0;
    countNgrams(cappedText(input.text, model.ngrams), model.ngrams, counts, touched);
    let squares = 0;
    let dot = 0;
    for (const bucket of touched) {
      const value = (1 + Math.log(counts[bucket]!)) * model.idf[bucket]!;
      squares += value * value;
      dot += value * model.textWeights[bucket]!;
      counts[bucket] = 0;
    }
    const text = squares > 0 ? dot / Math.sqrt(squares) : 0;
    const dense = denseFeatures(input);
    let denseTerm = 0;
    for (let index = 0; index < denseFeatureCount; index += 1) {
      denseTerm += ((dense[index]! - model.denseMeans[index]!) / model.denseDeviations[index]!) * model.denseWeights[index]!;
    }
    return model.bias + text + denseTerm;
  };
}
