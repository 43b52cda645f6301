// Learning-curve pictures as standalone SVG, a pure function of epoch records: a loss panel and an
// accuracy panel, each with axes, "nice" ticks, a grid, markers on every epoch (so a 1-epoch run
// shows its points) and a legend below the panels, outside the data. plotSvg draws one run (with
// the loss's data part dashed when there is an L1/L2 penalty); plotOverlay draws several runs or
// models in one picture, a colour per model (or run), solid for training and dashed for validation.
// A series may carry a band (e.g. min–max over runs) drawn translucent under its line; picture()
// lays panels out in rows of a given number of columns.
import type { EpochRecord } from './record.js';

const PANEL_W = 420, PANEL_H = 300, M = { left: 58, right: 16, top: 34, bottom: 44 };
export const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** Marker shapes, so that curves that lie on top of each other (or are printed in grey) stay apart. */
export const MARKERS = ['circle', 'square', 'triangle', 'diamond'] as const;
export type Marker = (typeof MARKERS)[number];

export interface Series {
  name: string; colour: string; dashed?: boolean; values: (number | undefined)[]; marker?: Marker;
  /** A band around the values, drawn translucent; its points must be finite where values are. */
  band?: { lo: (number | undefined)[]; hi: (number | undefined)[] };
}
export interface Panel { title: string; series: Series[] }
export interface LegendEntry { label: string; colour: string; dashed?: boolean; marker?: Marker }

/** A marker centred on (x, y); hollow for dashed (validation) series. */
function mark(shape: Marker | undefined, x: number, y: number, colour: string, hollow?: boolean): string {
  const paint = `fill="${hollow ? 'white' : colour}" stroke="${colour}" stroke-width="1.5"`;
  const at = (pts: [number, number][]) => pts.map(([dx, dy]) => `${(x + dx).toFixed(1)},${(y + dy).toFixed(1)}`).join(' ');
  switch (shape) {
    case 'square': return `<rect x="${(x - 3.2).toFixed(1)}" y="${(y - 3.2).toFixed(1)}" width="6.4" height="6.4" ${paint}/>`;
    case 'triangle': return `<polygon points="${at([[0, -4.4], [4, 2.8], [-4, 2.8]])}" ${paint}/>`;
    case 'diamond': return `<polygon points="${at([[0, -4.6], [4.2, 0], [0, 4.6], [-4.2, 0]])}" ${paint}/>`;
    default: return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3.5" ${paint}/>`;
  }
}

