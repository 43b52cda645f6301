// `nnc fmt FILE... [--check] [--write]`: prints each file in the canonical layout; `--write`
// rewrites the files that change; `--check` lists them and exits 1 when there are any. A file
// with syntax errors is reported (exit 1) and left as it is.
import * as fs from 'node:fs';
import { writeAtomic } from '../../codegen/write.js';
import { formatDiagnostic } from '../../diagnostics/print.js';
import { formatSource } from '../../format/format.js';
import { expandFileArg } from '../files.js';
import { EXIT, UsageError, useColor } from '../output.js';
import { readableFile } from './common.js';

export interface FmtOptions {
  check?: boolean;
  write?: boolean;
}

export function runFmt(args: string[], opts: FmtOptions): number {
  if (opts.check && opts.write) throw new UsageError('give --check or --write, not both');
  const files = args.flatMap((a) => {
    const found = expandFileArg(a);
    if (found.length === 0) throw new UsageError(`no .nn files match '${a}'`);
    return found;
  });
  files.forEach(readableFile);
  let failed = false;
  const changed: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const r = formatSource(file, text);
    if (r.text === undefined) {
      failed = true;
      const shown = r.diagnostics.map((d) => formatDiagnostic(d, text, { color: useColor(process.stderr) }));
      process.stderr.write(`${shown.join('\n\n')}\n${file}: not formatted: it has syntax errors\n`);
      continue;
    }
    if (r.text !== text) changed.push(file);
    if (opts.write && r.text !== text) {
      writeAtomic(file, r.text);
      process.stderr.write(`formatted ${file}\n`);
    } else if (!opts.check && !opts.write) process.stdout.write(r.text);
  }
  if (opts.check) {
    for (const f of changed) process.stdout.write(`${f}\n`);
    if (changed.length > 0) process.stderr.write(`${changed.length} file${changed.length === 1 ? '' : 's'} not formatted; run nnc fmt --write\n`);
  }
  return failed || (opts.check && changed.length > 0) ? EXIT.errors : EXIT.ok;
}
