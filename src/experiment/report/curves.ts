// Learning curves of an experiment: per variant, the mean over its runs at each epoch with a
// min–max band, for training and validation loss and accuracy (a panel each). Variants are drawn
// in pictures of at most four, in grid order, so that each picture holds variants that differ
// only in the last axes and the colours stay distinguishable.
import { COLOURS, MARKERS, picture, type Panel, type Series } from '../../runtime/plot.js';
import type { EpochRecord } from '../../runtime/record.js';
import type { Analysis, VariantAnalysis } from './analyse.js';
import { place } from './analyse.js';

export const PER_PICTURE = 4;

export interface Picture {
  /** The SVG file's name next to report.md, e.g. `curves-1.svg`. */
  file: string;
  title: string;
  svg: string;
}

export interface Curve { mean: (number | undefined)[]; lo: (number | undefined)[]; hi: (number | undefined)[] }

/** Mean, minimum and maximum of a metric over runs, epoch by epoch, over the runs that have a finite value there. */
export function curve(runs: EpochRecord[][], key: string): Curve {
  const n = Math.max(0, ...runs.map((r) => r.length));
  const out: Curve = { mean: [], lo: [], hi: [] };
  for (let i = 0; i < n; i++) {
    const xs = runs.map((r) => r[i]?.[key]).filter((v): v is number => v !== undefined && Number.isFinite(v));
    out.mean.push(xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : undefined);
    out.lo.push(xs.length ? Math.min(...xs) : undefined);
    out.hi.push(xs.length ? Math.max(...xs) : undefined);
  }
  return out;
}

const PANELS: [string, string][] = [
  ['training loss', 'loss'], ['validation loss', 'valLoss'], ['training accuracy', 'accuracy'], ['validation accuracy', 'valAccuracy'],
];

function panels(group: VariantAnalysis[], names: string[]): Panel[] {
  return PANELS.map(([title, key]) => ({
    title,
    series: group.map((v, i): Series => {
      const c = curve(v.variant.runs.map((r) => r.epochs), key);
      return { name: names[i]!, colour: COLOURS[i % COLOURS.length]!, marker: MARKERS[i % MARKERS.length], values: c.mean,
        ...(v.variant.runs.length > 1 ? { band: { lo: c.lo, hi: c.hi } } : {}) };
    }),
  })).filter((p) => p.series.some((s) => s.values.some((v) => v !== undefined)));
}

export function curvePictures(an: Analysis): Picture[] {
  const groups: VariantAnalysis[][] = [];
  for (let i = 0; i < an.variants.length; i += PER_PICTURE) groups.push(an.variants.slice(i, i + PER_PICTURE));
  const runs = an.results.runs;
  const band = runs > 1 ? `: mean of ${runs} runs, band min–max` : '';
  return groups.flatMap((group, g) => {
    // Within a picture, axes that all its variants share go in the title; the legend names the rest.
    const shared = an.axes.filter((a) => group.every((v) => v.at[a.name] === group[0]!.at[a.name])).map((a) => a.name);
    const differ = an.axes.map((a) => a.name).filter((a) => !shared.includes(a));
    const names = group.map((v) => (differ.length && shared.length ? place(v, differ) : v.variant.label));
    const where = shared.length && differ.length ? ` (${place(group[0]!, shared)})` : '';
    const title = `${an.results.name}${where}${band}`;
    const file = groups.length === 1 ? 'curves.svg' : `curves-${g + 1}.svg`;
    const ps = panels(group, names);
    if (ps.length === 0) return [];
    const legend = names.map((name, i) => ({ label: name, colour: COLOURS[i % COLOURS.length]!, marker: MARKERS[i % MARKERS.length] }));
    return [{ file, title, svg: picture(title, ps, legend, 2) }];
  });
}
