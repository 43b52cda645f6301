// What the report says about an experiment, before any formatting: the summary of each variant's
// test metrics, the axes its grid varies (so comparisons can be grouped by them), and how many
// runs diverged. A pure function of ExperimentResults.
import { summarize, type Summary } from '../stats.js';
import type { ExperimentResults, ExperimentVariant, GridValue } from '../types.js';

/** The metric the report compares variants on: test accuracy, or test loss for models without it. */
export type Metric = 'accuracy' | 'loss';

export interface VariantAnalysis {
  variant: ExperimentVariant;
  /** Where the variant sits on each axis, by axis name. */
  at: Record<string, GridValue>;
  accuracy: Summary;
  loss: Summary;
  dataLoss: Summary;
  penalty: Summary;
  /** Runs whose test loss is not finite. */
  diverged: number;
}

export interface Axis { name: string; values: GridValue[] }

export interface Analysis {
  results: ExperimentResults;
  metric: Metric;
  /** Some run's loss has an L1/L2 penalty, so data loss and penalty are shown. */
  penalty: boolean;
  axes: Axis[];
  variants: VariantAnalysis[];
}

/** Everything that places a variant in the grid: its model, model parameters and train settings. */
function coordinates(v: ExperimentVariant): Record<string, GridValue> {
  const at: Record<string, GridValue> = { model: v.model };
  for (const [k, value] of Object.entries(v.args)) at[k] = value;
  // A parameter that is also the train setting of that name (hw4's `batch`) is one axis, not two.
  for (const [k, value] of Object.entries(v.settings)) if (at[k] !== value) at[k in at ? `train.${k}` : k] = value;
  return at;
}

/** The axes along which variants differ, outermost first: the grid's order changes the outer axes least often. */
function gridAxes(all: Record<string, GridValue>[]): Axis[] {
  const names = [...new Set(all.flatMap((at) => Object.keys(at)))];
  const changes = (name: string) => all.filter((at, i) => i > 0 && at[name] !== all[i - 1]![name]).length;
  return names.flatMap((name) => {
    const values = [...new Set(all.map((at) => at[name]))];
    return values.length > 1 ? [{ name, values: values.map((v) => v ?? '(default)'), changes: changes(name) }] : [];
  }).sort((a, b) => a.changes - b.changes).map(({ name, values }) => ({ name, values }));
}

export function analyse(results: ExperimentResults): Analysis {
  const all = results.variants.map(coordinates);
  const axes = gridAxes(all);
  const variants = results.variants.map((variant, i) => {
    const runs = variant.runs;
    const at = Object.fromEntries(axes.map((a) => [a.name, all[i]![a.name] ?? '(default)']));
    return {
      variant, at,
      accuracy: summarize(runs.map((r) => r.test.accuracy)),
      loss: summarize(runs.map((r) => r.test.loss)),
      dataLoss: summarize(runs.map((r) => r.test.dataLoss)),
      penalty: summarize(runs.map((r) => r.test.penalty)),
      diverged: runs.filter((r) => !Number.isFinite(r.test.loss)).length,
    };
  });
  const metric: Metric = results.variants.some((v) => v.runs.some((r) => r.test.accuracy !== null)) ? 'accuracy' : 'loss';
  const penalty = results.variants.some((v) => v.runs.some((r) => r.test.penalty > 0));
  return { results, metric, penalty, axes, variants };
}

/** The axis values that set a variant apart, e.g. `act=sigmoid batch=1`. */
export const place = (v: VariantAnalysis, axes: string[]): string => axes.map((a) => `${a}=${String(v.at[a])}`).join(' ');
