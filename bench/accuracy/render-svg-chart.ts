/** One line (or, with a single point, a dot) on a chart. */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly { x: number; y: number }[];
}

const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A small self-contained SVG line chart with axes, ticks and a legend. */
export function renderSvgChart(options: { title: string; xLabel: string; yLabel: string; lines: readonly ChartSeries[]; dots?: readonly ChartSeries[] }): string {
  const width = 760;
  const height = 480;
  const margin = { left: 70, right: 260, top: 40, bottom: 55 };
  const all = [...options.lines, ...(options.dots ?? [])].flatMap((series) => series.points);
  const xs = all.map((point) => point.x);
  const ys = all.map((point) => point.y);
  const [xMin, xMax] = [Math.min(0, ...xs), Math.max(...xs) || 1];
  const [yMin, yMax] = [Math.min(...ys), Math.max(...ys)];
  const yPad = (yMax - yMin) * 0.05 || 0.05;
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const x = (value: number) => margin.left + ((value - xMin) / (xMax - xMin)) * plotWidth;
  const y = (value: number) => margin.top + plotHeight - ((value - (yMin - yPad)) / (yMax + yPad - (yMin - yPad))) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${margin.left}" y="22" font-size="14" font-weight="bold">${escape(options.title)}</text>`,
    `<line x1="${margin.left}" y1="${margin.top + plotHeight}" x2="${margin.left + plotWidth}" y2="${margin.top + plotHeight}" stroke="black"/>`,
    `<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${margin.top + plotHeight}" stroke="black"/>`,
    `<text x="${margin.left + plotWidth / 2}" y="${height - 12}" text-anchor="middle">${escape(options.xLabel)}</text>`,
    `<text transform="translate(16 ${margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escape(options.yLabel)}</text>`,
  ];
  for (let tick = 0; tick <= 5; tick += 1) {
    const xValue = xMin + ((xMax - xMin) * tick) / 5;
    const yValue = yMin - yPad + ((yMax + 2 * yPad - yMin) * tick) / 5;
    parts.push(`<text x="${x(xValue)}" y="${margin.top + plotHeight + 16}" text-anchor="middle">${formatTick(xValue)}</text>`);
    parts.push(`<text x="${margin.left - 6}" y="${y(yValue) + 4}" text-anchor="end">${formatTick(yValue)}</text>`);
    parts.push(`<line x1="${margin.left}" y1="${y(yValue)}" x2="${margin.left + plotWidth}" y2="${y(yValue)}" stroke="#eee"/>`);
  }
  const legend = (index: number, name: string, color: string, dot: boolean) => {
    const legendY = margin.top + 10 + index * 16;
    const marker = dot
      ? `<circle cx="${width - margin.right + 25}" cy="${legendY - 4}" r="4" fill="${color}"/>`
      : `<line x1="${width - margin.right + 15}" y1="${legendY - 4}" x2="${width - margin.right + 35}" y2="${legendY - 4}" stroke="${color}" stroke-width="2"/>`;
    parts.push(`${marker}<text x="${width - margin.right + 42}" y="${legendY}">${escape(name)}</text>`);
  };
  options.lines.forEach((series, index) => {
    const color = palette[index % palette.length]!;
    const path = [...series.points].sort((left, right) => left.x - right.x).map((point) => `${x(point.x).toFixed(1)},${y(point.y).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${path}"/>`);
    legend(index, series.name, color, false);
  });
  (options.dots ?? []).forEach((series, index) => {
    const color = palette[(index + options.lines.length) % palette.length]!;
    for (const point of series.points) parts.push(`<circle cx="${x(point.x).toFixed(1)}" cy="${y(point.y).toFixed(1)}" r="4" fill="${color}"/>`);
    legend(options.lines.length + index, series.name, color, true);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function formatTick(value: number): string {
  if (value === 0) return '0';
  return Math.abs(value) < 0.01 ? value.toExponential(1) : value.toFixed(2);
}
