// The explain playground: a prompt or an OpenAI Chat Completions body, a router, and what that
// router would do with it and why (the logic of `switchyard explain`, on the loaded config).
import { api } from '../lib/api.js';
import { errorBox, h, replace, table } from '../lib/dom.js';
import { describeDecision } from './decisions.js';

const EXAMPLE = 'Prove that there are infinitely many primes, then write a Python function that lists the first n.';

export async function render(main) {
  const { routers } = await api.config();
  const routerSelect = h('select', { id: 'explain-router' }, routers.map((name) => h('option', { value: name }, name)));
  const axisSelect = h('select', { id: 'explain-axis' }, ['', 'cost', 'balanced', 'quality'].map((axis) => h('option', { value: axis }, axis === '' ? 'router default' : axis)));
  const input = h('textarea', { id: 'explain-input', spellcheck: 'false', placeholder: 'A prompt, or a JSON request body with "messages"' });
  input.value = EXAMPLE;
  const result = h('div', { id: 'explain-result' });
  const run = h('button', { id: 'explain-run', type: 'submit' }, 'Explain');

  const submit = async (event) => {
    event.preventDefault();
    run.disabled = true;
    replace(result, h('p', { class: 'muted' }, 'Asking the router…'));
    try {
      replace(result, describe(await api.explain(request(routerSelect.value, axisSelect.value, input.value))));
    } catch (error) {
      replace(result, errorBox(error));
    } finally {
      run.disabled = false;
    }
  };

  replace(main,
    h('h1', {}, 'Explain'),
    h('form', { class: 'card', onsubmit: submit },
      h('div', { class: 'toolbar' }, h('label', {}, 'Router', routerSelect), h('label', {}, 'Axis', axisSelect), run),
      input,
      h('p', { class: 'muted' }, 'Text that parses as a JSON object is sent as a request body (its "model" is replaced by the router); anything else is one user message. Every deployment counts as healthy here.')),
    result);
}

function request(router, axis, text) {
  const trimmed = text.trim();
  let body;
  if (trimmed.startsWith('{')) {
    try {
      body = JSON.parse(trimmed);
    } catch {
      body = undefined;
    }
  }
  return { router, ...(axis === '' ? {} : { axis }), ...(body === undefined ? { prompt: text } : { body }) };
}

function describe(answer) {
  const detail = answer.detail ?? {};
  return [
    h('div', { class: 'card' },
      h('h2', {}, 'Choice: ', h('code', { id: 'explain-choice' }, answer.firstDeployment ?? answer.targets[0] ?? '(none)')),
      h('dl', { class: 'kv' },
        h('dt', {}, 'router'), h('dd', {}, `${answer.router} (${answer.strategy}${detail.axis ? `, axis ${detail.axis}` : ''})`),
        h('dt', {}, 'matched rule'), h('dd', {}, answer.rule ?? 'none'),
        h('dt', {}, 'difficulty'), h('dd', {}, answer.complexity === undefined ? 'not scored' : `${Number(answer.complexity).toFixed(3)}${detail.inputTokens === undefined ? '' : ` · ${detail.inputTokens} input tokens · scored in ${detail.scorerMs} ms`}`),
        h('dt', {}, 'then'), h('dd', {}, answer.targets.slice(1).join(', ') || '—'),
        detail.note ? [h('dt', {}, 'note'), h('dd', {}, detail.note)] : null),
      h('h3', {}, 'Decisions'),
      describeDecision({ router: answer.router, strategy: answer.strategy, targets: answer.targets, rule: answer.rule, complexity: answer.complexity, detail }),
      answer.nested.map(describeDecision),
      h('h3', {}, 'Guardrails'),
      answer.guardrails.length === 0 ? h('p', { class: 'muted' }, 'None would fire.')
        : table(['guardrail', 'detector', 'action', { label: 'matches', num: true }, 'note'],
          answer.guardrails.map((entry) => h('tr', {}, h('td', {}, entry.guardrail), h('td', {}, entry.detector), h('td', {}, entry.action), h('td', { class: 'num' }, entry.matches), h('td', { class: 'muted' }, entry.note ?? ''))))),
    h('details', { class: 'card' }, h('summary', {}, 'Raw answer'), h('pre', {}, JSON.stringify(answer, null, 2))),
  ];
}
