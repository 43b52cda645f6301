// The playground page: the editor on the left; on the right the summary, the comparison of the
// file's models, the architecture diagram, the generated TypeScript and training. Every edit
// re-checks the spec at once (underlines, the list, the status line); panels are drawn when shown.
// Performance marks and measures (nn-ready, nn-check, nn-update) time loading and re-checking.
// The spec and its file name live in the URL's fragment, so the address is always a shareable link.
import { formatSource } from '../../src/format/format.js';
import { check, examples, type Checked } from './check.js';
import { clear, h } from './dom.js';
import { createEditor } from './editor.js';
import { renderCompare } from './panels/compare.js';
import { renderSummary } from './panels/summary.js';
import { createTrainPanel } from './panels/train.js';
import { decodeFragment, DEFAULT_FILE, encodeFragment } from './share.js';
import { loadMnistSubset } from './train/data.js';

const TABS = ['summary', 'compare', 'diagram', 'code', 'train'] as const;
type Tab = (typeof TABS)[number];
const FIRST_EXAMPLE = 'specs/hw4/part2.nn';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const panels = Object.fromEntries(TABS.map((t) => [t, $(`panel-${t}`)])) as Record<Tab, HTMLElement>;
const status = $('status');
const diagList = $('diagnostics');
const modelSelect = $<HTMLSelectElement>('model');
const shareLink = $<HTMLInputElement>('share-link');
const message = $('message');

let file = DEFAULT_FILE;
let latest: Checked | undefined;
/** The last result without errors: panels keep showing it while the spec is being fixed. */
let good: Checked | undefined;
let tab: Tab = 'summary';
let expandBlocks = false;
const drawn = new Set<Tab>();
const train = createTrainPanel(panels.train);

function initial(): { file: string; text: string } {
  const shared = decodeFragment(location.hash);
  if (shared instanceof Error) message.textContent = shared.message;
  else if (shared) return shared;
  return { file: FIRST_EXAMPLE, text: examples[FIRST_EXAMPLE]! };
}

const start = initial();
file = start.file;
const editor = createEditor($('editor'), start.text, () => schedule(), () => latest);

/** When the first edit not yet checked was made (for the `nn-check` and `nn-update` measures). */
let editedAt: number | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
/**
 * A quick spec is re-checked before the browser paints the keystroke, so text and underlines
 * change together; one that takes long (ResNet-50) at most every 150 ms while typing goes on.
 */
function schedule(): void {
  if (editedAt !== undefined) return;
  message.textContent = '';
  editedAt = performance.now();
  const pending = () => editedAt !== undefined && recheck();
  if ((latest?.ms ?? 0) < 25) queueMicrotask(pending);
  else timer = setTimeout(pending, 150);
}

function recheck(): void {
  clearTimeout(timer);
  timer = undefined;
  const since = editedAt;
  editedAt = undefined;
  latest = check(file, editor.text());
  editor.showDiagnostics(latest);
  showDiagnostics(latest);
  if (since !== undefined) performance.measure('nn-check', { start: since });
  if (latest.result.ir) {
    good = latest;
    drawn.clear();
  }
  updateModels();
  draw();
  if (since !== undefined) performance.measure('nn-update', { start: since });
  saveToUrl();
}

function showDiagnostics(c: Checked): void {
  const ds = c.result.diagnostics;
  const errors = ds.filter((d) => d.severity === 'error').length;
  const models = c.result.ir?.models.length ?? 0;
  status.dataset['ms'] = c.ms.toFixed(2);
  status.className = errors ? 'bad' : 'ok';
  status.textContent = errors
    ? `${errors} error${errors === 1 ? '' : 's'}`
    : `✓ ${models} model${models === 1 ? '' : 's'}${ds.length ? `, ${ds.length} warning${ds.length === 1 ? '' : 's'}` : ''}`;
  status.title = `checked in ${c.ms.toFixed(1)} ms`;
  clear(diagList, ...ds.map((d) => {
    const source = c.result.files.get(d.span.file);
    const a = source?.lines.position(d.span.start) ?? { line: 1, column: 1 };
    const b = source?.lines.position(d.span.end) ?? a;
    const li = h('li', { class: `diag ${d.severity}`, 'data-code': d.code, 'data-line': a.line, 'data-column': a.column, tabindex: 0 },
      h('span', { class: 'where' }, `${d.span.file === c.file ? '' : `${d.span.file}:`}${a.line}:${a.column}`),
      h('span', { class: 'code' }, d.code), h('span', { class: 'message' }, d.message),
      d.hint ? h('div', { class: 'hint' }, `hint: ${d.hint}`) : null);
    if (d.span.file === c.file) li.addEventListener('click', () => editor.reveal(a.line, a.column, b.line, b.column));
    return li;
  }));
}

