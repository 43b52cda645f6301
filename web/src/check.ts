// The page's compiler: the CLI's `compile` on an in-memory host that serves the bundled example
// files (so an `import` between them resolves as it does on disk), then the analysis of every model.
import examples from 'nn:examples';
import { summarize, type Summary } from '../../src/analysis/summary.js';
import { compile, type CompileResult } from '../../src/check/compile.js';
import type { CompileHost } from '../../src/check/load.js';

export { examples };

export interface Checked {
  file: string;
  text: string;
  result: CompileResult;
  /** One per model; empty when the spec has errors. */
  summaries: Summary[];
  /** Compiling and analysing, in milliseconds. */
  ms: number;
}

const host: CompileHost = {
  readFile: (file) => examples[file] ?? new Error(`no such file in the playground (it holds ${Object.keys(examples).join(', ')})`),
};

export function check(file: string, text: string): Checked {
  const t0 = performance.now();
  // The project folder is the examples' root, so specs/hw4/x.nn may import ../classic/y.nn.
  const result = compile(file, { text, host, root: '.' });
  const summaries = result.ir ? result.ir.models.map((m) => summarize(m)) : [];
  return { file, text, result, summaries, ms: performance.now() - t0 };
}