/** About `count` round tick values (1, 2 or 5 × 10^k apart) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

const label = (v: number) => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(1) : String(Number(v.toPrecision(6))));
const finite = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);

function panel(x0: number, p: Panel): string {
  const w = PANEL_W - M.left - M.right, h = PANEL_H - M.top - M.bottom;
  const all = p.series.flatMap((s) => [...s.values, ...(s.band?.lo ?? []), ...(s.band?.hi ?? [])]).filter(finite);
  const n = Math.max(1, ...p.series.map((s) => s.values.length));
  let lo = all.length ? Math.min(...all) : 0, hi = all.length ? Math.max(...all) : 1;
  if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
  const pad = (hi - lo) * 0.05;
  const yTicks = niceTicks(lo - pad, hi + pad);
  lo = Math.min(lo - pad, yTicks[0]!); hi = Math.max(hi + pad, yTicks.at(-1)!);
  // Epochs 1..n; half an epoch of room on each side so end points and single points show.
  const px = (epoch: number) => x0 + M.left + ((epoch - 0.5) / n) * w;
  const py = (v: number) => M.top + h - ((v - lo) / (hi - lo)) * h;
  const xTicks = niceTicks(1, n, Math.min(n, 8)).filter((t) => Number.isInteger(t) && t >= 1);
  const out = [`<text x="${x0 + M.left + w / 2}" y="${M.top - 12}" text-anchor="middle" font-weight="bold">${esc(p.title)}</text>`];
  for (const t of yTicks) {
    out.push(`<line x1="${x0 + M.left}" x2="${x0 + M.left + w}" y1="${py(t).toFixed(1)}" y2="${py(t).toFixed(1)}" stroke="#e4e4e4"/>`);
    out.push(`<text x="${x0 + M.left - 6}" y="${(py(t) + 4).toFixed(1)}" text-anchor="end" font-size="11">${label(t)}</text>`);
  }
  for (const t of xTicks) {
    out.push(`<line x1="${px(t).toFixed(1)}" x2="${px(t).toFixed(1)}" y1="${M.top}" y2="${M.top + h}" stroke="#f0f0f0"/>`);
    out.push(`<line x1="${px(t).toFixed(1)}" x2="${px(t).toFixed(1)}" y1="${M.top + h}" y2="${M.top + h + 5}" stroke="#333"/>`);
    out.push(`<text x="${px(t).toFixed(1)}" y="${M.top + h + 18}" text-anchor="middle" font-size="11">${t}</text>`);
  }
  out.push(`<rect x="${x0 + M.left}" y="${M.top}" width="${w}" height="${h}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${x0 + M.left + w / 2}" y="${PANEL_H - 8}" text-anchor="middle" font-size="12">epoch</text>`);
  for (const s of p.series) out.push(band(s, px, py));
  for (const s of p.series) {
    const pts = s.values.map((v, i) => (finite(v) ? [px(i + 1), py(v)] as const : null)).filter((q) => q !== null);
    if (pts.length === 0) continue;
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    if (pts.length > 1) out.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="2"${dash} points="${pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}"/>`);
    for (const [x, y] of pts) out.push(mark(s.marker, x, y, s.colour, s.dashed));
  }
  return out.join('\n');
}

/** The band as one polygon per stretch of consecutive finite epochs (a single epoch: a bar). */
function band(s: Series, px: (epoch: number) => number, py: (v: number) => number): string {
  if (!s.band) return '';
  const { lo, hi } = s.band;
  const runs: number[][] = [];
  s.values.forEach((_, i) => {
    if (!finite(lo[i]) || !finite(hi[i])) return;
    const last = runs.at(-1);
    if (last && last.at(-1) === i - 1) last.push(i); else runs.push([i]);
  });
  return runs.map((idx) => {
    const dx = idx.length === 1 ? 4 : 0;
    const upper = idx.map((i) => `${(px(i + 1) - dx).toFixed(1)},${py(hi[i]!).toFixed(1)}`);
    if (dx) upper.push(`${(px(idx[0]! + 1) + dx).toFixed(1)},${py(hi[idx[0]!]!).toFixed(1)}`);
    const lower = idx.map((i) => `${(px(i + 1) + dx).toFixed(1)},${py(lo[i]!).toFixed(1)}`).reverse();
    if (dx) lower.push(`${(px(idx[0]! + 1) - dx).toFixed(1)},${py(lo[idx[0]!]!).toFixed(1)}`);
    return `<polygon fill="${s.colour}" fill-opacity="0.15" stroke="none" points="${[...upper, ...lower].join(' ')}"/>`;
  }).join('\n');
}

function legend(entries: LegendEntry[], y: number, width: number): { svg: string; height: number } {
  const itemW = Math.max(...entries.map((e) => 40 + 7 * e.label.length), 120);
  const perRow = Math.max(1, Math.floor((width - 40) / itemW));
  const out = entries.map((e, i) => {
    const x = 40 + (i % perRow) * itemW, yy = y + 16 + Math.floor(i / perRow) * 20;
    const dash = e.dashed ? ' stroke-dasharray="6 4"' : '';
    return `<line x1="${x}" x2="${x + 26}" y1="${yy - 4}" y2="${yy - 4}" stroke="${e.colour}" stroke-width="2"${dash}/>`
      + mark(e.marker, x + 13, yy - 4, e.colour, e.dashed)
      + `<text x="${x + 32}" y="${yy}" font-size="12">${esc(e.label)}</text>`;
  });
  return { svg: out.join('\n'), height: 12 + Math.ceil(entries.length / perRow) * 20 };
}

