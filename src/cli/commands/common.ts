// Steps several commands share: making sure a file can be read (a usage error otherwise),
// compiling it and printing its diagnostics, picking models by name.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compile, type CompileResult } from '../../check/compile.js';
import { isInside, sourcePathProblem } from '../../check/sources.js';
import { readIrFile } from '../../ir/read.js';
import type { IrFile, IrModel } from '../../ir/types.js';
import { formatDiagnostics, errorSummary, UsageError, useColor } from '../output.js';

/** A usage error unless `file` is a regular file (checked without opening it: a FIFO cannot hang). */
export function readableFile(file: string): void {
  const problem = sourcePathProblem(file);
  if (problem === 'it is a directory, not a regular file') throw new UsageError(`'${file}' is a directory; give a .nn file`);
  if (problem) throw new UsageError(`cannot read '${file}': ${problem}`);
}

/** The project folder of `file`: `--root DIR` (which must hold the file), else the file's own folder. */
export function projectRoot(file: string, root: string | undefined): string {
  if (root === undefined) return path.dirname(file);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(root);
  } catch {
    stat = undefined;
  }
  if (!stat?.isDirectory()) throw new UsageError(`--root '${root}' is not a directory`);
  if (!isInside(path.resolve(file), path.resolve(root))) throw new UsageError(`'${file}' is not inside --root '${root}'`);
  return root;
}

/**
 * Compiles a .nn file, or reads and validates an IR .json file; on errors prints them to stderr
 * and returns undefined (the caller exits 1). Imports stay inside `root` (default: the file's folder).
 */
export function compileOrReport(file: string, root?: string, options: { structure?: boolean } = {}): (CompileResult & { ir: IrFile }) | undefined {
  readableFile(file);
  if (file.endsWith('.json')) {
    const read = readIrFile(file);
    if ('ir' in read) return { ir: read.ir, diagnostics: [], files: new Map() };
    process.stderr.write(read.errors.join('\n') + '\n');
    return undefined;
  }
  const r = compile(file, { root: projectRoot(file, root), ...options });
  if (r.ir) return r as CompileResult & { ir: IrFile };
  process.stderr.write(formatDiagnostics(r.diagnostics, r.files, useColor(process.stderr)) + '\n' + errorSummary(r.diagnostics, 1) + '\n');
  return undefined;
}

/** The models named by `--model a,b` (all when none); an unknown name lists the ones there are. */
export function selectModels(ir: IrFile, names: string | undefined): IrModel[] {
  if (!names) return ir.models;
  return names.split(',').map((n) => {
    const m = ir.models.find((x) => x.name === n.trim());
    if (!m) throw new UsageError(`no model '${n.trim()}' in ${ir.file}; models: ${ir.models.map((x) => x.name).join(', ') || '(none)'}`);
    return m;
  });
}
