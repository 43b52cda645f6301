// The report as a list of blocks (headings, paragraphs, lists, tables, figures), built once and
// printed twice, as Markdown (markdown.ts) and as HTML (html.ts). Text may hold two inline marks,
// `code` and **strong**, which both printers understand.
import { int, si } from '../../analysis/table.js';
import { ALPHA } from '../stats.js';
import type { ExperimentResults } from '../types.js';
import type { Analysis, VariantAnalysis } from './analyse.js';
import { bestSentence, comparisons, testsRun, type ComparisonGroup } from './compare.js';
import type { Picture } from './curves.js';
import { diagnosticsBlocks } from './diagnostics.js';
import { runBlocks } from './runs.js';
import { duration, fixed, interval, meanStd, pValue, when } from './format.js';

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'para'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][]; numeric: boolean[] }
  | { kind: 'figure'; picture: Picture };

export const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

function facts(r: ExperimentResults, an: Analysis): Block[] {
  const grid = an.axes.length ? `, varying ${an.axes.map((a) => `${code(a.name)} (${a.values.map(String).join(', ')})`).join(', ')}` : '';
  const time = r.estimateSeconds !== undefined || r.elapsedSeconds !== undefined
    ? [`**Time:** estimated ${duration(r.estimateSeconds)}, took ${duration(r.elapsedSeconds)}`] : [];
  return [
    { kind: 'heading', level: 1, text: `Experiment ${code(r.name)}` },
    { kind: 'list', items: [
      `**Spec file:** ${code(r.file)}`,
      `**Data:** ${code(r.data)}`,
      `**Variants:** ${r.variants.length}${grid}`,
      `**Runs per variant:** ${r.runs}`,
      `**Backend:** ${code(r.backend)}`,
      `**nnspec:** ${r.nnc}`,
      `**Started:** ${when(r.started)}${r.finished ? `, **finished:** ${when(r.finished)}` : ''}`,
      ...time,
    ] },
  ];
}

function staticTable(an: Analysis): Block[] {
  const rows = an.variants.map(({ variant: v }) => [
    code(v.label), int(v.static.params), int(v.static.trainable), int(v.static.nonTrainable), si(v.static.macs),
  ]);
  return [
    { kind: 'heading', level: 2, text: 'Model size' },
    { kind: 'para', text: 'Counted from the spec, without training. '
      + 'MACs: multiply–accumulate operations of one forward pass for one sample.' },
    { kind: 'table', head: ['variant', 'params', 'trainable', 'non-trainable', 'MACs'], rows, numeric: [false, true, true, true, true] },
  ];
}

function resultsTable(an: Analysis, groups: ComparisonGroup[], glance: Picture | null): Block[] {
  // Models without accuracy (regression) are compared on their loss alone.
  const accuracy = an.metric === 'accuracy';
  const head = ['variant', 'runs', ...(accuracy ? ['test accuracy', '95% CI'] : []), 'test loss', '95% CI',
    ...(an.penalty ? ['data loss', 'penalty'] : [])];
  const rows = an.variants.map((v) => [
    code(v.variant.label),
    `${v.variant.runs.length}${v.diverged ? ` (${v.diverged} diverged)` : ''}`,
    ...(accuracy ? [meanStd(v.accuracy), interval(v.accuracy)] : []), meanStd(v.loss), interval(v.loss),
    ...(an.penalty ? [meanStd(v.dataLoss), meanStd(v.penalty)] : []),
  ]);
  const notes: string[] = [];
  if (an.variants.some((v) => v.variant.runs.length > 1)) {
    notes.push('Mean ± sample standard deviation (divisor n − 1) over the runs; 95% CI: the confidence interval of the mean, '
      + 'mean ± t × std / √n with Student\'s t for n − 1 degrees of freedom.');
  }
  if (an.penalty) {
    notes.push('The test loss includes the L1/L2 penalty of the weights, as the training loss does; data loss + penalty = loss.');
  }
  if (an.variants.some((v) => v.diverged)) {
    notes.push('A **diverged** run\'s loss is not a number: it is left out of the loss statistics. '
      + 'Its accuracy is kept, since it is what that run measured.');
  }
  if (an.variants.some((v) => v.variant.runs.length === 1)) {
    notes.push('With **one run** a variant has no standard deviation, no interval and no test: run it several times to compare.');
  }
  const best = bestSentence(an, groups);
  return [
    { kind: 'heading', level: 2, text: 'Test results' },
    ...(best ? [{ kind: 'para', text: best } as const] : []),
    { kind: 'table', head, rows, numeric: head.map((_, i) => i > 1) },
    ...(notes.length ? [{ kind: 'para', text: notes.join(' ') } as const] : []),
    ...(glance ? [{ kind: 'figure', picture: glance } as const] : []),
  ];
}

