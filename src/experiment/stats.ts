// The statistics of an experiment's report: mean, sample standard deviation (n − 1), a 95%
// confidence interval of the mean (Student's t with n − 1 degrees of freedom) and Welch's
// two-sample t-test (unequal variances, Welch–Satterthwaite degrees of freedom, two-sided p).
// Values that are not finite (a diverged run's loss, a missing accuracy) are left out and counted.
// When a statistic cannot be computed (one run, no variance) the result says why instead.
import jStat from 'jstat';

/** The usual significance level: a difference with p below it is called significant. */
export const ALPHA = 0.05;

export interface Summary {
  /** Finite values used, and values left out (not finite or missing). */
  n: number;
  excluded: number;
  mean: number | null;
  /** Sample standard deviation (divisor n − 1); null for fewer than 2 values. */
  std: number | null;
  /** 95% confidence interval of the mean; null for fewer than 2 values. */
  ci: [number, number] | null;
}

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

export const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Sample variance with divisor n − 1 (two passes, so equal values give exactly 0). */
export function variance(xs: number[]): number {
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
}

/** The t value with `df` degrees of freedom that leaves `(1 − level) / 2` in each tail. */
export const tQuantile = (level: number, df: number): number => jStat.studentt.inv(1 - (1 - level) / 2, df);

export function summarize(values: readonly (number | null | undefined)[], level = 0.95): Summary {
  const xs = values.filter(finite);
  const excluded = values.length - xs.length;
  if (xs.length === 0) return { n: 0, excluded, mean: null, std: null, ci: null };
  const m = mean(xs);
  if (xs.length === 1) return { n: 1, excluded, mean: m, std: null, ci: null };
  const std = Math.sqrt(variance(xs));
  const half = tQuantile(level, xs.length - 1) * std / Math.sqrt(xs.length);
  return { n: xs.length, excluded, mean: m, std, ci: [m - half, m + half] };
}

export type Welch =
  | { ok: true; diff: number; t: number; df: number; p: number }
  | { ok: false; diff: number | null; reason: string };

/** Welch's t-test of mean(a) − mean(b), two-sided; non-finite values are left out first. */
export function welch(aValues: readonly (number | null | undefined)[], bValues: readonly (number | null | undefined)[]): Welch {
  const a = aValues.filter(finite), b = bValues.filter(finite);
  if (a.length === 0 || b.length === 0) return { ok: false, diff: null, reason: 'no finished run to compare' };
  const diff = mean(a) - mean(b);
  if (a.length < 2 || b.length < 2) return { ok: false, diff, reason: 'a test needs at least 2 runs of each' };
  const sa = variance(a) / a.length, sb = variance(b) / b.length;
  if (sa + sb === 0) {
    const reason = diff === 0
      ? 'identical: every run gave the same value'
      : 'every run of each gave the same value: no variation to test against';
    return { ok: false, diff, reason };
  }
  const t = diff / Math.sqrt(sa + sb);
  // Welch–Satterthwaite; a group without variance contributes nothing to either sum.
  const df = (sa + sb) ** 2 / (sa ** 2 / (a.length - 1) + sb ** 2 / (b.length - 1));
  const p = Math.min(1, 2 * jStat.studentt.cdf(-Math.abs(t), df));
  return { ok: true, diff, t, df, p };
}