/** Panels in rows of `columns`, a title above and the legend below them all. */
export function picture(title: string, panels: Panel[], entries: LegendEntry[], columns = panels.length): string {
  const rows = Math.ceil(panels.length / columns);
  const width = PANEL_W * Math.min(columns, panels.length);
  const lg = legend(entries, PANEL_H * rows + 30, width);
  const height = PANEL_H * rows + 30 + lg.height;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${esc(title)}</title>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14">${esc(title)}</text>`,
    ...panels.map((p, i) => `<g transform="translate(0, ${16 + Math.floor(i / columns) * PANEL_H})">\n${panel((i % columns) * PANEL_W, p)}\n</g>`),
    lg.svg,
    '</svg>',
    '',
  ].join('\n');
}

const col = (epochs: EpochRecord[], k: string) => epochs.map((e) => e[k] as number | undefined);
const has = (epochs: EpochRecord[], k: string) => epochs.some((e) => finite(e[k] as number | undefined));

/** One run: loss (with its data part dashed when there is a penalty) and accuracy, training and validation. */
export function plotSvg(title: string, epochs: EpochRecord[]): string {
  const penalty = epochs.some((e) => (e.penalty ?? 0) > 0);
  const [train, val, trainData, valData] = COLOURS;
  const loss: Series[] = [{ name: 'training', colour: train!, values: col(epochs, 'loss') }];
  if (has(epochs, 'valLoss')) loss.push({ name: 'validation', colour: val!, values: col(epochs, 'valLoss') });
  if (penalty) {
    loss.push({ name: 'training data loss (without penalty)', colour: trainData!, dashed: true, values: col(epochs, 'dataLoss') });
    if (has(epochs, 'valDataLoss')) loss.push({ name: 'validation data loss (without penalty)', colour: valData!, dashed: true, values: col(epochs, 'valDataLoss') });
  }
  const panels: Panel[] = [{ title: penalty ? 'loss (solid: with L1/L2 penalty)' : 'loss', series: loss }];
  if (has(epochs, 'accuracy')) {
    panels.push({ title: 'accuracy', series: [
      { name: 'training', colour: train!, values: col(epochs, 'accuracy') },
      ...(has(epochs, 'valAccuracy') ? [{ name: 'validation', colour: val!, values: col(epochs, 'valAccuracy') }] : []),
    ] });
  }
  const entries = panels.flatMap((p) => p.series).filter((s, i, a) => a.findIndex((t) => t.name === s.name) === i)
    .map((s) => ({ label: s.name, colour: s.colour, dashed: s.dashed }));
  return picture(title, panels, entries);
}

/** Several runs (or models) in one picture: a colour per curve group, solid training, dashed validation. */
export function plotOverlay(title: string, groups: { label: string; runs: EpochRecord[][] }[]): string {
  const series = (k: string, vk: string): Series[] => groups.flatMap((g, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    return g.runs.flatMap((epochs) => [
      { name: g.label, colour, values: col(epochs, k) },
      ...(has(epochs, vk) ? [{ name: g.label, colour, dashed: true, values: col(epochs, vk) }] : []),
    ]);
  });
  const anyVal = groups.some((g) => g.runs.some((r) => has(r, 'valLoss')));
  const panels: Panel[] = [{ title: 'loss', series: series('loss', 'valLoss') }];
  if (groups.some((g) => g.runs.some((r) => has(r, 'accuracy')))) panels.push({ title: 'accuracy', series: series('accuracy', 'valAccuracy') });
  const entries: LegendEntry[] = groups.map((g, i) => ({ label: g.runs.length > 1 ? `${g.label} (${g.runs.length} runs)` : g.label, colour: COLOURS[i % COLOURS.length]! }));
  if (anyVal) entries.push({ label: 'solid: training, dashed: validation', colour: '#555', dashed: true });
  return picture(title, panels, entries);
}
