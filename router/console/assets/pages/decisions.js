// Live decisions: the audit log, newest first, filtered by router and status, polled every 2 s.
// A row opened shows the whole record: plan, rule, candidate scores, attempts, guardrails, cost.
import { api } from '../lib/api.js';
import { badge, errorBox, format, h, replace, table } from '../lib/dom.js';

const POLL_MS = 2000;

export async function render(main) {
  const configView = await api.admin('config');
  const filters = { router: '', status: '' };
  let selected;
  let records = [];
  let timer;

  const routerSelect = h('select', { id: 'filter-router', onchange: (event) => ((filters.router = event.target.value), refresh()) },
    h('option', { value: '' }, 'all routers'), configView.routers.map((router) => h('option', { value: router.name }, router.name)));
  const statusSelect = h('select', { id: 'filter-status', onchange: (event) => ((filters.status = event.target.value), refresh()) },
    ['', 'success', 'rejected', 'error'].map((status) => h('option', { value: status }, status === '' ? 'any status' : status)));
  const live = h('input', { type: 'checkbox', id: 'live', checked: true, onchange: () => schedule() });
  const stamp = h('span', { class: 'muted', id: 'updated' });
  const list = h('div', { class: 'card' });
  const detail = h('div', { class: 'card', id: 'decision-detail' }, h('p', { class: 'muted' }, 'Open a request to see why it went where it went.'));

  replace(main,
    h('h1', {}, 'Live decisions'),
    h('div', { class: 'toolbar' }, h('label', {}, 'Router', routerSelect), h('label', {}, 'Status', statusSelect), h('label', {}, live, 'auto-update'), stamp),
    h('div', { class: 'split' }, list, detail));

  function drawList() {
    const rows = records.map((record) =>
      h('tr', { class: `clickable${record.requestId === selected ? ' selected' : ''}`, 'data-request-id': record.requestId, onclick: () => open(record.requestId) },
        h('td', { class: 'mono' }, format.time(record.at)),
        h('td', {}, badge(record.status)),
        h('td', {}, record.requestedModel),
        h('td', {}, record.routerPath.join(' › ') || '—'),
        h('td', {}, record.rule ?? ''),
        h('td', {}, record.deployment ?? '—'),
        h('td', { class: 'num' }, format.ms(record.latencyMs)),
        h('td', { class: 'num' }, format.usd(record.costUsd))));
    replace(list, table(['time', 'status', 'model', 'routers', 'rule', 'served by', { label: 'latency', num: true }, { label: 'cost', num: true }], rows, { id: 'decisions', empty: 'No requests match yet.' }));
  }

  function open(requestId) {
    selected = requestId;
    drawList();
    const record = records.find((entry) => entry.requestId === requestId);
    if (record !== undefined) replace(detail, describe(record));
  }

  async function refresh() {
    try {
      const answer = await api.admin('decisions', { ...filters, limit: 100 });
      records = answer.decisions;
      stamp.textContent = `${records.length} shown · ${answer.store} store · updated ${new Date().toLocaleTimeString()}`;
      drawList();
    } catch (error) {
      replace(list, errorBox(error));
    }
  }

  function schedule() {
    clearTimeout(timer);
    if (live.checked) timer = setTimeout(async () => ((await refresh()), schedule()), POLL_MS);
  }

  await refresh();
  schedule();
  return () => clearTimeout(timer);
}

