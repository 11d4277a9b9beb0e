/** Predicted quality of a model on a prompt, in [0, 1]: sigmoid(k · (ability − difficulty logit)). */
export function predictQuality(ability: number, logit: number, slope = 1): number {
  return 1 / (1 + Math.exp(-slope * (ability - logit)));
}
