// A few DOM helpers: elements from a tag, attributes and children; tables from the analysis
// module's table model, so the page shows the same rows and figures as `nnc summary`.
import type { Table } from '../../src/analysis/table.js';

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | number | boolean | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

export function htmlTable(t: Table, className: string): HTMLTableElement {
  const head = h('tr', {}, ...t.columns.map((c) => h('th', { class: c.align }, c.header)));
  const rows = t.rows.map((r) => {
    const cls = [r.strong ? 'strong' : '', r.ruleAbove ? 'rule' : ''].filter(Boolean).join(' ');
    return h('tr', { class: cls || undefined }, ...r.cells.map((cell, i) => h('td', { class: t.columns[i]!.align }, cell)));
  });
  return h('table', { class: className }, h('thead', {}, head), h('tbody', {}, ...rows));
}

export function clear(el: HTMLElement, ...children: Child[]): void {
  el.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}
