import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface KernelRidgeFit {
  /** Dual coefficients: the primal weights are Σ αᵢ φ(xᵢ) (they sum to 0, so centering drops out). */
  readonly alpha: Float64Array;
  /** The unpenalized intercept: the mean target. */
  readonly mean: number;
  readonly penalty: number;
  /** Mean squared leave-one-out error at that penalty. */
  readonly leaveOneOutError: number;
  /** Leave-one-out error of every penalty tried, for the model card. */
  readonly path: readonly { penalty: number; error: number }[];
}

/** Penalties tried, as multiples of the centered kernel's mean diagonal (its "signal" scale). */
const penaltyMultiples = [0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 300];

/**
 * Ridge regression with an unpenalized intercept, in its dual form on the Gram matrix `kernel`
 * (n × n, row-major, symmetric), the penalty chosen by exact closed-form leave-one-out: one
 * eigendecomposition of the centered kernel K = U Λ Uᵀ gives, for every penalty λ, the fitted
 * values ŷ = ȳ + U diag(Λ / (Λ + λ)) Uᵀ (y − ȳ) and the hat diagonal hᵢ = 1/n + Σₖ Uᵢₖ² Λₖ / (Λₖ + λ),
 * and the leave-one-out residual of row i is (yᵢ − ŷᵢ) / (1 − hᵢ).
 */
export function fitKernelRidge(kernel: Float64Array, targets: ArrayLike<number>): KernelRidgeFit {
  const count = targets.length;
  if (count < 3) throw new Error(`ridge needs at least 3 rows, got ${count}`);
  const centered = centerKernel(kernel, count);
  let mean = 0;
  for (let index = 0; index < count; index += 1) mean += targets[index]! / count;
  const rows: number[][] = [];
  for (let row = 0; row < count; row += 1) rows.push(Array.from(centered.subarray(row * count, (row + 1) * count)));
  const decomposition = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const eigenvalues = decomposition.realEigenvalues.map((value) => Math.max(0, value));
  const vectors = decomposition.eigenvectorMatrix;
  const basis = new Float64Array(count * count);
  for (let row = 0; row < count; row += 1) for (let column = 0; column < count; column += 1) basis[row * count + column] = vectors.get(row, column);
  // Projections of the centered targets on the eigenvectors.
  const projections = new Float64Array(count);
  for (let row = 0; row < count; row += 1) {
    const centeredTarget = targets[row]! - mean;
    for (let column = 0; column < count; column += 1) projections[column]! += basis[row * count + column]! * centeredTarget;
  }
  let trace = 0;
  for (let index = 0; index < count; index += 1) trace += centered[index * count + index]!;
  const scale = trace > 0 ? trace / count : 1;

  const path: { penalty: number; error: number }[] = [];
  let best = { penalty: Number.NaN, error: Number.POSITIVE_INFINITY };
  for (const multiple of penaltyMultiples) {
    const penalty = multiple * scale;
    const shrink = eigenvalues.map((value) => value / (value + penalty));
    let error = 0;
    for (let row = 0; row < count; row += 1) {
      let fitted = mean;
      let leverage = 1 / count;
      for (let column = 0; column < count; column += 1) {
        const weight = basis[row * count + column]!;
        fitted += weight * shrink[column]! * projections[column]!;
        leverage += weight * weight * shrink[column]!;
      }
      const residual = (targets[row]! - fitted) / Math.max(1e-9, 1 - leverage);
      error += (residual * residual) / count;
    }
    path.push({ penalty, error });
    if (error < best.error) best = { penalty, error };
  }
  const alpha = new Float64Array(count);
  for (let column = 0; column < count; column += 1) {
    const coefficient = projections[column]! / (eigenvalues[column]! + best.penalty);
    for (let row = 0; row < count; row += 1) alpha[row]! += basis[row * count + column]! * coefficient;
  }
  return { alpha, mean, penalty: best.penalty, leaveOneOutError: best.error, path };
}

/** (I − 11ᵀ/n) K (I − 11ᵀ/n): the Gram matrix of the features minus their mean. */
function centerKernel(kernel: Float64Array, count: number): Float64Array {
  const rowMeans = new Float64Array(count);
  let total = 0;
  for (let row = 0; row < count; row += 1) {
    let sum = 0;
    for (let column = 0; column < count; column += 1) sum += kernel[row * count + column]!;
    rowMeans[row] = sum / count;
    total += sum;
  }
  const grandMean = total / (count * count);
  const centered = new Float64Array(count * count);
  for (let row = 0; row < count; row += 1) {
    for (let column = 0; column < count; column += 1) {
      centered[row * count + column] = kernel[row * count + column]! - rowMeans[row]! - rowMeans[column]! + grandMean;
    }
  }
  return centered;
}
