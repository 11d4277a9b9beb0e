// Routers and rules over a window of the audit log (so the figures survive restarts).
import { api } from '../lib/api.js';
import { errorBox, format, h, replace, table } from '../lib/dom.js';
import { legend, stackedBars } from '../lib/charts.js';
import { chosenWindow, windowPicker } from './window-picker.js';

const POLL_MS = 10_000;
const OUTCOMES = [
  { key: 'success', label: 'served', color: '#1f9d55' },
  { key: 'rejected', label: 'rejected (4xx)', color: '#d98a00' },
  { key: 'error', label: 'failed (5xx)', color: '#d33a2c' },
];

function rowCells(row) {
  return [
    h('td', { class: 'num' }, format.count(row.matches)),
    h('td', { class: 'num' }, format.percent(row.matches === 0 ? null : row.successes / row.matches)),
    h('td', { class: 'num' }, format.percent(row.error_rate)),
    h('td', { class: 'num' }, format.ms(row.p50_latency_ms)),
    h('td', { class: 'num' }, format.ms(row.p95_latency_ms)),
    h('td', { class: 'num' }, format.usd(row.cost_usd)),
  ];
}
const COLUMNS = [{ label: 'requests', num: true }, { label: 'served', num: true }, { label: 'errors', num: true }, { label: 'p50', num: true }, { label: 'p95', num: true }, { label: 'cost', num: true }];

export async function render(main) {
  const body = h('div');
  let timer;
  replace(main, h('h1', {}, 'Routers & rules'), h('div', { class: 'toolbar' }, h('label', {}, 'Window', windowPicker(() => refresh()))), body);

  async function refresh() {
    clearTimeout(timer);
    try {
      const summary = await api.window(chosenWindow());
      const series = OUTCOMES.map((outcome) => ({ label: outcome.label, color: outcome.color, values: summary.requests[outcome.key] }));
      replace(body,
        h('div', { class: 'card' }, h('h2', {}, 'Requests'), legend(series), stackedBars('requests per interval', series, { bucketMs: summary.bucket_ms, since: summary.since })),
        h('div', { class: 'card' }, h('h2', {}, 'Routers'),
          table(['router', 'strategy', ...COLUMNS], summary.routers.sort((a, b) => b.matches - a.matches).map((row) => h('tr', {}, h('td', {}, row.router), h('td', {}, row.strategy), rowCells(row))), { id: 'router-stats', empty: 'No routed requests in this window.' })),
        h('div', { class: 'card' }, h('h2', {}, 'Rules'),
          table(['router', 'rule', ...COLUMNS], summary.rules.sort((a, b) => b.matches - a.matches).map((row) => h('tr', {}, h('td', {}, row.router), h('td', {}, h('code', {}, row.rule)), rowCells(row))), { id: 'rule-stats', empty: 'No rules router decided in this window.' })));
    } catch (error) {
      replace(body, errorBox(error));
    }
    timer = setTimeout(refresh, POLL_MS);
  }

  await refresh();
  return () => clearTimeout(timer);
}
