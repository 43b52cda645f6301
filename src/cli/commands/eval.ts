// `nnc eval RUN_DIR --data DATA`: a trained run's loss and accuracy on the test split of DATA.
import type { BackendChoice } from '../../runtime/backends/index.js';
import { EXIT } from '../output.js';
import { runtimeErrors } from './runtime-common.js';

export interface EvalOptions {
  data: string;
  backend?: BackendChoice;
  format?: 'text' | 'md' | 'json';
  limit?: number;
  dataSize?: number;
  skipBad?: boolean;
  label?: string;
  delimiter?: string;
}

export async function runEval(runDir: string, opts: EvalOptions): Promise<number> {
  return runtimeErrors(async () => {
    const { readRunRecord } = await import('../../runtime/run-files.js');
    const { loadBackend } = await import('../../runtime/backends/index.js');
    const { loadData } = await import('../../data/index.js');
    const { evaluateRun } = await import('../../runtime/eval.js');
    const record = readRunRecord(runDir);
    const backend = await loadBackend(opts.backend ?? 'auto');
    const data = await loadData(opts.data, {
      limit: opts.limit, size: opts.dataSize, skipBad: opts.skipBad, inputShape: record.ir.input.shape,
      label: opts.label ?? record.data.label, delimiter: opts.delimiter, features: record.data.features,
    });
    const { metrics } = await evaluateRun(backend.tf, runDir, data, record);
    const result = { run: runDir, model: record.model, data: opts.data, samples: data.test.count, backend: backend.name, ...metrics };
    if (opts.format === 'json') process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else {
      const cells = Object.entries(metrics).map(([k, v]) => [k, v.toFixed(4)]);
      if (opts.format === 'md') {
        process.stdout.write(['| metric | value |', '| --- | ---: |', ...cells.map(([k, v]) => `| ${k} | ${v} |`)].join('\n') + '\n');
      } else {
        process.stdout.write(`${record.model} on ${data.test.count} test samples of ${opts.data} (${backend.name}):\n`
          + cells.map(([k, v]) => `  ${k.padEnd(10)} ${v}`).join('\n') + '\n');
      }
    }
    return EXIT.ok;
  });
}
