// Which files a compilation may read, and how their bytes become text. One set of rules for the
// command line, `compile(file, { root })` and any editor: imports resolve relative to the
// importing file and must stay inside the project root (no absolute paths, no `..` escape, no
// symbolic link out); only regular files are read, their size checked (fstat) before reading, so a
// FIFO, a device or a folder is refused at once instead of hanging or exhausting memory; the bytes
// must be UTF-8 (a BOM is dropped), and UTF-16/32 or invalid UTF-8 get one problem saying so.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Code } from '../diagnostics/catalog.js';

/** The largest source file, in bytes; also the most all the files of one compilation may hold. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** Why a source cannot be used: a code for the diagnostic, and what to say. */
export class SourceProblem extends Error {
  constructor(
    readonly code: Code,
    message: string,
    /** Where in the text the problem is (invalid UTF-8), with that text decoded leniently. */
    readonly at?: { offset: number; text: string },
  ) {
    super(message);
  }
}

/** What a compilation reads files through: the disk (`diskHost`), or memory in tests and editors. */
export interface CompileHost {
  /** The file's text, or an Error (a SourceProblem to choose the code) saying why it cannot be read. */
  readFile(file: string): string | Error;
  /** The path with symbolic links resolved, to keep imports inside the root; absent in memory. */
  realPath?(file: string): string | undefined;
}

/** A file of a kind that is not a regular file, as a user would name it. */
function specialKind(stat: fs.Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function errnoMessage(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many symbolic links';
  return (e as Error).message;
}

/**
 * Why `file` cannot be compiled, checked without opening it (a FIFO is never opened): missing, a
 * directory or another special file. Undefined when it is a regular file (or a link to one).
 */
export function sourcePathProblem(file: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    return errnoMessage(e);
  }
  const special = specialKind(stat);
  return special && `it is ${special}, not a regular file`;
}

/**
 * Reads a source file's bytes: opened without blocking (a FIFO that appeared since a check cannot
 * hang), then fstat: only a regular file of at most `maxBytes` is read.
 */
export function readSourceBytes(file: string, maxBytes = MAX_FILE_BYTES): Buffer | SourceProblem {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (e) {
    return new SourceProblem('NN0104', errnoMessage(e));
  }
  try {
    const stat = fs.fstatSync(fd);
    const special = specialKind(stat);
    if (special) return new SourceProblem('NN0104', `it is ${special}, not a regular file`);
    if (stat.size > maxBytes) return new SourceProblem('NN0901', `file is ${mib(stat.size)}; the limit is ${mib(maxBytes).replace('.0', '')}`);
    const buf = Buffer.alloc(stat.size);
    let got = 0;
    while (got < buf.length) {
      const n = fs.readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return got < buf.length ? buf.subarray(0, got) : buf;
  } catch (e) {
    return new SourceProblem('NN0104', errnoMessage(e));
  } finally {
    fs.closeSync(fd);
  }
}

const SAVE_AS = 'save it as UTF-8';

/** The encoding a byte order mark or a pattern of NUL bytes gives away, if not UTF-8. */
function wideEncoding(bytes: Uint8Array): string | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return 'UTF-32 (little-endian)';
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return 'UTF-32 (big-endian)';
  if (a === 0xff && b === 0xfe) return 'UTF-16 (little-endian)';
  if (a === 0xfe && b === 0xff) return 'UTF-16 (big-endian)';
  // Without a mark: ASCII text in UTF-16/32 has a NUL beside every character.
  const n = Math.min(bytes.length, 4096) & ~3;
  if (n < 4) return undefined;
  const nulAt = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) if (bytes[i] === 0) nulAt[i & 3]!++;
  const quarter = n / 4;
  const mostly = (k: number): boolean => nulAt[k]! >= quarter * 0.9;
  if (mostly(1) && mostly(2) && mostly(3)) return 'UTF-32 (little-endian)';
  if (mostly(0) && mostly(1) && mostly(2)) return 'UTF-32 (big-endian)';
  if (mostly(1) && mostly(3)) return 'UTF-16 (little-endian)';
  if (mostly(0) && mostly(2)) return 'UTF-16 (big-endian)';
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/** Offset of the first byte that is not part of valid UTF-8. */
function firstInvalidByte(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // The longest prefix that decodes, by bisection over where decoding starts to fail.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  // A sequence cut short by the bad byte starts at its lead byte.
  let k = lo;
  while (k > 0 && lo - k < 3 && (bytes[k - 1]! & 0xc0) === 0x80) k--;
  const lead = bytes[k - 1];
  if (k > 0 && lead !== undefined && (lead & 0xc0) === 0xc0) {
    const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if (k - 1 + length > lo) return k - 1;
  }
  return lo;
}

/**
 * Source bytes as text. A UTF-8 byte order mark is dropped (offsets count from after it, as an
 * editor shows the file); UTF-16/32 and invalid UTF-8 are one problem each, never a stream of
 * errors about NUL characters.
 */
export function decodeSource(bytes: Uint8Array): string | SourceProblem {
  const wide = wideEncoding(bytes);
  if (wide) return new SourceProblem('NN0006', `the file is ${wide} text; nnspec reads UTF-8: ${SAVE_AS}`);
  try {
    return utf8.decode(bytes);
  } catch {
    const bad = firstInvalidByte(bytes);
    const before = lenient.decode(bytes.subarray(0, bad));
    const text = lenient.decode(bytes);
    const byte = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0');
    return new SourceProblem('NN0006', `the file is not valid UTF-8 (byte 0x${byte}); ${SAVE_AS}`, { offset: before.length, text });
  }
}

/** Reads and decodes a source file from disk under the rules above. */
export function readSource(file: string): string | SourceProblem {
  const bytes = readSourceBytes(file);
  return bytes instanceof SourceProblem ? bytes : decodeSource(bytes);
}

/** The host that reads the disk. */
export const diskHost: CompileHost = {
  readFile: readSource,
  realPath(file) {
    try {
      return fs.realpathSync(file);
    } catch {
      return undefined; // missing: reading reports it
    }
  },
};

/** True when `file` is `root` or below it (both normalized the same way). */
export function isInside(file: string, root: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Absolute on this system or on another (`/x`, `\x`, `C:x`): an import may not be. */
function looksAbsolute(spec: string): boolean {
  return path.isAbsolute(spec) || path.posix.isAbsolute(spec) || path.win32.isAbsolute(spec) || /^[A-Za-z]:/.test(spec);
}

/**
 * The file an `import "spec"` in `importer` names, or why it may not be read. Never reads the
 * file: a refused import cannot leak what it points at.
 */
export function resolveImport(importer: string, spec: string, root: string, host: CompileHost): { file: string } | SourceProblem {
  const shown = path.normalize(root) === '.' ? '(the current folder)' : `'${root}'`;
  if (looksAbsolute(spec)) {
    return new SourceProblem('NN0109', `cannot import '${spec}': an import is a path relative to the importing file, not an absolute path`);
  }
  const file = path.normalize(path.join(path.dirname(importer), spec));
  if (spec.includes('\0') || !isInside(path.resolve(file), path.resolve(root))) {
    return new SourceProblem('NN0109', `cannot import '${spec}': it is outside the project folder ${shown}`);
  }
  const real = host.realPath?.(file);
  const realRoot = host.realPath?.(root);
  if (real !== undefined && realRoot !== undefined && !isInside(real, realRoot)) {
    return new SourceProblem('NN0109', `cannot import '${spec}': it is a link to a file outside the project folder ${shown}`);
  }
  return { file };
}
