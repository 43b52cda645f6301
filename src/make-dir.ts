// Creating folders, and what a failed write means in words. `fs.mkdirSync(dir, { recursive: true })`
// loops for ever on Linux when a parent refuses a folder with ENOENT (as under /proc), so folders
// are made one level at a time from the nearest one that exists.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** `mkdir -p dir`: throws ENOTDIR naming the path when a file stands where a folder must. */
export function makeDir(dir: string): void {
  const missing: string[] = [];
  for (let at = path.resolve(dir); ; ) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e; // ENOTDIR: a file further up, found below
      missing.push(at);
      const up = path.dirname(at);
      if (up === at) break;
      at = up;
      continue;
    }
    if (!stat.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${at}'`), { code: 'ENOTDIR', path: at });
    break;
  }
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(d).isDirectory()) throw e;
    }
  }
}

const REASONS: Record<string, string> = {
  ENOTDIR: 'a file stands where a folder must be',
  EEXIST: 'a file stands where a folder must be',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  ENOENT: 'the folder cannot be created there',
};

/**
 * A one-line message for a file-system error of writing, naming `file` (else the error's path), or
 * undefined for other errors.
 */
export function writeProblem(e: unknown, file?: string): string | undefined {
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code !== 'string' || !(err.code in REASONS) || typeof (file ?? err.path) !== 'string') return undefined;
  return `cannot write '${file ?? err.path}': ${REASONS[err.code]}`;
}
