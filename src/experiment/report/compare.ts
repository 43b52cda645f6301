// Welch's t-tests between variants on the report's metric, phrased plainly. A small experiment
// (up to 6 variants, or a grid along one axis) compares every pair. A larger grid compares the
// variants that differ in exactly one axis, grouped by that axis, with a tally per axis ("relu
// higher in 7 of 8 pairs, 5 significant"): these are the comparisons that isolate one choice.
import { ALPHA, welch, type Welch } from '../stats.js';
import type { Analysis, Metric, VariantAnalysis } from './analyse.js';
import { place } from './analyse.js';
import { fixed, pValue } from './format.js';

export interface Comparison {
  a: VariantAnalysis;
  b: VariantAnalysis;
  /** What the two are called in the sentence (labels, or their values on the axis they differ in). */
  names: [string, string];
  /** For a one-axis comparison: where both sit on the other axes. */
  context?: string;
  test: Welch;
  /** The outcome in a few words, e.g. `cnn higher, significant` or `no significant difference`. */
  verdict: string;
  sentence: string;
}

export interface ComparisonGroup {
  /** The axis the variants differ in; none when every pair is compared. */
  axis?: string;
  /** A tally per pair of axis values. */
  tally: string[];
  items: Comparison[];
}

const ALL_PAIRS_UP_TO = 6;

const values = (v: VariantAnalysis, metric: Metric) => v.variant.runs.map((r) => (metric === 'accuracy' ? r.test.accuracy : r.test.loss));
const meanOf = (v: VariantAnalysis, metric: Metric) => (metric === 'accuracy' ? v.accuracy.mean : v.loss.mean);

/** Which of the two is better on the metric (higher accuracy, lower loss), if their means differ. */
function better(c: { test: Welch }, metric: Metric): 0 | 1 | null {
  const d = c.test.diff;
  if (d === null || d === 0) return null;
  return (d > 0) === (metric === 'accuracy') ? 0 : 1;
}

type Base = Pick<Comparison, 'a' | 'b' | 'names' | 'context' | 'test'>;

function verdict(c: Base, metric: Metric): string {
  const t = c.test;
  if (!t.ok) return `no test: ${t.reason}`;
  if (t.p >= ALPHA) return 'no significant difference';
  return `${c.names[better(c, metric)!]} ${metric === 'accuracy' ? 'higher' : 'lower'}, significant`;
}

function sentence(c: Base, metric: Metric): string {
  const [na, nb] = c.names;
  const means = `${fixed(meanOf(c.a, metric))} vs ${fixed(meanOf(c.b, metric))}`;
  const head = `${na} vs ${nb}${c.context ? ` (${c.context})` : ''}: `;
  const t = c.test;
  if (!t.ok) return `${head}no test, ${t.reason} (${means})`;
  const stats = `${pValue(t.p)} (t = ${t.t.toFixed(2)}, df = ${t.df.toFixed(1)})`;
  if (t.p >= ALPHA) return `${head}no significant difference (${means}), ${stats}`;
  const winner = c.names[better(c, metric)!];
  return `${head}${winner} ${metric === 'accuracy' ? 'higher' : 'lower'} by ${fixed(Math.abs(t.diff))} (${means}), significant, ${stats}`;
}

function compare(a: VariantAnalysis, b: VariantAnalysis, names: [string, string], metric: Metric, context?: string): Comparison {
  const base: Base = { a, b, names, context, test: welch(values(a, metric), values(b, metric)) };
  return { ...base, verdict: verdict(base, metric), sentence: sentence(base, metric) };
}

function tally(items: Comparison[], axis: string, metric: Metric, axisValues: unknown[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < axisValues.length; i++) {
    for (let j = i + 1; j < axisValues.length; j++) {
      const u = `${axis}=${String(axisValues[i])}`, w = `${axis}=${String(axisValues[j])}`;
      const pairs = items.filter((c) => c.names[0] === u && c.names[1] === w);
      if (pairs.length === 0) continue;
      const side = (k: 0 | 1) => {
        const won = pairs.filter((c) => better(c, metric) === k);
        const sig = won.filter((c) => c.test.ok && c.test.p < ALPHA).length;
        return `${[u, w][k]} ${metric === 'accuracy' ? 'higher' : 'lower'} in ${won.length} (${sig} significantly)`;
      };
      lines.push(`${u} vs ${w}, ${pairs.length} pairs: ${side(0)}, ${side(1)}`);
    }
  }
  return lines;
}

