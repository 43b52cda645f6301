// plot.svg: nice ticks, markers on every epoch (a 1-epoch run shows), the legend below the data,
// the penalty's split dashed, and overlays of several runs or models.
import { describe, expect, test } from 'vitest';
import { niceTicks, plotOverlay, plotSvg } from '../../src/runtime/plot.js';
import type { EpochRecord } from '../../src/runtime/record.js';

const epoch = (i: number, extra: Partial<EpochRecord> = {}): EpochRecord => ({ epoch: i, loss: 2 - 0.3 * i, accuracy: 0.2 * i, valLoss: 2.1 - 0.3 * i, valAccuracy: 0.18 * i, seconds: 1, samplesPerSecond: 1, ...extra });
const count = (svg: string, re: RegExp) => (svg.match(re) ?? []).length;
const yOf = (svg: string, text: string) => Number(new RegExp(`<text x="[\\d.]+" y="([\\d.]+)"[^>]*>${text}</text>`).exec(svg)![1]);

describe('plots', () => {
  test('nice ticks are 1, 2 or 5 × 10^k apart and cover the range', () => {
    expect(niceTicks(0.13, 0.98)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(1, 25, 8)).toEqual([5, 10, 15, 20, 25]);
    expect(niceTicks(1, 3, 3)).toEqual([1, 2, 3]);
    expect(niceTicks(1.2, 8.35)).toEqual([2, 4, 6, 8]);
  });

  test('a 1-epoch run: a marker per series, tick "1", no line to draw', () => {
    const svg = plotSvg('m', [epoch(1)]);
    expect(count(svg, /<circle /g)).toBe(4 + 2); // 2 series × 2 panels, and 2 legend markers
    expect(count(svg, /<polyline /g)).toBe(0);
    expect(count(svg, />1<\/text>/g)).toBe(2);
  });

  test('several epochs: lines with markers, axis ticks and grid, the legend below the panels', () => {
    const svg = plotSvg('m', [1, 2, 3, 4].map((i) => epoch(i)));
    expect(count(svg, /<polyline /g)).toBe(4);
    expect(count(svg, /<circle /g)).toBe(16 + 2);
    for (const t of [1, 2, 3, 4]) expect(count(svg, new RegExp(`text-anchor="middle" font-size="11">${t}</text>`, "g"))).toBe(2);
    // The legend sits below every panel's plotting area (which ends at y = 10 + 300 - 44).
    expect(yOf(svg, 'training')).toBeGreaterThan(300);
    expect(yOf(svg, 'validation')).toBeGreaterThan(300);
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 840 \d+"/);
  });

  test('with a penalty, the data parts of the losses are drawn dashed', () => {
    const svg = plotSvg('m', [1, 2].map((i) => epoch(i, { dataLoss: 1.5 - 0.3 * i, penalty: 0.5, valDataLoss: 1.6 - 0.3 * i })));
    expect(count(svg, /<polyline [^>]*stroke-dasharray/g)).toBe(2);
    expect(svg).toContain('>training data loss (without penalty)</text>');
    expect(svg).toContain('>loss (solid: with L1/L2 penalty)</text>');
  });

  test('overlays: a legend entry per model with its run count, a curve per run', () => {
    const runs = [[epoch(1), epoch(2)], [epoch(1, { loss: 1.5 }), epoch(2)]];
    const svg = plotOverlay('a vs b', [{ label: 'a', runs }, { label: 'b', runs: [runs[0]!] }]);
    expect(svg).toContain('>a (2 runs)</text>');
    expect(svg).toContain('>b</text>');
    expect(svg).toContain('>solid: training, dashed: validation</text>');
    // 3 runs × (training + validation) × 2 panels.
    expect(count(svg, /<polyline /g)).toBe(12);
  });
});
