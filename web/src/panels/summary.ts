// The summary panel: one model's layer table and totals, as `nnc summary` prints them.
import { summaryTable, totalsLines } from '../../../src/analysis/format-summary.js';
import type { Summary } from '../../../src/analysis/summary.js';
import { clear, h, htmlTable } from '../dom.js';

export function renderSummary(panel: HTMLElement, s: Summary): void {
  const totals = h('ul', { class: 'totals', 'data-params': s.totals.params, 'data-trainable': s.totals.trainable }, ...totalsLines(s).map((l) => h('li', {}, l)));
  clear(panel, h('h2', {}, `Model: ${s.name}`, h('span', { class: 'file' }, ` (${s.file})`)), totals, htmlTable(summaryTable(s, false), 'summary'));
}
