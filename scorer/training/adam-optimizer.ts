export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Decoupled weight decay (AdamW), per step, scaled by the learning rate. */
  weightDecay: number;
}

/** Adam state for one parameter tensor. */
export interface AdamSlot {
  readonly parameter: Float32Array;
  readonly gradient: Float32Array;
  readonly firstMoment: Float32Array;
  readonly secondMoment: Float32Array;
  readonly weightDecay: number;
}

export function createAdamSlot(parameter: Float32Array, weightDecay: number): AdamSlot {
  return {
    parameter,
    gradient: new Float32Array(parameter.length),
    firstMoment: new Float32Array(parameter.length),
    secondMoment: new Float32Array(parameter.length),
    weightDecay,
  };
}

/**
 * One Adam(W) step on `slot`, then zeroes its gradient. With `rows` (indices of the touched rows of
 * a [rows, width] table) only those rows are updated — the "lazy" sparse variant used for the
 * embedding table, whose other rows have no gradient in this step.
 */
export function adamStep(slot: AdamSlot, settings: AdamSettings, step: number, rows?: { indices: readonly number[]; width: number }): void {
  const { learningRate, beta1, beta2, epsilon } = settings;
  const firstCorrection = 1 - beta1 ** step;
  const secondCorrection = 1 - beta2 ** step;
  const decay = 1 - learningRate * slot.weightDecay;
  const update = (index: number) => {
    const gradient = slot.gradient[index]!;
    const first = beta1 * slot.firstMoment[index]! + (1 - beta1) * gradient;
    const second = beta2 * slot.secondMoment[index]! + (1 - beta2) * gradient * gradient;
    slot.firstMoment[index] = first;
    slot.secondMoment[index] = second;
    slot.parameter[index] = slot.parameter[index]! * decay - (learningRate * (first / firstCorrection)) / (Math.sqrt(second / secondCorrection) + epsilon);
    slot.gradient[index] = 0;
  };
  if (!rows) {
    for (let index = 0; index < slot.parameter.length; index += 1) update(index);
    return;
  }
  for (const row of rows.indices) {
    const offset = row * rows.width;
    for (let column = 0; column < rows.width; column += 1) update(offset + column);
  }
}
