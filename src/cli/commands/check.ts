// `nnc check FILE...`: compiles each file and prints every diagnostic; exit 0 clean, 1 errors.
import { compile } from '../../check/compile.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { expandFileArg } from '../files.js';
import { EXIT, errorSummary, formatDiagnostics, jsonDiagnostics, UsageError, useColor } from '../output.js';
import { readableFile } from './common.js';

export function runCheck(args: string[], opts: { json?: boolean }): number {
  const files = args.flatMap((a) => {
    const found = expandFileArg(a);
    if (found.length === 0) throw new UsageError(`no .nn files match '${a}'`);
    return found;
  });
  files.forEach(readableFile);
  const all: Diagnostic[] = [];
  const json: unknown[] = [];
  const out: string[] = [];
  for (const file of files) {
    const r = compile(file);
    all.push(...r.diagnostics);
    if (opts.json) json.push(...jsonDiagnostics(r.diagnostics, r.files));
    else if (r.diagnostics.length) out.push(formatDiagnostics(r.diagnostics, r.files, useColor(process.stdout)));
    else out.push(`${file}: ok (${r.ir?.models.length ?? 0} model${r.ir?.models.length === 1 ? '' : 's'})`);
  }
  const failed = all.some((d) => d.severity === 'error');
  if (opts.json) process.stdout.write(JSON.stringify(json, null, 2) + '\n');
  else {
    if (failed) out.push(errorSummary(all, files.length));
    process.stdout.write(out.join('\n') + '\n');
  }
  return failed ? EXIT.errors : EXIT.ok;
}
