// Small SVG charts, drawn by hand: a few dozen points each, so no charting library is needed.
const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 600;
const HEIGHT = 160;
const PAD = { left: 56, right: 8, top: 10, bottom: 22 };

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

function frame(label, max, formatTick, buckets, bucketMs, since) {
  const root = svg('svg', { class: 'chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': label });
  const bottom = HEIGHT - PAD.bottom;
  for (const fraction of [0, 0.5, 1]) {
    const y = bottom - fraction * (bottom - PAD.top);
    root.append(svg('line', { class: 'axis', x1: PAD.left, x2: WIDTH - PAD.right, y1: y, y2: y }));
    root.append(svg('text', { x: PAD.left - 4, y: y + 3, 'text-anchor': 'end' }, formatTick(max * fraction)));
  }
  if (since !== undefined) {
    for (const index of [0, Math.floor(buckets / 2), buckets]) {
      const x = PAD.left + (index / buckets) * (WIDTH - PAD.left - PAD.right);
      const at = new Date(since + index * bucketMs);
      root.append(svg('text', { x, y: HEIGHT - 6, 'text-anchor': index === 0 ? 'start' : index === buckets ? 'end' : 'middle' }, at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
    }
  }
  return root;
}

/** Stacked bars per bucket: `series` is [{ label, color, values }]. */
export function stackedBars(label, series, options = {}) {
  const buckets = series[0]?.values.length ?? 0;
  const totals = Array.from({ length: buckets }, (_, index) => series.reduce((sum, entry) => sum + (entry.values[index] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const root = frame(label, max, (value) => String(Math.round(value)), buckets, options.bucketMs, options.since);
  const slot = (WIDTH - PAD.left - PAD.right) / Math.max(1, buckets);
  const scale = (HEIGHT - PAD.bottom - PAD.top) / max;
  for (let index = 0; index < buckets; index++) {
    let y = HEIGHT - PAD.bottom;
    for (const entry of series) {
      const value = entry.values[index] ?? 0;
      if (value === 0) continue;
      const height = value * scale;
      y -= height;
      const bar = svg('rect', { x: PAD.left + index * slot + 1, y, width: Math.max(1, slot - 2), height, fill: entry.color });
      bar.append(svg('title', {}, `${entry.label}: ${value}`));
      root.append(bar);
    }
  }
  return root;
}

/** Lines over buckets; null values leave a gap. `series` is [{ label, color, values }]. */
export function lineChart(label, series, options = {}) {
  const buckets = Math.max(1, ...series.map((entry) => entry.values.length));
  const max = options.max ?? Math.max(1e-9, ...series.flatMap((entry) => entry.values.filter((value) => value !== null)));
  const root = frame(label, max, options.formatTick ?? ((value) => String(Math.round(value))), buckets, options.bucketMs, options.since);
  const x = (index) => PAD.left + ((index + 0.5) / buckets) * (WIDTH - PAD.left - PAD.right);
  const y = (value) => HEIGHT - PAD.bottom - (Math.min(value, max) / max) * (HEIGHT - PAD.bottom - PAD.top);
  for (const entry of series) {
    let path = '';
    let pen = false;
    entry.values.forEach((value, index) => {
      if (value === null || value === undefined) {
        pen = false;
        return;
      }
      path += `${pen ? 'L' : 'M'}${x(index).toFixed(1)},${y(value).toFixed(1)} `;
      pen = true;
      const dot = svg('circle', { cx: x(index).toFixed(1), cy: y(value).toFixed(1), r: 2, fill: entry.color });
      dot.append(svg('title', {}, `${entry.label}: ${options.formatTick ? options.formatTick(value) : value}`));
      root.append(dot);
    });
    if (path !== '') root.prepend(svg('path', { d: path.trim(), fill: 'none', stroke: entry.color, 'stroke-width': 1.5 }));
  }
  return root;
}

/** Horizontal bars, one per item: [{ label, value, note }]. */
export function horizontalBars(label, items, formatValue = String) {
  const rowHeight = 28;
  const height = Math.max(rowHeight, items.length * rowHeight) + 4;
  const root = svg('svg', { class: 'chart', viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': label });
  const max = Math.max(1e-12, ...items.map((item) => item.value));
  const left = 180;
  items.forEach((item, index) => {
    const top = index * rowHeight + 2;
    root.append(svg('text', { x: left - 6, y: top + 18, 'text-anchor': 'end' }, item.label.length > 28 ? `${item.label.slice(0, 27)}…` : item.label));
    const width = Math.max(1, (item.value / max) * (WIDTH - left - 90));
    root.append(svg('rect', { x: left, y: top + 5, width, height: rowHeight - 10, rx: 3, fill: item.color ?? '#2f6fde' }));
    root.append(svg('text', { x: left + width + 6, y: top + 18 }, formatValue(item.value)));
  });
  return root;
}

export const palette = ['#2f6fde', '#1f9d55', '#d98a00', '#8e44ad', '#d33a2c', '#16a2b8', '#6c757d', '#e83e8c'];

export function legend(series) {
  const element = document.createElement('div');
  element.className = 'legend';
  for (const entry of series) {
    const item = document.createElement('span');
    const swatch = document.createElement('i');
    swatch.style.background = entry.color;
    item.append(swatch, entry.label);
    element.append(item);
  }
  return element;
}
