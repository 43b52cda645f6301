// `nnc summary` output in its four formats. Text and Markdown show a Keras-like table with block
// calls as group rows (expanded when the model is small or with --expand); JSON and CSV list
// every layer with exact figures.
import { groupRows, shouldExpand, visibleEntries, type Entry } from './groups.js';
import type { LayerRow, Summary, TrainingMemory } from './summary.js';
import { bytes, csvLine, int, kerasShape, renderBox, renderMarkdown, si, type Row, type Table } from './table.js';

export type Format = 'text' | 'md' | 'json' | 'csv';
export const FORMATS: readonly Format[] = ['text', 'md', 'json', 'csv'];

export interface FormatOptions {
  expand?: boolean;
}

const INDENT = '  ';

function layerCells(r: LayerRow, depth: number): string[] {
  const label = `${INDENT.repeat(depth)}${r.name} (${r.keras})`;
  return [label, kerasShape(r.outputShape), int(r.params), r.nonTrainable ? int(r.nonTrainable) : '', r.macs ? si(r.macs) : ''];
}

export function summaryTable(s: Summary, expandAsked: boolean): Table {
  const entries = groupRows(s.layers);
  const expand = shouldExpand(entries, expandAsked);
  const rows: Row[] = [];
  let previousWasGroup = false;
  for (const { entry, expanded } of visibleEntries(entries, expand)) {
    const isTopGroup = entry.kind === 'group' && entry.depth === 0;
    const ruleAbove = expand && (isTopGroup || (previousWasGroup && entry.depth === 0));
    if (entry.depth === 0) previousWasGroup = isTopGroup;
    rows.push({ ...entryRow(entry, expanded), ruleAbove });
  }
  rows.push({
    cells: ['Total', kerasShape(s.output), int(s.totals.params), int(s.totals.nonTrainable), si(s.totals.macs)],
    ruleAbove: true,
    strong: true,
  });
  return {
    columns: [
      { header: 'Layer (type)', align: 'left' },
      { header: 'Output shape', align: 'left' },
      { header: 'Param #', align: 'right' },
      { header: 'Non-trainable', align: 'right' },
      { header: 'MACs', align: 'right' },
    ],
    rows,
  };
}

function entryRow(entry: Entry, expanded: boolean): Row {
  if (entry.kind === 'layer') return { cells: layerCells(entry.row, entry.depth) };
  const n = entry.layers.length;
  const label = `${INDENT.repeat(entry.depth)}${expanded ? '▾' : '▸'} ${entry.name} (block, ${n} layer${n === 1 ? '' : 's'})`;
  const out = entry.layers.at(-1)!.outputShape;
  return {
    cells: [label, kerasShape(out), int(entry.params), entry.nonTrainable ? int(entry.nonTrainable) : '', entry.macs ? si(entry.macs) : ''],
    strong: true,
  };
}

export function totalsLines(s: Summary): string[] {
  const t = s.totals;
  const lines = [
    `Total params: ${int(t.params)} (${bytes(t.params * 4)})`,
    `Trainable params: ${int(t.trainable)} (${bytes(t.trainable * 4)})`,
    `Non-trainable params: ${int(t.nonTrainable)} (${bytes(t.nonTrainable * 4)})`,
    `MACs per sample: ${si(t.macs)} (${int(t.macs)}); FLOPs: ${si(t.flops)}`,
    `Activations per sample: ${int(t.activations)} values (${bytes(t.activations * 4)})`,
  ];
  const m = s.training;
  if (m) {
    lines.push(
      `Training memory at batch ${m.batch} (${m.optimizer}, ${m.slots} slot${m.slots === 1 ? '' : 's'} per weight): ` +
        `${bytes(m.total)} = weights ${bytes(m.weights)} + gradients ${bytes(m.gradients)} + optimizer ${bytes(m.optimizerState)} + activations ${bytes(m.activations)}`,
    );
  }
  return lines;
}

