// `nnc predict RUN_DIR INPUT...`: the most likely class of each image, or of each row of a CSV
// file (with or without its label column), with its probability. The run folder is checked first.
import type { BackendChoice } from '../../runtime/backends/index.js';
import type { RunRecord } from '../../runtime/record.js';
import { EXIT } from '../output.js';
import { runtimeErrors } from './runtime-common.js';

export async function runPredict(runDir: string, inputs: string[], opts: { backend?: BackendChoice; format?: 'text' | 'md' | 'json'; delimiter?: string }): Promise<number> {
  return runtimeErrors(async () => {
    const { loadBackend } = await import('../../runtime/backends/index.js');
    const { predictSamples } = await import('../../runtime/eval.js');
    const { readRunRecord } = await import('../../runtime/run-files.js');
    const record = readRunRecord(runDir);
    const sampleShape = record.data.sampleShape.length === 3 ? record.data.sampleShape : record.ir.input.shape;
    const samples: { input: string; x: Float32Array }[] = [];
    for (const input of inputs) {
      if (/\.csv$/i.test(input)) samples.push(...(await csvSamples(input, record, opts.delimiter)));
      else {
        const { decodeImage } = await import('../../data/image-folder.js');
        samples.push({ input, x: await decodeImage(input, sampleShape) });
      }
    }
    const backend = await loadBackend(opts.backend ?? 'auto');
    const preds = await predictSamples(backend.tf, runDir, samples, record);
    if (opts.format === 'json') {
      const predictions = preds.map((p) => ({ input: p.input, class: p.label, index: p.index, probability: p.probability, probabilities: p.probabilities }));
      process.stdout.write(JSON.stringify({ predictions }, null, 2) + '\n');
    }
    else {
      const rows = preds.map((p) => [p.input, p.label, p.probability.toFixed(4)]);
      if (opts.format === 'md') process.stdout.write(['| input | class | probability |', '| --- | --- | ---: |', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n') + '\n');
      else {
        const w = Math.max(5, ...rows.map((r) => r[0]!.length));
        process.stdout.write([`${'input'.padEnd(w)}  class  probability`, ...rows.map((r) => `${r[0]!.padEnd(w)}  ${r[1]}  ${r[2]}`)].join('\n') + '\n');
      }
    }
    return EXIT.ok;
  });
}

/**
 * Feature rows of a CSV file with a header: the columns the run was trained on, by name, or
 * (runs not trained on a CSV file) every column but a label column.
 */
async function csvSamples(file: string, record: RunRecord, delimiter: string | undefined): Promise<{ input: string; x: Float32Array }[]> {
  const { readCsvRows } = await import('../../data/csv.js');
  const { DataError, product } = await import('../../data/types.js');
  const width = product(record.ir.input.shape);
  const { rows, cols } = readCsvRows(file, { delimiter, label: record.data.label, features: record.data.features }, true);
  if (cols.features.length !== width) throw new DataError(`${file}:1: ${cols.features.length} feature columns, but the model takes ${width} values`);
  return rows.map((r) => ({ input: `${file}:${r.line}`, x: Float32Array.from(cols.features.map((j) => Number(r.cells[j]))) }));
}
