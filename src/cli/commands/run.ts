// `nnc run FILE [--experiment NAME]`: runs an experiment declared in a .nn file (see
// experiment/runner.ts), prints a table of its variants' mean test accuracy and loss on stdout
// (or its results as JSON) and where the report is; progress and the estimate go to stderr.
import * as path from 'node:path';
import { chooseExperiment } from '../../experiment/choose.js';
import type { ExperimentOptions } from '../../experiment/runner.js';
import type { ExperimentResults } from '../../experiment/types.js';
import { EXIT, UsageError } from '../output.js';
import { compileOrReport } from './common.js';
import { runtimeErrors, versionOf } from './runtime-common.js';

export interface RunOptions extends ExperimentOptions {
  experiment?: string;
  format?: 'text' | 'json';
  root?: string;
}

export async function runRun(file: string, opts: RunOptions): Promise<number> {
  return runtimeErrors(async () => {
    const compiled = compileOrReport(file, opts.root);
    if (!compiled) return EXIT.errors;
    const x = chooseExperiment(file, compiled.ir.experiments ?? [], opts.experiment, Boolean(opts.data), { choose: '--experiment NAME', data: '--data', none: '; add one (experiment NAME { models: ... }) or use nnc train' });
    if (typeof x === 'string') throw new UsageError(x);
    const { runExperiment } = await import('../../experiment/runner.js');
    const log = (line: string) => process.stderr.write(line + '\n');
    const { results, reportDir } = await runExperiment(file, x, opts, log, versionOf());
    if (opts.format === 'json') process.stdout.write(JSON.stringify(results, null, 2) + '\n');
    else process.stdout.write(table(results) + '\n');
    log(`report: ${path.join(reportDir, 'report.md')} and report.html; results: ${path.join(reportDir, 'results.json')}`);
    return EXIT.ok;
  });
}

/** One row per variant: mean ± std of the test accuracy and loss over its runs. */
function table(r: ExperimentResults): string {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = (xs: number[]) => (xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1)) : null);
  const stat = (xs: number[]) => (xs.length === 0 ? '-' : `${mean(xs).toFixed(4)}${std(xs) === null ? '' : ` ± ${std(xs)!.toFixed(4)}`}`);
  const rows = [['variant', 'runs', 'accuracy', 'loss'], ...r.variants.map((v) => [
    v.label, String(v.runs.length), stat(v.runs.flatMap((x) => (x.test.accuracy === null ? [] : [x.test.accuracy]))), stat(v.runs.map((x) => x.test.loss)),
  ])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
}
