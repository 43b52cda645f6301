// `nnc ir FILE [--model NAME]`: prints the IR of the file's models as JSON on stdout.
import { EXIT } from '../output.js';
import { compileOrReport, selectModels } from './common.js';

export function runIr(file: string, opts: { model?: string; root?: string }): number {
  const r = compileOrReport(file, opts.root);
  if (!r) return EXIT.errors;
  const ir = { ...r.ir, models: selectModels(r.ir, opts.model) };
  process.stdout.write(JSON.stringify(ir, null, 2) + '\n');
  return EXIT.ok;
}
