// Building DOM nodes without innerHTML: every value is text, so nothing from the audit log or the
// config is ever parsed as markup.

/** h('td', { class: 'num' }, '12'): an element with attributes (on* as listeners) and children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's children. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

export function badge(text, kind = text) {
  return h('span', { class: `badge ${kind}` }, text);
}

export function table(headers, rows, options = {}) {
  const head = h('tr', {}, headers.map((header) => h('th', { class: header.num ? 'num' : undefined }, header.label ?? header)));
  const body = rows.length === 0 ? [h('tr', {}, h('td', { colspan: headers.length, class: 'empty' }, options.empty ?? 'Nothing yet.'))] : rows;
  return h('table', { id: options.id }, h('thead', {}, head), h('tbody', {}, body));
}

export function errorBox(error) {
  return h('div', { class: 'error-box', role: 'alert' }, error instanceof Error ? error.message : String(error));
}

export const format = {
  ms: (value) => (value === null || value === undefined ? '—' : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`),
  usd: (value) => (value === null || value === undefined ? '—' : value === 0 ? '$0' : value < 0.01 ? `$${value.toFixed(6)}` : `$${value.toFixed(2)}`),
  percent: (value) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(value > 0 && value < 0.1 ? 1 : 0)} %`),
  time: (epochMs) => new Date(epochMs).toLocaleTimeString(),
  dateTime: (epochMs) => new Date(epochMs).toLocaleString(),
  count: (value) => (value === null || value === undefined ? '—' : Number(value).toLocaleString()),
};

/** A bar of `fraction` (0..1+), amber from 0.8, red from 1. */
export function meter(fraction) {
  const clamped = Math.max(0, Math.min(1, fraction ?? 0));
  const kind = fraction >= 1 ? 'bad' : fraction >= 0.8 ? 'warn' : '';
  const bar = h('span');
  // Through the CSSOM: the page's CSP refuses style attributes.
  bar.style.width = `${(clamped * 100).toFixed(1)}%`;
  return h('div', { class: `meter ${kind}`, title: format.percent(fraction) }, bar);
}
