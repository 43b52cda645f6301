// `nnc gen FILE|DIR --target ts|pytorch [--model NAME] [--out DIR] [--tfjs tfjs|node|node-gpu]`: generates a TypeScript
// (or PyTorch Python) module per spec (stdout without --out). A directory generates every spec below it, mirrored under --out.
// A spec with errors generates nothing (exit 1); an --out that cannot be written is exit 2.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { displayPath, generateTs, type TfjsPackage } from '../../codegen/module.js';
import { generatePython, PytorchUnsupported } from '../../codegen/pytorch/module.js';
import { TRAIN_PY } from '../../codegen/pytorch/train-script.js';
import { writeAtomic } from '../../codegen/write.js';
import { writeProblem } from '../../make-dir.js';
import { expandFileArg } from '../files.js';
import { EXIT, UsageError } from '../output.js';
import { compileOrReport, selectModels } from './common.js';

export interface GenOptions {
  target: string;
  model?: string;
  out?: string;
  root?: string;
  /** The TF.js package the module imports (default tfjs). */
  tfjs?: TfjsPackage;
}

export async function runGen(arg: string, opts: GenOptions): Promise<number> {
  if (opts.target !== 'ts' && opts.target !== 'pytorch') throw new UsageError(`unknown target '${opts.target}'; targets: ts, pytorch`);
  const isDir = fs.existsSync(arg) && fs.statSync(arg).isDirectory();
  if (isDir && !opts.out) throw new UsageError(`'${arg}' is a directory: give --out DIR to write one module per spec`);
  const specs = isDir ? expandFileArg(arg) : [arg];
  if (specs.length === 0) throw new UsageError(`no .nn files in '${arg}'`);
  const outputs: { file: string; text: string }[] = [];
  for (const spec of specs) {
    const r = compileOrReport(spec, opts.root ?? (isDir ? arg : undefined));
    if (!r) return EXIT.errors;
    const models = opts.model ? selectModels(r.ir, opts.model).map((m) => m.name) : undefined;
    let text: string;
    if (opts.target === 'pytorch') {
      try {
        text = generatePython({ ir: r.ir, source: displayPath(r.ir.file), ...(models ? { models } : {}) });
      } catch (e) {
        if (!(e instanceof PytorchUnsupported)) throw e;
        process.stderr.write(`${displayPath(spec)}: error: ${e.message}\n`);
        return EXIT.errors;
      }
    } else {
      text = await generateTs({ ir: r.ir, source: displayPath(r.ir.file), ...(opts.tfjs ? { tfjs: opts.tfjs } : {}), ...(models ? { models } : {}) });
    }
    const rel = isDir ? path.relative(arg, spec) : path.basename(spec);
    const file = opts.target === 'pytorch' ? `${rel.replace(/\.(nn|json)$/, '')}.py` : rel.replace(/\.nn$/, '.ts');
    outputs.push({ file: opts.out ? path.join(opts.out, file) : '', text });
  }
  if (!opts.out) {
    process.stdout.write(outputs.map((o) => o.text).join('\n'));
    return EXIT.ok;
  }
  // The PyTorch modules' training entry point goes next to them.
  if (opts.target === 'pytorch') outputs.push({ file: path.join(opts.out, 'train.py'), text: TRAIN_PY });
  for (const o of outputs) {
    try {
      writeAtomic(o.file, o.text);
    } catch (e) {
      const problem = writeProblem(e, o.file);
      if (!problem) throw e;
      process.stderr.write(`nnc: error: ${problem}\n`);
      return EXIT.errors;
    }
    process.stderr.write(`wrote ${o.file}\n`);
  }
  return EXIT.ok;
}
