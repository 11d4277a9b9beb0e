// The loaded config, secrets taken out, with what `switchyard check` finds in it, marked on its lines.
import { api } from '../lib/api.js';
import { badge, h, replace, table } from '../lib/dom.js';

export async function render(main) {
  const [view, summary] = await Promise.all([api.config(), api.admin('config')]);
  const flagged = new Map(view.findings.filter((finding) => finding.line !== undefined && finding.line !== null).map((finding) => [finding.line, finding]));
  const lines = (view.text ?? '').split('\n');
  replace(main,
    h('h1', {}, 'Config'),
    h('div', { class: 'card' },
      h('dl', { class: 'kv' },
        h('dt', {}, 'file'), h('dd', {}, h('code', {}, view.file)),
        h('dt', {}, 'hash'), h('dd', {}, h('code', {}, view.hash.slice(0, 12)), ` · reload generation ${view.generation}`),
        h('dt', {}, 'loaded'), h('dd', {}, `${summary.providers.length} providers, ${summary.models.length} models, ${summary.routers.length} routers`)),
      view.changed_on_disk ? h('p', { class: 'error-box' }, 'The file changed on disk since it was loaded: the text and findings below are the file’s, not what runs.') : null),
    h('div', { class: 'card' }, h('h2', {}, 'Check findings'),
      table(['', 'where', 'path', 'message'],
        view.findings.map((finding) => h('tr', {}, h('td', {}, badge(finding.severity, finding.severity)), h('td', { class: 'mono' }, finding.line === undefined || finding.line === null ? '' : `${finding.line}:${finding.column ?? 1}`), h('td', { class: 'mono' }, finding.path), h('td', {}, finding.message))),
        { id: 'findings', empty: 'switchyard check finds nothing to say.' })),
    h('div', { class: 'card' }, h('h2', {}, 'Text (secrets redacted)'),
      view.text === null ? h('p', { class: 'muted' }, 'The file cannot be read.')
        : h('pre', { class: 'config', id: 'config-text' }, lines.map((line, index) => {
          const finding = flagged.get(index + 1);
          return h('span', { class: `line${finding ? ` flagged ${finding.severity}` : ''}`, 'data-line': index + 1, title: finding?.message }, line);
        }))));
}
