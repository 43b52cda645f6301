// The compare panel: the file's models side by side, as `nnc compare FILE` prints them.
import { compare } from '../../../src/analysis/compare.js';
import { compareTable } from '../../../src/analysis/format-compare.js';
import type { Summary } from '../../../src/analysis/summary.js';
import { clear, h, htmlTable } from '../dom.js';

export function renderCompare(panel: HTMLElement, summaries: Summary[]): void {
  if (summaries.length < 2) {
    clear(panel, h('p', { class: 'note' }, summaries.length ? 'The spec has one model: add another (or a variant, model b = a(w = 2)) to compare them.' : 'No models.'));
    return;
  }
  clear(panel, htmlTable(compareTable(compare(summaries)), 'compare'));
}
