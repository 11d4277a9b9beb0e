// Deployments: circuit state, the demotion window, latency, probes (GET /admin/health), and latency
// and error-rate charts from the audit log's attempts over the chosen window.
import { api } from '../lib/api.js';
import { badge, errorBox, format, h, replace, table } from '../lib/dom.js';
import { legend, lineChart, palette } from '../lib/charts.js';
import { chosenWindow, windowPicker } from './window-picker.js';

const POLL_MS = 5000;

export async function render(main) {
  const body = h('div');
  let timer;
  replace(main, h('h1', {}, 'Deployments'), h('div', { class: 'toolbar' }, h('label', {}, 'Charts over', windowPicker(() => refresh()))), body);

  async function refresh() {
    clearTimeout(timer);
    try {
      const [health, summary] = await Promise.all([api.admin('health'), api.window(chosenWindow()).catch(() => null)]);
      replace(body, healthTable(health.deployments), summary === null ? null : charts(summary), probesTable(health.probes));
    } catch (error) {
      replace(body, errorBox(error));
    }
    timer = setTimeout(refresh, POLL_MS);
  }

  await refresh();
  return () => clearTimeout(timer);
}

function healthTable(deployments) {
  const rows = deployments.map((entry) =>
    h('tr', { 'data-deployment': entry.deployment },
      h('td', {}, entry.deployment),
      h('td', {}, badge(entry.state), entry.openedByProbe ? h('span', { class: 'muted' }, ` by probe: ${entry.openedByProbe}`) : ''),
      h('td', { class: 'num' }, `${entry.consecutiveFailures} / ${entry.failureThreshold}`),
      h('td', { class: 'num' }, format.ms(entry.latencyMs)),
      h('td', { class: 'num' }, entry.window ? `${entry.window.failures} of ${entry.window.calls}` : '—'),
      h('td', { class: 'num' }, entry.window ? format.percent(entry.window.calls === 0 ? null : entry.window.errorRate) : '—'),
      h('td', { class: 'num' }, entry.window ? format.ms(entry.window.meanLatencyMs) : '—'),
      h('td', {}, entry.retryAt ? `retry ${format.time(entry.retryAt)}` : ''),
      h('td', { class: 'muted' }, entry.lastError ?? '')));
  return h('div', { class: 'card' }, h('h2', {}, 'Health'),
    table(['deployment', 'circuit', { label: 'failures in a row', num: true }, { label: 'latency (EWMA)', num: true }, { label: 'window failures', num: true }, { label: 'window error rate', num: true }, { label: 'window latency', num: true }, '', 'last error'], rows,
      { id: 'health', empty: 'No deployment has been called yet.' }));
}

function charts(summary) {
  const options = { bucketMs: summary.bucket_ms, since: summary.since };
  const series = (pick) => summary.deployments.map((entry, index) => ({ label: entry.deployment, color: palette[index % palette.length], values: pick(entry) }));
  const latency = series((entry) => entry.mean_latency_ms);
  const errors = series((entry) => entry.calls.map((calls, index) => (calls === 0 ? null : entry.failures[index] / calls)));
  if (summary.deployments.length === 0) return h('div', { class: 'card' }, h('p', { class: 'empty' }, 'No upstream calls in this window.'));
  return h('div', { class: 'grid' },
    h('div', { class: 'card' }, h('h2', {}, 'Mean latency per call'), legend(latency), lineChart('mean latency', latency, { ...options, formatTick: format.ms })),
    h('div', { class: 'card' }, h('h2', {}, 'Error rate'), legend(errors), lineChart('error rate', errors, { ...options, max: 1, formatTick: format.percent })));
}

function probesTable(probes) {
  if (probes.length === 0) return h('div', { class: 'card' }, h('h2', {}, 'Probes'), h('p', { class: 'muted' }, 'No provider has health_check: probes are off.'));
  return h('div', { class: 'card' }, h('h2', {}, 'Probes'),
    table(['provider', 'kind', 'ok', 'last probe', { label: 'latency', num: true }, { label: 'failures in a row', num: true }, 'probed', 'last error'],
      probes.map((probe) => h('tr', {},
        h('td', {}, probe.provider),
        h('td', {}, probe.kind),
        h('td', {}, probe.ok === undefined || probe.ok === null ? badge('pending', 'skipped') : badge(probe.ok ? 'ok' : 'failed')),
        h('td', {}, probe.last_at ? format.time(probe.last_at) : '—'),
        h('td', { class: 'num' }, format.ms(probe.latency_ms)),
        h('td', { class: 'num' }, probe.consecutive_failures),
        h('td', {}, probe.probed),
        h('td', { class: 'muted' }, probe.last_error ?? '')))));
}
