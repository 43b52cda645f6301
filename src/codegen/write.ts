// Writing generated files so that a half-written file never replaces a good one: the text goes
// to a temporary file next to the target, which is then renamed over it (atomic on one filesystem).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeDir } from '../make-dir.js';

export function writeAtomic(file: string, text: string): void {
  makeDir(path.dirname(file));
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
