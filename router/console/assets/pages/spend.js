// Spend and limits: per provider account (GET /admin/limits), per project and key (GET /admin/usage),
// the month's burn against each budget, and the month's spend by project, key and model (GET /admin/spend).
import { api } from '../lib/api.js';
import { errorBox, format, h, meter, replace, table } from '../lib/dom.js';
import { horizontalBars, palette } from '../lib/charts.js';

const POLL_MS = 10_000;

export async function render(main) {
  const body = h('div');
  let timer;
  replace(main, h('h1', {}, 'Spend & limits'), body);

  async function refresh() {
    clearTimeout(timer);
    const [limits, usage, byProject, byModel] = await Promise.all(
      [api.admin('limits'), api.admin('usage'), api.admin('spend', { group_by: 'project' }), api.admin('spend', { group_by: 'model' })].map((promise) => promise.catch((error) => error)));
    replace(body,
      section('Provider accounts', limits, (value) => providersTable(value)),
      section('Projects and keys', usage, (value) => [callersTable('project', value.projects.map((entry) => ({ ...entry, name: entry.project }))), h('h3', {}, 'Keys'), callersTable('key', value.keys)]),
      h('div', { class: 'grid' },
        section('This month by project', byProject, (value) => spendBars(value, 'project')),
        section('This month by model', byModel, (value) => spendBars(value, 'model'))));
    timer = setTimeout(refresh, POLL_MS);
  }

  await refresh();
  return () => clearTimeout(timer);
}

function section(title, value, draw) {
  return h('div', { class: 'card' }, h('h2', {}, title), value instanceof Error ? errorBox(value) : draw(value));
}

function rate(window) {
  if (window.limit === null) return window.used === null ? '—' : `${format.count(window.used)}`;
  return `${format.count(window.used ?? 0)} / ${format.count(window.limit)}`;
}

function burn(spend) {
  if (spend.budget_usd === null) return [h('td', { class: 'num' }, format.usd(spend.usd)), h('td', { class: 'muted' }, 'no budget'), h('td')];
  return [h('td', { class: 'num' }, format.usd(spend.usd)), h('td', { class: 'num' }, `of ${format.usd(spend.budget_usd)}`), h('td', {}, meter(spend.fraction))];
}

function providersTable(limits) {
  return [
    h('p', { class: 'muted' }, `month ${limits.month ?? '—'}`),
    table(['provider', { label: 'rpm (this minute)', num: true }, { label: 'tpm (this minute)', num: true }, { label: 'spent', num: true }, { label: 'budget', num: true }, 'burn'],
      limits.providers.map((entry) => h('tr', { 'data-provider': entry.provider }, h('td', {}, entry.provider), h('td', { class: 'num' }, rate(entry.rpm)), h('td', { class: 'num' }, rate(entry.tpm)), burn(entry.spend))),
      { id: 'provider-limits', empty: 'No providers.' }),
  ];
}

function callersTable(kind, entries) {
  return table([kind, ...(kind === 'key' ? ['project', 'state'] : []), { label: 'rpm', num: true }, { label: 'tpm', num: true }, { label: 'spent', num: true }, { label: 'budget', num: true }, 'burn'],
    entries.map((entry) => h('tr', {}, h('td', {}, entry.name), kind === 'key' ? [h('td', {}, entry.project ?? '—'), h('td', {}, entry.state)] : null,
      h('td', { class: 'num' }, rate(entry.rpm)), h('td', { class: 'num' }, rate(entry.tpm)), burn(entry.spend))),
    { empty: kind === 'key' ? 'No keys.' : 'No projects configured.' });
}

function spendBars(summary, dimension) {
  if (summary.groups.length === 0) return h('p', { class: 'empty' }, 'Nothing spent this month.');
  const items = summary.groups.slice(0, 12).map((group, index) => ({ label: group[dimension] ?? '(none)', value: group.cost_usd, color: palette[index % palette.length] }));
  return [h('p', { class: 'muted' }, `${format.count(summary.total.requests)} requests, ${format.usd(summary.total.cost_usd)} in all`), horizontalBars(`spend by ${dimension}`, items, format.usd)];
}