export function comparisons(an: Analysis): ComparisonGroup[] {
  const vs = an.variants;
  if (vs.length < 2) return [];
  const allPairs = (): ComparisonGroup[] =>
    [{ tally: [], items: vs.flatMap((a, i) => vs.slice(i + 1).map((b) => compare(a, b, [a.variant.label, b.variant.label], an.metric))) }];
  if (vs.length <= ALL_PAIRS_UP_TO || an.axes.length <= 1) return allPairs();
  const groups = an.axes.map((axis) => {
    const others = an.axes.filter((x) => x !== axis).map((x) => x.name);
    const items: Comparison[] = [];
    vs.forEach((a, i) => vs.slice(i + 1).forEach((b) => {
      if (a.at[axis.name] === b.at[axis.name] || others.some((o) => a.at[o] !== b.at[o])) return;
      // Name the pair in the axis's own order, so the tally reads the same way for every pair.
      const [x, y] = axis.values.indexOf(a.at[axis.name]!) < axis.values.indexOf(b.at[axis.name]!) ? [a, b] : [b, a];
      items.push(compare(x, y, [place(x, [axis.name]), place(y, [axis.name])], an.metric, place(x, others)));
    }));
    return { axis: axis.name, tally: tally(items, axis.name, an.metric, axis.values), items };
  }).filter((g) => g.items.length > 0);
  // Variants that are no grid (each differs from every other in several ways) are compared pair by pair.
  return groups.length ? groups : allPairs();
}

/** How many tests ran (with a p-value). */
export const testsRun = (groups: ComparisonGroup[]): number => groups.reduce((n, g) => n + g.items.filter((c) => c.test.ok).length, 0);

/**
 * The variant with the best mean on the metric and, when every pair was tested, how it compares with each
 * other variant: "**Highest mean test accuracy:** `cnn` (0.8600): significantly higher than `fc8` (p < 0.001); …".
 */
export function bestSentence(an: Analysis, groups: ComparisonGroup[]): string | null {
  const scored = an.variants.filter((v) => meanOf(v, an.metric) !== null);
  if (scored.length < 2) return null;
  const sign = an.metric === 'accuracy' ? 1 : -1;
  const top = scored.reduce((b, v) => (sign * meanOf(v, an.metric)! > sign * meanOf(b, an.metric)! ? v : b));
  const what = an.metric === 'accuracy' ? 'Highest mean test accuracy' : 'Lowest mean test loss';
  const parts = [`**${what}:** \`${top.variant.label}\` (${fixed(meanOf(top, an.metric))})`];
  if (groups.length === 1 && !groups[0]!.axis) {
    const mine = groups[0]!.items.filter((c) => c.a === top || c.b === top);
    const other = (c: Comparison) => (c.a === top ? c.b : c.a).variant.label;
    const list = (cs: Comparison[]) => cs.map((c) => `\`${other(c)}\`${c.test.ok ? ` (${pValue(c.test.p)})` : ''}`).join(', ');
    const tested = mine.filter((c) => c.test.ok), untested = mine.filter((c) => !c.test.ok);
    const sig = tested.filter((c) => c.test.ok && c.test.p < ALPHA), same = tested.filter((c) => !sig.includes(c));
    const clauses = [
      ...(sig.length ? [`significantly ${an.metric === 'accuracy' ? 'higher' : 'lower'} than ${list(sig)}`] : []),
      ...(same.length ? [`not significantly different from ${list(same)}`] : []),
      ...(untested.length ? [`not tested against ${list(untested)}`] : []),
    ];
    parts.push(clauses.join('; '));
  }
  return `${parts.join(': ')}.`;
}
