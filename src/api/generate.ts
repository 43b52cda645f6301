// `generate(ir, { target })`: the module text `nnc gen` writes, formatted synchronously.
import prettierSync from '@prettier/sync';
import type { CompileResult } from '../check/compile.js';
import { displayPath, generate, MAX_FORMATTED_CHARS, PRETTIER_OPTIONS, type TfjsPackage } from '../codegen/module.js';
import type { IrFile } from '../ir/types.js';

/** What `generate` can write. */
export type Target = 'ts';

export type { TfjsPackage } from '../codegen/module.js';

/** Options for `generate`. */
export interface GenerateOptions {
  target: Target;
  /** Only these models (and what they need); default all. */
  models?: string[];
  /** The package the module imports TF.js from; default `tfjs` (`@tensorflow/tfjs`). */
  tfjs?: TfjsPackage;
}

const sources = new WeakMap<IrFile, CompileResult['files']>();

/** Remembers the sources an IR was compiled from. */
export function rememberSources(ir: IrFile, files: CompileResult['files']): void {
  sources.set(ir, files);
}

export function generateSync(ir: IrFile, options: GenerateOptions): string {
  if (options.target !== 'ts') throw new Error(`unknown target '${String(options.target)}'; targets: ts`);
  const files = sources.get(ir);
  if (!files) throw new Error('generate needs an IR from compileSource or compileFile');
  const code = generate({ ir, files, source: displayPath(ir.file), ...(options.tfjs ? { tfjs: options.tfjs } : {}), ...(options.models ? { models: options.models } : {}) });
  return code.length > MAX_FORMATTED_CHARS ? code : prettierSync.format(code, PRETTIER_OPTIONS);
}
