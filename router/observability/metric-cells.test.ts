import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { CounterCells, HistogramCells } from './metric-cells.ts';

function counterWith(cells: CounterCells, registry: Registry): Counter<'model' | 'direction'> {
  return new Counter({
    name: 'tokens_total',
    help: 'tokens',
    labelNames: ['model', 'direction'],
    registers: [registry],
    collect() {
      cells.flushInto(this);
    },
  });
}

describe('CounterCells', () => {
  it('sums per label tuple and shows the sums at scrape time, across scrapes', async () => {
    const registry = new Registry();
    const cells = new CounterCells(['model', 'direction']);
    counterWith(cells, registry);
    cells.add(3, 'a', 'input');
    cells.add(4, 'a', 'input');
    cells.add(5, 'b', 'output');
    let text = await registry.metrics();
    expect(text).toContain('tokens_total{model="a",direction="input"} 7');
    expect(text).toContain('tokens_total{model="b",direction="output"} 5');
    cells.add(1, 'a', 'input');
    text = await registry.metrics();
    expect(text).toContain('tokens_total{model="a",direction="input"} 8');
    expect(text).toContain('tokens_total{model="b",direction="output"} 5');
  });

  it('shows a series counted only with 0, as prom-client does after inc(labels, 0)', async () => {
    const registry = new Registry();
    const cells = new CounterCells(['model', 'direction']);
    counterWith(cells, registry);
    cells.add(0, 'a', 'output');
    expect(await registry.metrics()).toContain('tokens_total{model="a",direction="output"} 0');
  });
});

describe('HistogramCells', () => {
  it('observes per label tuple at scrape time', async () => {
    const registry = new Registry();
    const cells = new HistogramCells(['status']);
    new Histogram({
      name: 'duration_seconds',
      help: 'duration',
      labelNames: ['status'],
      buckets: [1, 10],
      registers: [registry],
      collect() {
        cells.flushInto(this);
      },
    });
    cells.observe(0.5, 'success');
    cells.observe(5, 'success');
    cells.observe(20, 'error');
    const text = await registry.metrics();
    expect(text).toContain('duration_seconds_bucket{le="1",status="success"} 1');
    expect(text).toContain('duration_seconds_bucket{le="10",status="success"} 2');
    expect(text).toContain('duration_seconds_count{status="success"} 2');
    expect(text).toContain('duration_seconds_count{status="error"} 1');
  });

  it('hands a full buffer to the bound histogram without a scrape, so memory stays bounded', async () => {
    const cells = new HistogramCells(['status']);
    // No collect hook: only the bound hand-over can put observations in it.
    const histogram = new Histogram({ name: 'bounded_seconds', help: 'bounded', labelNames: ['status'], buckets: [1], registers: [] });
    cells.bind(histogram);
    for (let index = 0; index < 255; index++) cells.observe(0.5, 'success');
    const countOf = async () => (await histogram.get()).values.find((value) => value.metricName === 'bounded_seconds_count')?.value;
    expect(await countOf()).toBeUndefined();
    cells.observe(0.5, 'success');
    expect(await countOf()).toBe(256);
  });

  it('keeps one series for a histogram without labels', async () => {
    const registry = new Registry();
    const cells = new HistogramCells([]);
    new Histogram({
      name: 'overhead_seconds',
      help: 'overhead',
      buckets: [0.001],
      registers: [registry],
      collect() {
        cells.flushInto(this);
      },
    });
    cells.observe(0.0005);
    cells.observe(0.002);
    const text = await registry.metrics();
    expect(text).toContain('overhead_seconds_bucket{le="0.001"} 1');
    expect(text).toContain('overhead_seconds_count 2');
  });
});
