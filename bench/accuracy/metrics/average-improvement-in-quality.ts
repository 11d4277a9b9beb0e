/** One operating point of a router: average cost per call and average quality. */
export interface CostQualityPoint {
  readonly cost: number;
  readonly quality: number;
}

/**
 * The non-decreasing convex hull of a router's points (RouterBench): keep the points no cheaper
 * point beats on quality, then the upper concave hull of those, from the cheapest point to the
 * best-quality one.
 */
export function nonDecreasingConvexHull(points: readonly CostQualityPoint[]): CostQualityPoint[] {
  const sorted = [...points].sort((left, right) => left.cost - right.cost || right.quality - left.quality);
  const frontier: CostQualityPoint[] = [];
  for (const point of sorted) {
    if (frontier.length === 0 || point.quality > frontier.at(-1)!.quality) frontier.push(point);
  }
  const hull: CostQualityPoint[] = [];
  for (const point of frontier) {
    while (hull.length >= 2) {
      const [first, second] = [hull.at(-2)!, hull.at(-1)!];
      const cross = (second.cost - first.cost) * (point.quality - first.quality) - (second.quality - first.quality) * (point.cost - first.cost);
      if (cross >= 0) hull.pop();
      else break;
    }
    hull.push(point);
  }
  return hull;
}

/**
 * AIQ (RouterBench's "average improvement in quality"): the area under the router's
 * non-decreasing convex hull, extended flat to `maximumCost` (the largest cost among all compared
 * routers), divided by `maximumCost`. The hull starts at the router's cheapest point; below it the
 * router has no operating point and contributes no area.
 */
export function averageImprovementInQuality(points: readonly CostQualityPoint[], maximumCost: number): number {
  const hull = nonDecreasingConvexHull(points);
  if (hull.length === 0 || maximumCost <= 0) return 0;
  let area = 0;
  for (let index = 1; index < hull.length; index += 1) {
    const [left, right] = [hull[index - 1]!, hull[index]!];
    area += ((right.cost - left.cost) * (left.quality + right.quality)) / 2;
  }
  const last = hull.at(-1)!;
  area += Math.max(0, maximumCost - last.cost) * last.quality;
  return area / maximumCost;
}
