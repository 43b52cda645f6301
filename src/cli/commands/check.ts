// `nnc check FILE...`: compiles each file and prints every diagnostic; exit 0 clean, 1 errors.
import * as fs from 'node:fs';
import { compile } from '../../check/compile.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { expandFileArg } from '../files.js';
import { EXIT, errorSummary, formatDiagnostics, jsonDiagnostics, UsageError, useColor } from '../output.js';
import { projectRoot, readableFile } from './common.js';

export function runCheck(args: string[], opts: { json?: boolean; root?: string }): number {
  // A folder given is the project folder of the files below it (unless --root says otherwise).
  const roots = new Map<string, string | undefined>();
  const files = args.flatMap((a) => {
    const found = expandFileArg(a);
    if (found.length === 0) throw new UsageError(`no .nn files match '${a}'`);
    const folder = isDirectory(a) ? a : undefined;
    for (const f of found) roots.set(f, opts.root ?? folder);
    return found;
  });
  files.forEach(readableFile);
  const all: Diagnostic[] = [];
  const json: unknown[] = [];
  const out: string[] = [];
  for (const file of files) {
    const r = compile(file, { root: projectRoot(file, roots.get(file)), structure: false });
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

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
