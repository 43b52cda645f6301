// The report's statistics against values worked out by hand and with SciPy 1.10
// (scipy.stats.t.interval, scipy.stats.ttest_ind(a, b, equal_var=False)).
import { describe, expect, test } from 'vitest';
import { summarize, tQuantile, welch } from '../../src/experiment/stats.js';

const A = [0.85, 0.87, 0.84, 0.86, 0.88];
const B = [0.73, 0.75, 0.70, 0.74, 0.72];
const C = [0.80, 0.86, 0.79, 0.90, 0.83];

describe('summaries', () => {
  test('mean, sample std (n − 1) and a 95% interval of the mean', () => {
    // mean = 4.30 / 5 = 0.86; squared deviations 0.0001 + 0.0001 + 0.0004 + 0 + 0.0004 = 0.0010;
    // variance = 0.0010 / 4 = 0.00025, std = 0.0158114; t(0.975, 4) = 2.776445;
    // half width = 2.776445 × 0.0158114 / √5 = 0.0196324 → [0.8403676, 0.8796324] (SciPy agrees).
    const s = summarize(A);
    expect(s.n).toBe(5);
    expect(s.excluded).toBe(0);
    expect(s.mean).toBeCloseTo(0.86, 12);
    expect(s.std).toBeCloseTo(0.01581138830084191, 12);
    expect(s.ci![0]).toBeCloseTo(0.8403675683852244, 7);
    expect(s.ci![1]).toBeCloseTo(0.8796324316147756, 7);
  });

  test('t quantiles match the tables', () => {
    // Two-sided 95%: 12.706 (1 df), 4.303 (2), 2.776 (4), 2.262 (9), 2.045 (29).
    const expected = [[1, 12.70620474], [2, 4.30265273], [4, 2.77644511], [9, 2.26215716], [29, 2.04522964]];
    for (const [df, t] of expected) expect(tQuantile(0.95, df!)).toBeCloseTo(t!, 6);
  });

  test('one run: a mean, no spread and no interval', () => {
    expect(summarize([0.7])).toEqual({ n: 1, excluded: 0, mean: 0.7, std: null, ci: null });
  });

  test('diverged runs (NaN, Infinity, missing) are left out and counted', () => {
    const s = summarize([0.5, Number.NaN, 0.7, Number.POSITIVE_INFINITY, null]);
    expect(s.n).toBe(2);
    expect(s.excluded).toBe(3);
    expect(s.mean).toBeCloseTo(0.6, 12);
    // std = √((0.01 + 0.01) / 1) = 0.141421; half width = 12.7062 × 0.141421 / √2 = 1.270620.
    expect(s.std).toBeCloseTo(0.1414213562, 9);
    expect(s.ci![1]).toBeCloseTo(0.6 + 1.270620474, 6);
    expect(summarize([Number.NaN])).toEqual({ n: 0, excluded: 1, mean: null, std: null, ci: null });
  });
});

describe("Welch's t-test", () => {
  test('a clear difference', () => {
    // mean B = 0.728, var B = (0.0004 + 0.0484 + 0.0784 + 0.0144 + 0.0064)·10⁻² / 4 = 0.00037;
    // se² = 0.00025/5 + 0.00037/5 = 0.000124; t = 0.132 / √0.000124 = 11.8539;
    // df = 0.000124² / (0.00005²/4 + 0.000074²/4) = 7.7111; SciPy: p = 3.1893e-06.
    const w = welch(A, B);
    expect(w.ok).toBe(true);
    if (!w.ok) return;
    expect(w.diff).toBeCloseTo(0.132, 12);
    expect(w.t).toBeCloseTo(11.853949933767135, 9);
    expect(w.df).toBeCloseTo(7.711133400200602, 9);
    expect(w.p).toBeCloseTo(3.189325093843519e-6, 9);
  });

  test('no significant difference', () => {
    // SciPy: t = 1.123903, df = 4.970502, p = 0.312384.
    const w = welch(A, C);
    expect(w.ok && [w.t, w.df, w.p].map((v) => Number(v.toFixed(5)))).toEqual([1.1239, 4.9705, 0.31238]);
  });

  test('one group without variance: the other gives the degrees of freedom', () => {
    // se² = 0 + var([0.25, 0.30, 0.28, 0.27]) / 4 = 0.000425 / 4; t = −0.025 / 0.0103078 = −2.401922;
    // df = (sb)² / (sb² / 3) = 3 exactly; SciPy: p = 0.0957089.
    const w = welch([0.25, 0.25, 0.25], [0.25, 0.30, 0.28, 0.27]);
    expect(w.ok && [w.t, w.df, w.p].map((v) => Number(v.toFixed(6)))).toEqual([-2.401922, 3, 0.095709]);
  });

  test('no test with one run, with no variance at all, or with nothing finished', () => {
    expect(welch([0.8], [0.7, 0.72])).toEqual({ ok: false, diff: expect.closeTo(0.09, 12), reason: 'a test needs at least 2 runs of each' });
    expect(welch([0.25, 0.25], [0.25, 0.25, 0.25])).toEqual({ ok: false, diff: 0, reason: 'identical: every run gave the same value' });
    const exact = welch([1, 1], [0.5, 0.5]);
    expect(exact.ok).toBe(false);
    expect(exact.diff).toBe(0.5);
    expect(welch([Number.NaN], [0.5, 0.6])).toEqual({ ok: false, diff: null, reason: 'no finished run to compare' });
  });

  test('diverged runs are left out before testing', () => {
    const w = welch([...A, Number.NaN], [...B, Number.POSITIVE_INFINITY]);
    expect(w.ok && w.t).toBeCloseTo(11.853949933767135, 9);
  });
});
