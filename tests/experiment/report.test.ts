// The report folder on constructed results: exact numbers in report.md's tables, the t-test
// sentences, one-axis comparisons for a grid, one run, a diverged run, and the pictures.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { writeReport } from '../../src/experiment/report/index.js';
import { aggregate } from '../../src/experiment/report/diagnostics.js';
import { BN001, epochs, part1, part2, results, run, variant } from './fixture.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-report-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const report = (name: string, r: ReturnType<typeof part2>) => {
  const paths = writeReport(path.join(tmp, name), r);
  return { ...paths, md: fs.readFileSync(paths.md, 'utf8'), html: fs.readFileSync(paths.html, 'utf8') };
};

describe('report of three models, five runs each', () => {
  const r = report('part2', part2());

  test('writes report.md, report.html and the curves next to them', () => {
    expect(fs.readdirSync(path.join(tmp, 'part2')).sort()).toEqual(['curves.svg', 'report.html', 'report.md', 'results.svg']);
    expect(r.md).toContain('![part2: mean of 5 runs, band min–max](curves.svg)');
    expect(r.md).toContain('![part2: test accuracy by variant](results.svg)');
  });

  test('sections in order: setup, model size, results, comparisons, curves, diagnostics', () => {
    const at = ['# Experiment `part2`', '- **Spec file:** `specs/hw4/part2.nn`', '- **Data:** `shapes:800`', '- **Runs per variant:** 5',
      '- **Backend:** `fast`', '- **nnspec:** 0.1.0', '- **Started:** 2026-12-02 20:00:00 UTC, **finished:** 2026-12-02 20:11:02 UTC',
      '- **Time:** estimated 12 min 30 s, took 11 min 2 s', '## Model size', '## Test results', "## Comparisons: Welch's t-test on test accuracy",
      '## Learning curves', '## Diagnostics', '## Runs'].map((s) => r.md.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  test('static counts and test metrics: mean ± std and the 95% interval, with the loss split', () => {
    expect(r.md).toContain('| `cnn_half` | 1,234,567 | 1,234,000 | 567 | 39.32 M |');
    expect(r.md).toContain('| variant | runs | test accuracy | 95% CI | test loss | 95% CI | data loss | penalty |');
    // cnn: accuracies 0.85 0.87 0.84 0.86 0.88, mean 0.86, std √(0.001 / 4) = 0.0158,
    // half width 2.7764 × 0.0158 / √5 = 0.0196; losses 1.5 − accuracy, penalty 0.25 in every run.
    expect(r.md).toContain('| `cnn` | 5 | 0.8600 ± 0.0158 | [0.8404, 0.8796] | 0.6400 ± 0.0158 | [0.6204, 0.6596] | 0.3900 ± 0.0158 | 0.2500 ± 0.0000 |');
    expect(r.md).toContain('| `fc8` | 5 | 0.7280 ± 0.0192 | [0.7041, 0.7519] | 0.7720 ± 0.0192 | [0.7481, 0.7959] | 0.5220 ± 0.0192 | 0.2500 ± 0.0000 |');
  });

  test('the best model first, and how it compares with the others', () => {
    expect(r.md).toContain('## Test results\n\n**Highest mean test accuracy:** `cnn` (0.8600): significantly higher than `fc8` (p < 0.001); '
      + 'not significantly different from `cnn_half` (p = 0.31).\n');
  });

  test("every pair compared with Welch's t-test, in plain words (values as in stats.test.ts)", () => {
    expect(r.md).toContain('- cnn vs cnn_half: no significant difference (0.8600 vs 0.8360), p = 0.31 (t = 1.12, df = 5.0)\n');
    expect(r.md).toContain('- cnn vs fc8: cnn higher by 0.1320 (0.8600 vs 0.7280), **significant**, p < 0.001 (t = 11.85, df = 7.7)\n');
    expect(r.md).toContain('- cnn_half vs fc8: cnn_half higher by 0.1080 (0.8360 vs 0.7280), **significant**, p = 0.0035 (t = 4.93, df = 5.4)\n');
  });

  test('diagnostics aggregated over runs, with the first run\'s numbers and the fix', () => {
    expect(r.md).toContain("### `cnn_half`\n\n- **NT0101** error in 4/5 runs, layer `batch_normalization`: batch norm's moving statistics are not warmed up: "
      + '0.99^200 = 0.134 of their initial values are left (run 1). Fix: use bn(momentum = 0.9) or train ≥ 459 steps.\n');
    expect(r.md).toContain('No findings: `cnn`, `fc8`.');
  });

  test('the curves: a panel per metric, a mean line and a min–max band per model, legend with the three', () => {
    const svg = fs.readFileSync(path.join(tmp, 'part2', 'curves.svg'), 'utf8');
    for (const t of ['training loss', 'validation loss', 'training accuracy', 'validation accuracy']) expect(svg).toContain(`>${t}</text>`);
    expect(svg.match(/<polyline /g)).toHaveLength(4 * 3);
    expect(svg.match(/<polygon [^>]*fill-opacity="0.15"/g)).toHaveLength(4 * 3);
    // A marker shape per model (circle, square, triangle) on each of the 8 epochs in 4 panels, and one in the legend.
    expect(svg.match(/<circle /g)).toHaveLength(4 * 8 + 1);
    expect(svg.match(/<rect [^>]*width="6.4"/g)).toHaveLength(4 * 8 + 1);
    expect(svg.match(/<polygon points=/g)).toHaveLength(4 * 8 + 1);
    for (const m of ['cnn', 'cnn_half', 'fc8']) expect(svg).toContain(`font-size="12">${m}</text>`);
  });

  test('the results at a glance: per model its runs, mean and 95% interval on one axis', () => {
    const svg = fs.readFileSync(path.join(tmp, 'part2', 'results.svg'), 'utf8');
    expect(svg.match(/<text [^>]*text-anchor="end">(\w+)<\/text>/g)!.map((t) => t.replace(/<[^>]+>/g, ''))).toEqual(['cnn', 'cnn_half', 'fc8']);
    expect(svg.match(/<circle [^>]*fill="none"/g)).toHaveLength(15 + 1);
    expect(svg.match(/<circle [^>]*r="5" fill/g)).toHaveLength(3 + 1);
    expect(svg.match(/<path d="M[\d.]+,\d+V/g)).toHaveLength(3 + 1);
    // Ticks 0.7 … 0.9 cover every run (0.70 … 0.90) and interval ([0.7041, 0.7519] … [0.7801, 0.8919]).
    expect([...svg.matchAll(/font-size="11">([\d.]+)<\/text>/g)].map((m) => m[1])).toEqual(['0.7', '0.75', '0.8', '0.85', '0.9']);
  });

  test('report.html is one self-contained page: inline style and SVG, no scripts, nothing fetched', () => {
    expect(r.html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(r.html).not.toMatch(/<script|<link|<img|<iframe|url\(|@import/i);
    expect(r.html).not.toMatch(/\s(src|href)\s*=/i);
    expect(r.html.match(/<svg /g)).toHaveLength(2);
    expect(r.html).toContain('<td><code>cnn</code></td><td>5</td><td class="num">0.8600 ± 0.0158</td><td class="num">[0.8404, 0.8796]</td>');
    expect(r.html).toContain('cnn higher by 0.1320 (0.8600 vs 0.7280), <strong>significant</strong>, p &lt; 0.001');
  });
});

describe("report of Part 1's 16-variant grid", () => {
  const r = report('part1', part1());

  test('grid axes in the grid\'s order, comparisons of variants that differ in one axis, a tally per axis', () => {
    expect(r.md).toContain('## Test results\n\n**Highest mean test accuracy:** `mlp act=relu epochs=40 batch=32 norm=yes` (0.9640).\n');
    expect(r.md).toContain('- **Variants:** 16, varying `act` (relu, sigmoid), `epochs` (25, 40), `batch` (32, 1), `norm` (no, yes)');
    expect(r.md.match(/^### Changing `(\w+)` only$/gm)).toEqual(['act', 'epochs', 'batch', 'norm'].map((a) => `### Changing \`${a}\` only`));
    expect(r.md).toContain('act=relu vs act=sigmoid, 8 pairs: act=relu higher in 8 (8 significantly), act=sigmoid higher in 0 (0 significantly).');
    expect(r.md).toContain('| other choices | act=relu | act=sigmoid | difference | p | result |');
    // relu 0.947 / 0.953 vs sigmoid 0.847 / 0.853: t = 0.1 / √(2 × 0.000018 / 2) = 23.57 with 2 df, p = 0.0018.
    expect(r.md).toContain('| epochs=25 batch=32 norm=no | 0.9500 | 0.8500 | +0.1000 | 0.0018 | act=relu higher, **significant** |');
    expect(r.md).toContain('| act=relu batch=32 norm=no | 0.9500 | 0.9540 | −0.0040 | 0.45 | no significant difference |');
    expect(r.md.match(/^\| (epochs|act)=\S+ /gm)).toHaveLength(4 * 8);
    expect(r.md).toContain('With 32 tests at the 5% level, about 1.6 may come out significant by chance alone');
  });

  test('learning curves in four pictures of four variants, titled by what they share', () => {
    expect(fs.readdirSync(path.join(tmp, 'part1')).filter((f) => f.startsWith('curves')).sort()).toEqual([1, 2, 3, 4].map((i) => `curves-${i}.svg`));
    expect(r.md).toContain('![part1 (act=sigmoid epochs=25): mean of 2 runs, band min–max](curves-3.svg)');
    const svg = fs.readFileSync(path.join(tmp, 'part1', 'curves-3.svg'), 'utf8');
    for (const l of ['batch=32 norm=no', 'batch=32 norm=yes', 'batch=1 norm=no', 'batch=1 norm=yes']) expect(svg).toContain(`>${l}</text>`);
    expect(r.html.match(/<svg /g)).toHaveLength(1 + 4);
  });

  test('writing a smaller report into the same folder removes pictures it no longer has', () => {
    writeReport(path.join(tmp, 'part1'), part2());
    expect(fs.readdirSync(path.join(tmp, 'part1')).sort()).toEqual(['curves.svg', 'report.html', 'report.md', 'results.svg']);
  });
});

describe('seven variants that are no grid', () => {
  test('each differs from the others in two ways, so every pair is compared', () => {
    const vs = [0, 1, 2, 3, 4, 5, 6].map((i) => variant(`m${i}`, `m${i}`, [run(1, 0.5 + i / 100, 0.5), run(2, 0.52 + i / 100, 0.5)], { width: i }));
    const r = report('nogrid', results(vs));
    expect(r.md.match(/^- m\d vs m\d: /gm)).toHaveLength(21);
    expect(r.md).not.toContain('### Changing');
    // m0: 0.50, 0.52; m6: 0.56, 0.58 — the same spread, so t = −0.06 / √(2 × 0.0002 / 2) = −4.2426 with 2 df;
    // with 2 df, p = 1 − |t| / √(2 + t²) = 1 − 4.2426 / 4.4721 = 0.0513: just not significant.
    expect(r.md).toContain('- m0 vs m6: no significant difference (0.5100 vs 0.5700), p = 0.051 (t = -4.24, df = 2.0)\n');
  });
});

describe('one run per variant', () => {
  const r = report('single', results([
    variant('cnn', 'cnn', [run(1, 0.86, 0.64, { epochs: epochs(1, 0.5, 0.86) })]),
    variant('fc8', 'fc8', [run(1, 0.73, 0.77, { epochs: epochs(1, 0.5, 0.73) })]),
  ]));

  test('the value alone, no interval, no test, and why', () => {
    expect(r.md).toContain('| `cnn` | 1 | 0.8600 | — (1 run) | 0.6400 | — (1 run) |');
    expect(r.md).not.toMatch(/\d ± \d/);
    expect(r.md).toContain('- cnn vs fc8: no test, a test needs at least 2 runs of each (0.8600 vs 0.7300)\n');
    expect(r.md).toContain('**Highest mean test accuracy:** `cnn` (0.8600): not tested against `fc8`.\n');
    expect(r.md).toContain('With **one run** a variant has no standard deviation, no interval and no test');
  });

  test('a 1-epoch run shows a marker per model in each panel, and no band', () => {
    const svg = fs.readFileSync(path.join(tmp, 'single', 'curves.svg'), 'utf8');
    expect(svg.match(/<circle /g)).toHaveLength(4 + 1);
    expect(svg.match(/<rect [^>]*width="6.4"/g)).toHaveLength(4 + 1);
    expect(svg).not.toContain('<polyline ');
    expect(svg).not.toContain('fill-opacity');
  });
});

describe('a diverged run', () => {
  const diverged = run(5, 0.1, Number.NaN, { epochs: [...epochs(2, 0.4, 0.6), { ...epochs(3, 0.4, 0.6)[2]!, loss: Number.NaN, valLoss: Number.NaN }] });
  const accs = [0.85, 0.87, 0.84, 0.86];
  const r = report('diverged', results([
    variant('cnn', 'cnn', [...accs.map((a, i) => run(i + 1, a, 1.5 - a)), diverged]),
    variant('fc8', 'fc8', [0.73, 0.75, 0.70, 0.74, 0.72].map((a, i) => run(i + 1, a, 1.5 - a))),
  ]));

  test('its loss is left out, its accuracy kept, and the table says so', () => {
    // Accuracy over 5 runs: mean 3.52 / 5 = 0.704; squared deviations 0.021316 + 0.027556 + 0.018496 + 0.024336
    // + 0.364816 = 0.45652, std √(0.45652 / 4) = 0.3378. Loss over the 4 finite runs 0.65 0.63 0.66 0.64:
    // mean 0.645, std √(0.0005 / 3) = 0.0129.
    expect(r.md).toMatch(/^\| `cnn` \| 5 \(1 diverged\) \| 0\.7040 ± 0\.3378 \| \[[\d.-]+, [\d.]+\] \| 0\.6450 ± 0\.0129 \| /m);
    expect(r.md).toContain("A **diverged** run's loss is not a number: it is left out of the loss statistics.");
    expect(r.md).toContain('| `cnn` | 5 | 5 | 0.1000 | diverged | 3 | 12 s | `runs/5` |');
    expect(r.md).toContain('| `fc8` | 2 | 2 | 0.7500 | 0.7500 | 3 | 12 s | `runs/2` |');
  });

  test('the curves skip the non-finite epoch', () => {
    const svg = fs.readFileSync(path.join(tmp, 'diverged', 'curves.svg'), 'utf8');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
});

describe('a variant without a finished run', () => {
  test('dashes in its row, no test against it, no curves when no run has an epoch', () => {
    const r = report('empty', results([variant('cnn', 'cnn', [run(1, 0.86, 0.64, { epochs: [] }), run(2, 0.88, 0.62, { epochs: [] })]), variant('fc8', 'fc8', [])]));
    expect(r.md).toContain('| `fc8` | 0 | — | — | — | — |\n');
    expect(r.md).toContain('- cnn vs fc8: no test, no finished run to compare (0.8700 vs —)\n');
    expect(r.md).toContain('## Learning curves\n\nNo run recorded an epoch.\n');
    expect(fs.readdirSync(path.join(tmp, 'empty')).sort()).toEqual(['report.html', 'report.md', 'results.svg']);
  });
});

describe('models without accuracy (regression)', () => {
  test('variants are compared on test loss, lower is better', () => {
    const losses = (xs: number[]) => xs.map((l, i) => run(i + 1, null, l, { epochs: [] }));
    // Losses of B and A from stats.test.ts swapped roles: mean 0.728 vs 0.86, t = −11.8539, df = 7.7111.
    const r = report('regression', results([variant('small', 'small', losses([0.73, 0.75, 0.70, 0.74, 0.72])), variant('big', 'big', losses([0.85, 0.87, 0.84, 0.86, 0.88]))]));
    expect(r.md).toContain("## Comparisons: Welch's t-test on test loss");
    expect(r.md).toContain('**Lowest mean test loss:** `small` (0.7280): significantly lower than `big` (p < 0.001).\n');
    expect(r.md).toContain('- small vs big: small lower by 0.1320 (0.7280 vs 0.8600), **significant**, p < 0.001 (t = -11.85, df = 7.7)\n');
    expect(r.md).toContain('![part2: test loss by variant](results.svg)');
    expect(r.md).toContain('| variant | runs | test loss | 95% CI |\n');
    expect(r.md).toContain('| `small` | 5 | 0.7280 ± 0.0192 | [0.7041, 0.7519] |\n');
    expect(r.md).toContain('| `big` | 1 | 1 | 0.8500 | 0 | 12 s | `runs/1` |\n');
  });
});

describe('names from the spec in the page', () => {
  test('are escaped in report.html and its pictures', () => {
    const evil = '<img src=x onerror=alert(1)>&';
    const r = report('escape', results([variant(evil, 'm', [run(1, 0.5, 0.5), run(2, 0.6, 0.4)]), variant('b', 'b', [run(1, 0.5, 0.5), run(2, 0.6, 0.4)])], { name: evil }));
    expect(r.html).not.toContain('<img');
    expect(r.html).toContain('&lt;img src=x onerror=alert(1)&gt;&amp;');
  });
});

describe('aggregating findings', () => {
  test('each run counted once per code and layer; the worst severity; errors first', () => {
    const warn = { ...BN001, code: 'NT0106', severity: 'warning' as const, layer: 'dense_1' };
    const a = aggregate([
      { diagnostics: [warn, { ...warn, layer: 'dense_2' }] },
      { diagnostics: [{ ...BN001, severity: 'warning' }, warn] },
      { diagnostics: [BN001] },
    ]);
    expect(a.map((x) => [x.finding.code, x.finding.layer, x.severity, x.runs, x.firstRun])).toEqual([
      ['NT0101', 'batch_normalization', 'error', 2, 2], ['NT0106', 'dense_1', 'warning', 2, 1], ['NT0106', 'dense_2', 'warning', 1, 1],
    ]);
  });
});
