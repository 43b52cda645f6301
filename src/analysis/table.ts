// A small table model rendered two ways: a box-drawn text table (as Keras's summary prints) and
// a Markdown table. Also the number formats the analysis output uses.
import type { Shape } from '../layers/types.js';

export interface Column {
  header: string;
  align: 'left' | 'right';
}

export interface Row {
  cells: string[];
  /** Draw a rule above this row (text) — used before totals and between top-level groups. */
  ruleAbove?: boolean;
  /** Emphasized: bold in Markdown. */
  strong?: boolean;
}

export interface Table {
  columns: Column[];
  rows: Row[];
}

const width = (s: string): number => [...s].length;
const pad = (s: string, w: number, align: Column['align']): string =>
  align === 'right' ? ' '.repeat(w - width(s)) + s : s + ' '.repeat(w - width(s));

export function renderBox(t: Table): string {
  const widths = t.columns.map((c, i) => Math.max(width(c.header), ...t.rows.map((r) => width(r.cells[i] ?? ''))));
  const rule = (l: string, m: string, r: string) => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r;
  const line = (cells: string[], header = false) =>
    '│' + t.columns.map((c, i) => ' ' + pad(cells[i] ?? '', widths[i]!, header ? 'left' : c.align) + ' ').join('│') + '│';
  const out = [rule('┌', '┬', '┐'), line(t.columns.map((c) => c.header), true), rule('├', '┼', '┤')];
  t.rows.forEach((r, i) => {
    if (r.ruleAbove && i > 0) out.push(rule('├', '┼', '┤'));
    out.push(line(r.cells));
  });
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}

const mdCell = (s: string): string => s.replaceAll('|', '\\|');

export function renderMarkdown(t: Table): string {
  const head = '| ' + t.columns.map((c) => mdCell(c.header)).join(' | ') + ' |';
  const align = '| ' + t.columns.map((c) => (c.align === 'right' ? '---:' : '---')).join(' | ') + ' |';
  const rows = t.rows.map((r) => '| ' + r.cells.map((c) => (r.strong && c ? `**${mdCell(c)}**` : mdCell(c))).join(' | ') + ' |');
  return [head, align, ...rows].join('\n');
}

/** `1,771,012` */
export const int = (n: number): string => n.toLocaleString('en-US');

/** `15.47 G`, `391.2 M`, `1.2 K`: three significant figures at least, for MACs and FLOPs. */
export function si(n: number): string {
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'K']];
  for (const [f, u] of units) if (Math.abs(n) >= f) return `${(n / f).toFixed(2)} ${u}`;
  return String(n);
}

/** Bytes as `6.76 MB` (MB = 2^20 bytes, as Keras's summary counts them). */
export function bytes(n: number): string {
  const mb = n / 2 ** 20;
  return mb >= 1024 ? `${(mb / 1024).toFixed(2)} GB` : mb >= 0.01 || n === 0 ? `${mb.toFixed(2)} MB` : `${(n / 1024).toFixed(2)} KB`;
}

/** A sample's shape with Keras's batch axis: `(None, 64, 64, 3)`. */
export const kerasShape = (s: Shape): string => `(None, ${s.join(', ')})`;

/** A ratio as `4.44×`. */
export const ratio = (r: number): string => (Number.isFinite(r) ? `${r >= 10 ? r.toFixed(1) : r.toFixed(2)}×` : '—');

/** One CSV field, quoted when it must be. */
export const csvField = (v: string | number): string => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
export const csvLine = (fields: (string | number)[]): string => fields.map(csvField).join(',');
