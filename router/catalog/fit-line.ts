/** An ordinary least-squares line y = intercept + slope · x, with its fit statistics. */
export interface FittedLine {
  readonly intercept: number;
  readonly slope: number;
  /** Coefficient of determination on the fitted points. */
  readonly r2: number;
  readonly points: number;
}

export function fitLine(points: ReadonlyArray<readonly [x: number, y: number]>): FittedLine {
  const count = points.length;
  if (count < 2) throw new Error(`a line needs at least 2 points, got ${count}`);
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / count;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / count;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (const [x, y] of points) {
    covariance += (x - meanX) * (y - meanY);
    varianceX += (x - meanX) ** 2;
    varianceY += (y - meanY) ** 2;
  }
  if (varianceX === 0) throw new Error('cannot fit a line: every x is the same');
  const slope = covariance / varianceX;
  const intercept = meanY - slope * meanX;
  const r2 = varianceY === 0 ? 1 : (covariance * covariance) / (varianceX * varianceY);
  return { intercept, slope, r2, points: count };
}
