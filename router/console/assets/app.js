// The console's shell: a hash route per page (#/decisions …), each page a module with
// `render(main, context)` that returns a cleanup (to stop its polling) when it leaves.
import { errorBox, replace } from './lib/dom.js';
import * as decisions from './pages/decisions.js';
import * as stats from './pages/stats.js';
import * as deployments from './pages/deployments.js';
import * as spend from './pages/spend.js';
import * as explain from './pages/explain.js';
import * as config from './pages/config.js';

const PAGES = { decisions, stats, deployments, spend, explain, config };
let leave = () => {};

async function show() {
  const [name, ...rest] = window.location.hash.replace(/^#\/?/, '').split('/');
  const page = PAGES[name] ?? decisions;
  for (const link of document.querySelectorAll('#nav a')) link.classList.toggle('active', link.getAttribute('href') === `#/${page === PAGES[name] ? name : 'decisions'}`);
  leave();
  leave = () => {};
  const main = document.getElementById('page');
  replace(main);
  try {
    leave = (await page.render(main, { args: rest })) ?? (() => {});
  } catch (error) {
    replace(main, errorBox(error));
  }
}

window.addEventListener('hashchange', show);
show();
