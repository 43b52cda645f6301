// `generate(ir, { target })`: the module text `nnc gen` writes, formatted synchronously.
import prettierSync from '@prettier/sync';
import { displayPath, generate, PRETTIER_OPTIONS, type TfjsPackage } from '../codegen/module.js';
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

export function generateSync(ir: IrFile, options: GenerateOptions): string {
  if (options.target !== 'ts') throw new Error(`unknown target '${String(options.target)}'; targets: ts`);
  const code = generate({ ir, source: displayPath(ir.file), ...(options.tfjs ? { tfjs: options.tfjs } : {}), ...(options.models ? { models: options.models } : {}) });
  return prettierSync.format(code, PRETTIER_OPTIONS);
}
