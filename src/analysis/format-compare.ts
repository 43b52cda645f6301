// `nnc compare` output: one column per model (text, Markdown), or one record per model (JSON, CSV),
// with totals, the ratio to the first model, parameters by family and the largest layer.
import { FAMILIES, type Compared, type Family } from './compare.js';
import type { Format, SummaryJsonModel } from './format-summary.js';
import { summaryJsonModel } from './format-summary.js';
import { bytes, csvLine, int, ratio, renderBox, renderMarkdown, si, type Row, type Table } from './table.js';

export function compareTable(list: Compared[]): Table {
  const row = (label: string, f: (c: Compared) => string, extra: Partial<Row> = {}): Row => ({ cells: [label, ...list.map(f)], ...extra });
  const families = FAMILIES.filter((f) => list.some((c) => c.byFamily[f] > 0));
  const pct = (c: Compared, n: number) => (c.summary.totals.params ? ` (${((100 * n) / c.summary.totals.params).toFixed(1)}%)` : '');
  const rows: Row[] = [
    row('file', (c) => c.summary.file),
    row('input → output', (c) => `${c.summary.input.join('x')} → ${c.summary.output.join('x')}`),
    row('layers', (c) => int(c.summary.totals.layers)),
    row('params', (c) => int(c.summary.totals.params), { ruleAbove: true, strong: true }),
    row('  × first', (c) => ratio(c.ratio.params)),
    row('  trainable', (c) => int(c.summary.totals.trainable)),
    row('  non-trainable', (c) => int(c.summary.totals.nonTrainable)),
    row('  weights (float32)', (c) => bytes(c.summary.totals.params * 4)),
    ...families.map((f, i) => row(`${f} params`, (c) => int(c.byFamily[f]) + pct(c, c.byFamily[f]), i === 0 ? { ruleAbove: true } : {})),
    row('largest layer', (c) => (c.largest ? `${c.largest.name} (${c.largest.keras})` : '—'), { ruleAbove: true }),
    row('  its params', (c) => (c.largest ? int(c.largest.params) + pct(c, c.largest.params) : '—')),
    row('MACs per sample', (c) => si(c.summary.totals.macs), { ruleAbove: true, strong: true }),
    row('  × first', (c) => ratio(c.ratio.macs)),
    row('FLOPs per sample', (c) => si(c.summary.totals.flops)),
    row('activations / sample', (c) => `${int(c.summary.totals.activations)} (${bytes(c.summary.totals.activations * 4)})`),
  ];
  if (list.some((c) => c.summary.training)) {
    rows.push(row('training memory', (c) => (c.summary.training ? `${bytes(c.summary.training.total)} (batch ${c.summary.training.batch}, ${c.summary.training.optimizer})` : '—')));
  }
  return { columns: [{ header: '', align: 'left' }, ...list.map((c) => ({ header: c.label, align: 'right' as const }))], rows };
}

export function compareText(list: Compared[]): string {
  return renderBox(compareTable(list)) + '\n';
}

export function compareMarkdown(list: Compared[]): string {
  const t = compareTable(list);
  for (const r of t.rows) r.cells[0] = r.cells[0]!.replace(/^ +/, (sp) => '&nbsp;'.repeat(sp.length));
  return renderMarkdown(t) + '\n';
}

/** One model of `nnc compare --format json`: its summary, and how it compares with the first. */
export interface CompareJsonModel extends SummaryJsonModel {
  label: string;
  /** To the first model's; null when the first has none. */
  ratio: { params: number | null; macs: number | null };
  byFamily: Record<Family, number>;
  largestLayer: { name: string; kind: string; keras: string; params: number; outputShape: number[] } | null;
}

/** What `nnc compare --format json` prints. */
export interface CompareJson {
  models: CompareJsonModel[];
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function compareJsonObject(list: Compared[]): CompareJson {
  const models = list.map((c) => ({
    ...summaryJsonModel(c.summary),
    label: c.label,
    ratio: { params: finite(c.ratio.params), macs: finite(c.ratio.macs) },
    byFamily: c.byFamily,
    largestLayer: c.largest ? { name: c.largest.name, kind: c.largest.kind, keras: c.largest.keras, params: c.largest.params, outputShape: c.largest.outputShape } : null,
  }));
  return { models };
}

export function compareJson(list: Compared[]): string {
  return JSON.stringify(compareJsonObject(list), (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}

export const COMPARE_CSV_HEADER = [
  'model', 'file', 'params', 'trainable', 'non_trainable', 'macs', 'flops', 'activations', 'params_ratio', 'macs_ratio',
  ...FAMILIES.map((f) => `${f}_params`), 'largest_layer', 'largest_layer_params',
];

export function compareCsv(list: Compared[]): string {
  const r = (x: number) => (Number.isFinite(x) ? Number(x.toFixed(6)) : '');
  const lines = [csvLine(COMPARE_CSV_HEADER)];
  for (const c of list) {
    const t = c.summary.totals;
    lines.push(csvLine([
      c.summary.name, c.summary.file, t.params, t.trainable, t.nonTrainable, t.macs, t.flops, t.activations, r(c.ratio.params), r(c.ratio.macs),
      ...FAMILIES.map((f) => c.byFamily[f]), c.largest?.name ?? '', c.largest?.params ?? 0,
    ]));
  }
  return lines.join('\n') + '\n';
}

export function formatCompare(list: Compared[], format: Format): string {
  switch (format) {
    case 'text':
      return compareText(list);
    case 'md':
      return compareMarkdown(list);
    case 'json':
      return compareJson(list);
    case 'csv':
      return compareCsv(list);
  }
}