export function summaryText(list: Summary[], opts: FormatOptions = {}): string {
  return list
    .map((s) => [`Model: "${s.name}"  (${s.file})`, renderBox(summaryTable(s, !!opts.expand)), ...totalsLines(s)].join('\n'))
    .join('\n\n') + '\n';
}

export function summaryMarkdown(list: Summary[], opts: FormatOptions = {}): string {
  return list
    .map((s) => {
      const table = summaryTable(s, !!opts.expand);
      // Markdown collapses leading spaces: indent nested rows with non-breaking spaces.
      for (const r of table.rows) r.cells[0] = r.cells[0]!.replace(/^ +/, (sp) => '&nbsp;'.repeat(sp.length));
      return [`## ${s.name}`, '', `\`${s.file}\``, '', renderMarkdown(table), '', ...totalsLines(s).map((l) => `- ${l}`)].join('\n');
    })
    .join('\n\n') + '\n';
}

/** One layer of `nnc summary --format json`. */
export interface SummaryJsonLayer {
  name: string;
  kind: string;
  keras: string;
  outputShape: number[];
  params: number;
  trainable: number;
  nonTrainable: number;
  macs: number;
  /** The block calls the layer comes from, outermost first. */
  block: string[];
}

/** One model of `nnc summary --format json`. */
export interface SummaryJsonModel {
  name: string;
  file: string;
  input: number[];
  output: number[];
  totals: {
    params: number;
    trainable: number;
    nonTrainable: number;
    macs: number;
    flops: number;
    activations: number;
    weightsBytes: number;
    activationsBytes: number;
    layers: number;
  };
  /** With a batch size: the estimated training memory. */
  training?: TrainingMemory;
  layers: SummaryJsonLayer[];
}

/** What `nnc summary --format json` prints. */
export interface SummaryJson {
  models: SummaryJsonModel[];
}

/** The JSON object for one model: the documented contract's keys, and a few more. */
export function summaryJsonModel(s: Summary): SummaryJsonModel {
  return {
    name: s.name,
    file: s.file,
    input: s.input,
    output: s.output,
    totals: {
      params: s.totals.params,
      trainable: s.totals.trainable,
      nonTrainable: s.totals.nonTrainable,
      macs: s.totals.macs,
      flops: s.totals.flops,
      activations: s.totals.activations,
      weightsBytes: s.totals.params * 4,
      activationsBytes: s.totals.activations * 4,
      layers: s.totals.layers,
    },
    ...(s.training ? { training: s.training } : {}),
    layers: s.layers.map((r) => ({
      name: r.name,
      kind: r.kind,
      keras: r.keras,
      outputShape: r.outputShape,
      params: r.params,
      trainable: r.trainable,
      nonTrainable: r.nonTrainable,
      macs: r.macs,
      block: r.scope,
    })),
  };
}

export function summaryJsonObject(list: Summary[]): SummaryJson {
  return { models: list.map(summaryJsonModel) };
}

export function summaryJson(list: Summary[]): string {
  return JSON.stringify(summaryJsonObject(list), null, 2) + '\n';
}

export const SUMMARY_CSV_HEADER = ['model', 'file', 'layer', 'kind', 'keras', 'block', 'output_shape', 'params', 'trainable', 'non_trainable', 'macs'];

export function summaryCsv(list: Summary[]): string {
  const lines = [csvLine(SUMMARY_CSV_HEADER)];
  for (const s of list) {
    for (const r of s.layers) {
      lines.push(csvLine([s.name, s.file, r.name, r.kind, r.keras, r.scope.join('/'), r.outputShape.join('x'), r.params, r.trainable, r.nonTrainable, r.macs]));
    }
  }
  return lines.join('\n') + '\n';
}

export function formatSummary(list: Summary[], format: Format, opts: FormatOptions = {}): string {
  switch (format) {
    case 'text':
      return summaryText(list, opts);
    case 'md':
      return summaryMarkdown(list, opts);
    case 'json':
      return summaryJson(list);
    case 'csv':
      return summaryCsv(list);
  }
}
