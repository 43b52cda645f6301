// `nnc predict RUN_DIR INPUT...`: the most likely class of each image, or of each row of a CSV
// file (with or without its label column), with its probability.
import * as fs from 'node:fs';
import type { BackendChoice } from '../../runtime/backends/index.js';
import { EXIT } from '../output.js';
import { runtimeErrors } from './runtime-common.js';

export async function runPredict(runDir: string, inputs: string[], opts: { backend?: BackendChoice; format?: 'text' | 'md' | 'json' }): Promise<number> {
  return runtimeErrors(async () => {
    const { loadBackend } = await import('../../runtime/backends/index.js');
    const { predictSamples } = await import('../../runtime/eval.js');
    const { readRecord } = await import('../../runtime/run-dir.js');
    const { DataError } = await import('../../data/types.js');
    let record;
    try {
      record = readRecord(runDir);
    } catch {
      throw new DataError(`'${runDir}' is not a run folder: no readable run.json (give a folder made by nnc train)`);
    }
    const sampleShape = record.data.sampleShape.length === 3 ? record.data.sampleShape : record.ir.input.shape;
    const samples: { input: string; x: Float32Array }[] = [];
    for (const input of inputs) {
      if (/\.csv$/i.test(input)) samples.push(...csvRows(input, record.ir.input.shape.reduce((a, b) => a * b, 1), DataError));
      else {
        if (!fs.existsSync(input)) throw new DataError(`cannot read '${input}': no such file`);
        const { decodeImage } = await import('../../data/image-folder.js');
        samples.push({ input, x: await decodeImage(input, sampleShape) });
      }
    }
    const backend = await loadBackend(opts.backend ?? 'auto');
    const preds = await predictSamples(backend.tf, runDir, samples);
    if (opts.format === 'json') process.stdout.write(JSON.stringify(preds, null, 2) + '\n');
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

/** Feature rows of a CSV file with a header; a label column (label, class, target, y) is dropped. */
function csvRows(file: string, width: number, DataError: new (m: string) => Error): { input: string; x: Float32Array }[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new DataError(`cannot read '${file}': no such file`);
  }
  const lines = text.split(/\r?\n/);
  const header = lines[0]!.split(',').map((h) => h.trim().toLowerCase());
  const label = header.length === width + 1 ? Math.max(header.findIndex((h) => ['label', 'class', 'target', 'y'].includes(h)), 0) : -1;
  if (label < 0 && header.length !== width) throw new DataError(`${file}:1: ${header.length} columns, but the model takes ${width} features`);
  const out: { input: string; x: Float32Array }[] = [];
  lines.slice(1).forEach((line, i) => {
    if (!line.trim()) return;
    const values = line.split(',').filter((_, j) => j !== label).map((v) => Number(v.trim()));
    if (values.length !== width || values.some((v) => !Number.isFinite(v))) throw new DataError(`${file}:${i + 2}: expected ${width} numbers`);
    out.push({ input: `${file}:${i + 2}`, x: Float32Array.from(values) });
  });
  return out;
}
