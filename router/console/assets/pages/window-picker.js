// The 5 min / 1 h / 24 h choice shared by the stats and deployments pages (kept while the tab lives).
import { h } from '../lib/dom.js';

let chosen = '1h';

export function windowPicker(onChange) {
  return h('select', { id: 'window', onchange: (event) => ((chosen = event.target.value), onChange(chosen)) },
    [['5m', 'last 5 min'], ['1h', 'last hour'], ['24h', 'last 24 h']].map(([value, label]) => h('option', { value, selected: value === chosen }, label)));
}

export function chosenWindow() {
  return chosen;
}