/** One row per pair that differs only in the group's axis: where the pair sits on the other axes, the two means, the test. */
function axisTable(g: ComparisonGroup, an: Analysis): Block {
  const binary = an.axes.find((a) => a.name === g.axis)!.values.length === 2;
  const m = (v: VariantAnalysis) => fixed(an.metric === 'accuracy' ? v.accuracy.mean : v.loss.mean);
  const head = ['other choices', ...(binary ? g.items[0]!.names : ['compared', 'means']), 'difference', 'p', 'result'];
  const rows = g.items.map((c) => [
    c.context ?? '',
    ...(binary ? [m(c.a), m(c.b)] : [c.names.join(' vs '), `${m(c.a)} vs ${m(c.b)}`]),
    c.test.diff === null ? '—' : `${c.test.diff > 0 ? '+' : c.test.diff < 0 ? '−' : ''}${fixed(Math.abs(c.test.diff))}`,
    c.test.ok ? pValue(c.test.p).replace(/^p [=] /, '') : '—',
    c.verdict.replace(/, significant$/, ', **significant**'),
  ]);
  return { kind: 'table', head, rows, numeric: head.map((h, i) => i > 0 && i < head.length - 1 && h !== 'compared') };
}

function comparisonBlocks(an: Analysis, groups: ComparisonGroup[]): Block[] {
  if (groups.length === 0) return [];
  const what = an.metric === 'accuracy' ? 'test accuracy' : 'test loss';
  const out: Block[] = [
    { kind: 'heading', level: 2, text: `Comparisons: Welch's t-test on ${what}` },
    { kind: 'para', text: `Each comparison tests the mean ${what} of two variants over their runs with Welch's two-sample t-test `
      + `(unequal variances; two-sided; degrees of freedom by Welch–Satterthwaite). A difference is called **significant** `
      + `when p < ${ALPHA}: if the variants were equally good, a difference this large would come up less than ${ALPHA * 100}% of the time.`
      + (groups[0]!.axis ? ' The grid is large, so each variant is compared with those that differ from it in one choice only, '
        + 'grouped by that choice.' : '') },
  ];
  for (const g of groups) {
    if (!g.axis) out.push({ kind: 'list', items: g.items.map((c) => c.sentence.replace(/, significant,/, ', **significant**,')) });
    else {
      out.push({ kind: 'heading', level: 3, text: `Changing ${code(g.axis)} only` },
        { kind: 'para', text: `${g.tally.join('; ')}.` }, axisTable(g, an));
    }
  }
  const n = testsRun(groups);
  if (n >= 5) {
    out.push({ kind: 'para', text: `With ${n} tests at the ${ALPHA * 100}% level, about ${fixed(n * ALPHA, 1)} may come out significant `
      + 'by chance alone: trust a difference that holds across the grid, or a very small p, more than a single p just below 0.05.' });
  }
  return out;
}

function curveBlocks(pictures: Picture[]): Block[] {
  const none: Block = { kind: 'para', text: 'No run recorded an epoch.' };
  const figures = pictures.map((p): Block => ({ kind: 'figure', picture: p }));
  return [{ kind: 'heading', level: 2, text: 'Learning curves' }, ...(figures.length ? figures : [none])];
}

/** The report; `glance` is the test results' picture (forest.ts), `curves` the learning curves'. */
export function reportBlocks(an: Analysis, glance: Picture | null, curves: Picture[]): Block[] {
  const groups = comparisons(an);
  return [
    ...facts(an.results, an), ...staticTable(an), ...resultsTable(an, groups, glance), ...comparisonBlocks(an, groups),
    ...curveBlocks(curves),
    ...diagnosticsBlocks(an), ...runBlocks(an),
  ];
}
