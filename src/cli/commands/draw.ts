// `nnc draw FILE [--model NAME] [--expand] [--format svg|dot|mermaid] [--out FILE]`: the
// architecture of one model (the file's first unless --model) as a figure, on stdout or in a file.
import { writeAtomic } from '../../codegen/write.js';
import { writeProblem } from '../../make-dir.js';
import { drawModel, FORMATS, type DrawFormat } from '../../draw/draw.js';
import { EXIT, UsageError } from '../output.js';
import { compileOrReport, selectModels } from './common.js';

export interface DrawOptions {
  model?: string;
  expand?: boolean;
  format?: string;
  out?: string;
}

export async function runDraw(file: string, opts: DrawOptions): Promise<number> {
  const format = (opts.format ?? 'svg') as DrawFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format '${opts.format}'; formats: ${FORMATS.join(', ')}`);
  if (opts.model?.includes(',')) throw new UsageError('draw takes one model; give --model NAME');
  const r = compileOrReport(file);
  if (!r) return EXIT.errors;
  const model = selectModels(r.ir, opts.model)[0];
  if (!model) throw new UsageError(`${file} has no model to draw`);
  const text = await drawModel(model, { expand: !!opts.expand, format });
  if (!opts.out) {
    process.stdout.write(text);
    return EXIT.ok;
  }
  try {
    writeAtomic(opts.out, text);
  } catch (e) {
    const problem = writeProblem(e, opts.out);
    if (!problem) throw e;
    process.stderr.write(`nnc: error: ${problem}\n`);
    return EXIT.errors;
  }
  process.stderr.write(`wrote ${opts.out}\n`);
  return EXIT.ok;
}
