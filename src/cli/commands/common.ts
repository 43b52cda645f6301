// Steps several commands share: making sure a file can be read (a usage error otherwise),
// compiling it and printing its diagnostics, picking models by name.
import * as fs from 'node:fs';
import { compile, type CompileResult } from '../../check/compile.js';
import { readIrFile } from '../../ir/read.js';
import type { IrFile, IrModel } from '../../ir/types.js';
import { formatDiagnostics, errorSummary, UsageError, useColor } from '../output.js';

export function readableFile(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UsageError(`cannot read '${file}': no such file`);
  }
  if (stat.isDirectory()) throw new UsageError(`'${file}' is a directory; give a .nn file`);
}

/**
 * Compiles a .nn file, or reads and validates an IR .json file; on errors prints them to stderr
 * and returns undefined (the caller exits 1).
 */
export function compileOrReport(file: string): (CompileResult & { ir: IrFile }) | undefined {
  readableFile(file);
  if (file.endsWith('.json')) {
    const read = readIrFile(file);
    if ('ir' in read) return { ir: read.ir, diagnostics: [], files: new Map() };
    process.stderr.write(read.errors.join('\n') + '\n');
    return undefined;
  }
  const r = compile(file);
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
