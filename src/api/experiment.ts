// `runExperiment(file, options)`: what `nnc run` does, resolving to the experiment's results (as in
// its results.json) and where its report was written.
import { chooseExperiment } from '../experiment/choose.js';
import type { ExperimentOptions } from '../experiment/runner.js';
import type { ExperimentResults } from '../experiment/types.js';
import { versionOf } from '../runtime/version.js';
import { compileOrThrow } from './train.js';

export type { ExperimentResults, ExperimentRun, ExperimentVariant } from '../experiment/types.js';

/** Options for `runExperiment`: the flags of `nnc run`. */
export interface RunExperimentOptions extends Omit<ExperimentOptions, 'quiet' | 'lines'> {
  /** The experiment to run; needed when the file declares several. */
  experiment?: string;
  /** The folder imports must stay in. Default: the folder of the spec. */
  root?: string;
  /** Progress, the estimate and the doctor's findings, a line at a time; default: nothing is printed. */
  log?: (line: string) => void;
}

/** What `runExperiment` resolves to. */
export interface ExperimentOutput {
  /** The contents of results.json. */
  results: ExperimentResults;
  /** The report folder, `<out>/<experiment>/report`, and the paths of its report.md and report.html. */
  reportDir: string;
  report: { md: string; html: string };
}

/**
 * Runs an experiment declared in a spec file: every variant of its grid `runs` times (resuming
 * from what an earlier call or `nnc run` left in the same folder), then writes its report.
 * Rejects with a one-line message for a spec with errors, an unknown or missing experiment, data
 * that cannot be used or a backend that does not load.
 *
 * @example
 * const { results, report } = await runExperiment('specs/hw4/part2.nn', { data: 'stripes:1200', epochs: 4, batch: 8, runs: 2 });
 */
export async function runExperiment(file: string, options: RunExperimentOptions = {}): Promise<ExperimentOutput> {
  const ir = compileOrThrow(file, options.root);
  const x = chooseExperiment(file, ir.experiments ?? [], options.experiment, Boolean(options.data), { choose: 'the experiment option', data: 'the data option', none: '' });
  if (typeof x === 'string') throw new Error(x);
  const { runExperiment: run } = await import('../experiment/runner.js');
  const { log, experiment: _name, root: _root, ...rest } = options;
  return run(file, x, { ...rest, quiet: true, lines: true }, log ?? (() => {}), versionOf());
}