function describe(record) {
  return [
    h('h2', {}, 'Request ', h('code', {}, record.requestId)),
    h('dl', { class: 'kv' },
      h('dt', {}, 'status'), h('dd', {}, badge(record.status), ` HTTP ${record.httpStatus}`, record.errorCode ? ` · ${record.errorCode}` : ''),
      record.errorMessage ? [h('dt', {}, 'error'), h('dd', {}, record.errorMessage)] : null,
      h('dt', {}, 'at'), h('dd', {}, format.dateTime(record.at)),
      h('dt', {}, 'asked for'), h('dd', {}, record.requestedModel, record.routedModel ? ` → ${record.routedModel}` : ''),
      h('dt', {}, 'matched rule'), h('dd', {}, record.rule ?? 'none'),
      h('dt', {}, 'served by'), h('dd', {}, record.deployment ? `${record.deployment} (${record.provider}, ${record.providerModel})` : '—'),
      h('dt', {}, 'tokens'), h('dd', {}, `${format.count(record.inputTokens)} in · ${format.count(record.outputTokens)} out`, record.cachedInputTokens ? ` · ${format.count(record.cachedInputTokens)} cached` : ''),
      h('dt', {}, 'cost'), h('dd', { id: 'detail-cost' }, format.usd(record.costUsd)),
      h('dt', {}, 'latency'), h('dd', {}, format.ms(record.latencyMs), record.overheadMs === undefined ? '' : ` (gateway ${format.ms(record.overheadMs)})`),
      h('dt', {}, 'caller'), h('dd', {}, [record.project, record.caller ?? record.keyId, record.user].filter(Boolean).join(' · ') || '—'),
      h('dt', {}, 'format'), h('dd', {}, `${record.clientFormat}${record.stream ? ', streamed' : ''}`)),
    h('h3', {}, 'Plan'),
    record.decisions.length === 0 ? h('p', { class: 'muted' }, 'No router decided (a model was named directly, or the request was refused first).') : record.decisions.map(describeDecision),
    h('h3', {}, 'Attempts'),
    table(['deployment', 'outcome', 'reason', { label: 'time', num: true }],
      record.attempts.map((attempt) => h('tr', {}, h('td', {}, `${attempt.deployment} (${attempt.provider})`), h('td', {}, badge(attempt.outcome)), h('td', {}, attempt.reason ?? (attempt.status ? `HTTP ${attempt.status}` : '')), h('td', { class: 'num' }, format.ms(attempt.durationMs)))),
      { id: 'attempts', empty: 'No upstream call was made.' }),
    h('h3', {}, 'Guardrails'),
    (record.guardrails ?? []).length === 0 ? h('p', { class: 'muted' }, 'None fired.')
      : table(['guardrail', 'detector', 'stage', 'action', { label: 'matches', num: true }],
        record.guardrails.map((verdict) => h('tr', {}, h('td', {}, verdict.guardrail), h('td', {}, verdict.detector), h('td', {}, verdict.stage), h('td', {}, verdict.action), h('td', { class: 'num' }, verdict.matches))), { id: 'guardrail-verdicts' }),
    (record.warnings ?? []).length === 0 ? null : [h('h3', {}, 'Warnings'), h('ul', {}, record.warnings.map((warning) => h('li', {}, warning)))],
    h('details', {}, h('summary', {}, 'Raw record'), h('pre', {}, JSON.stringify(record, null, 2))),
  ];
}

/** One router's decision: strategy, targets, rule, what was demoted, and a smart router's candidate scores. */
export function describeDecision(decision) {
  const detail = decision.detail ?? {};
  const candidates = Array.isArray(detail.candidates) ? detail.candidates : [];
  const excluded = Array.isArray(detail.excluded) ? detail.excluded : [];
  return h('div', { class: 'decision' },
    h('p', {}, h('strong', {}, decision.router), ` (${decision.strategy})`, decision.rule ? [' · rule ', h('code', {}, decision.rule)] : '',
      decision.complexity === undefined ? '' : ` · difficulty ${Number(decision.complexity).toFixed(3)}`),
    h('p', {}, 'targets: ', decision.targets.map((target, index) => [index > 0 ? ' → ' : '', h('code', {}, target)])),
    (decision.demoted ?? []).length === 0 ? null : h('ul', {}, decision.demoted.map((entry) => h('li', {}, h('code', {}, entry.target), ` demoted: ${entry.reason}`))),
    excluded.length === 0 ? null : h('p', { class: 'muted' }, `excluded: ${excluded.map((entry) => `${entry.name} (${entry.reason})`).join('; ')}`),
    detail.fallback ? h('p', { class: 'muted' }, `scorer unavailable (${detail.fallback.reason}): most capable first`) : null,
    candidates.length === 0 ? null : table(['candidate', { label: 'quality', num: true }, { label: 'cost/call', num: true }, { label: 'time', num: true }, { label: 'score', num: true }],
      candidates.map((candidate) => h('tr', { class: candidate.name === detail.chosen ? 'selected' : undefined },
        h('td', {}, candidate.name === detail.chosen ? '★ ' : '', candidate.name),
        h('td', { class: 'num' }, Number(candidate.quality).toFixed(3)),
        h('td', { class: 'num' }, format.usd(candidate.costUsd)),
        h('td', { class: 'num' }, candidate.seconds === null ? '—' : `${Number(candidate.seconds).toFixed(1)} s`),
        h('td', { class: 'num' }, Number(candidate.score).toFixed(4)))), { id: 'candidates' }),
    detail.side === undefined ? null : h('p', { class: 'muted' }, `gain of ${detail.pair?.strong} over ${detail.pair?.weak}: ${detail.gain} (cut ${detail.cut}): ${detail.side} side`),
    detail.signals === undefined ? null : h('p', { class: 'muted' }, `signals read: ${JSON.stringify(detail.signals)}`),
  );
}