function updateModels(): void {
  const names = good?.result.ir?.models.map((m) => m.name) ?? [];
  const current = modelSelect.value;
  if ([...modelSelect.options].map((o) => o.value).join('\0') !== names.join('\0')) {
    clear(modelSelect, ...names.map((n) => h('option', { value: n }, n)));
    modelSelect.value = names.includes(current) ? current : names[0] ?? '';
  }
  const model = good?.result.ir?.models.find((m) => m.name === modelSelect.value);
  train.setModel(model ?? 'The spec has no model to train yet.');
}

/** Draws the visible panel from the last good result, marking it stale when the spec now has errors. */
function draw(): void {
  const stale = latest !== good;
  for (const t of TABS) panels[t].classList.toggle('stale', stale && t !== 'train');
  $('stale-note').hidden = !stale || !good || tab === 'train';
  if (!good || drawn.has(tab)) return;
  drawn.add(tab);
  const summaries = good.summaries;
  const index = Math.max(0, summaries.findIndex((s) => s.name === modelSelect.value));
  const ir = good.result.ir!;
  switch (tab) {
    case 'summary':
      if (summaries[index]) renderSummary(panels.summary, summaries[index]);
      else clear(panels.summary, h('p', { class: 'note' }, 'No models: write one, e.g. model m { input(784); dense(10) + softmax }'));
      break;
    case 'compare':
      renderCompare(panels.compare, summaries);
      break;
    case 'diagram': {
      const model = ir.models[index];
      if (!model) break;
      const redraw = (next: boolean) => {
        expandBlocks = next;
        drawn.delete('diagram');
        draw();
      };
      import('./panels/diagram.js').then(({ renderDiagram }) => renderDiagram(panels.diagram, model, expandBlocks, redraw))
        .catch((e: Error) => clear(panels.diagram, h('p', { class: 'note' }, `drawing failed: ${e.message}`)));
      break;
    }
    case 'code': {
      const c = good;
      // The generator and prettier load on first use: they are half of the page's code.
      import('./panels/code.js').then(async ({ generatedCode, renderCode }) => {
        const code = await generatedCode(c);
        if (good === c && tab === 'code') renderCode(panels.code, code, c.file);
      }).catch((e: Error) => clear(panels.code, h('p', { class: 'note' }, `code generation failed: ${e.message}`)));
      break;
    }
    case 'train':
      break;
  }
}

function showTab(next: Tab): void {
  tab = next;
  for (const t of TABS) {
    panels[t].hidden = t !== tab;
    document.querySelector(`[data-tab="${t}"]`)!.setAttribute('aria-selected', String(t === tab));
  }
  draw();
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
function saveToUrl(): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    const link = `#${encodeFragment({ file, text: editor.text() })}`;
    if (location.hash !== link) history.replaceState(null, '', link);
    shareLink.value = location.href;
  }, 200);
}

function load(next: { file: string; text: string }): void {
  file = next.file;
  editor.setText(next.text);
  recheck();
}

for (const t of TABS) document.querySelector(`[data-tab="${t}"]`)!.addEventListener('click', () => showTab(t));
modelSelect.addEventListener('change', () => {
  drawn.clear();
  updateModels();
  draw();
});
const exampleSelect = $<HTMLSelectElement>('examples');
for (const name of Object.keys(examples)) exampleSelect.append(h('option', { value: name }, name.replace(/^specs\//, '')));
exampleSelect.addEventListener('change', () => {
  const name = exampleSelect.value;
  exampleSelect.value = '';
  if (examples[name] !== undefined) load({ file: name, text: examples[name] });
});
$('new').addEventListener('click', () => load({ file: DEFAULT_FILE, text: 'model m {\n  input(28, 28, 1)\n  flatten\n  dense(10) + softmax\n  train { loss: categorical_crossentropy }\n}\n' }));
$('format').addEventListener('click', () => {
  let formatted: ReturnType<typeof formatSource>;
  try {
    formatted = formatSource(file, editor.text());
  } catch (e) {
    message.textContent = (e as Error).message;
    return;
  }
  if (formatted.text === undefined) message.textContent = 'fix the syntax errors first: a file with syntax errors is not formatted';
  else if (formatted.text !== editor.text()) editor.setText(formatted.text);
});
$('share').addEventListener('click', () => {
  const link = `${location.origin}${location.pathname}#${encodeFragment({ file, text: editor.text() })}`;
  history.replaceState(null, '', link);
  shareLink.value = link;
  shareLink.select();
  navigator.clipboard.writeText(link).then(() => (message.textContent = 'link copied'), () => (message.textContent = 'select the link and copy it'));
});
window.addEventListener('hashchange', () => {
  const shared = decodeFragment(location.hash);
  if (shared instanceof Error) message.textContent = shared.message;
  else if (shared && (shared.text !== editor.text() || shared.file !== file)) load(shared);
});

recheck();
showTab('summary');
document.documentElement.dataset['ready'] = 'true';
performance.mark('nn-ready');
// Fetch what training needs once the page is idle, so it works offline from then on.
const idle = window.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 500));
idle(() => {
  void import('./train/run.js').catch(() => undefined);
  void import('./panels/code.js').catch(() => undefined);
  void import('./panels/diagram.js').catch(() => undefined);
  void loadMnistSubset().catch(() => undefined);
});
