// Which files a compilation reads, and how: imports confined to the project folder, special files
// refused without opening them for long, sizes checked first, encodings detected. Real files in a
// temporary folder, compiled in-process and through `nnc` (exit codes, no echo of other files).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/check/compile.js';
import { decodeSource, resolveImport, SourceProblem, diskHost } from '../../src/check/sources.js';
import { LineMap } from '../../src/diagnostics/lines.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-sources-'));
const proj = path.join(tmp, 'proj');
fs.mkdirSync(path.join(proj, 'lib'), { recursive: true });
fs.writeFileSync(path.join(tmp, 'secret.nn'), 'SECRET CONTENT\n');
fs.writeFileSync(path.join(proj, 'lib', 'blocks.nn'), 'block two(w) { dense(w) + relu; dense(w) }\n');
execFileSync('mkfifo', [path.join(proj, 'pipe.nn')]);
fs.symlinkSync(path.join(tmp, 'secret.nn'), path.join(proj, 'link.nn'));
fs.symlinkSync('/dev/zero', path.join(proj, 'zero.nn'));

const write = (name: string, text: string | Buffer): string => {
  const file = path.join(proj, name);
  fs.writeFileSync(file, text);
  return file;
};

/** Code, line, column and underlined text of each diagnostic of compiling `file` from disk. */
function diagnose(file: string, root?: string) {
  const r = compile(file, root ? { root } : {});
  return r.diagnostics.map((d) => {
    const text = r.files.get(d.span.file)?.text ?? '';
    const at = new LineMap(text).position(d.span.start);
    return [d.code, at.line, at.column, text.slice(d.span.start, d.span.end), d.message];
  });
}

const nnc = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/nnc.js', ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('imports stay in the project folder', () => {
  it('an import inside the project works, relative to the importing file', () => {
    const main = write('ok.nn', 'import "lib/blocks.nn"\nmodel m {\n  input(4)\n  two(3)\n}\n');
    expect(diagnose(main)).toEqual([]);
  });
  it('`..` out of the project is refused at the import string, without reading the file', () => {
    const main = write('up.nn', 'import "../secret.nn"\nimport "../../../../../../etc/passwd"\n');
    expect(diagnose(main)).toEqual([
      ['NN0109', 1, 8, '"../secret.nn"', `cannot import '../secret.nn': it is outside the project folder '${proj}'`],
      ['NN0109', 2, 8, '"../../../../../../etc/passwd"', `cannot import '../../../../../../etc/passwd': it is outside the project folder '${proj}'`],
    ]);
    expect(compile(main).files.size).toBe(1);
  });
  it('an absolute path is refused, not made relative', () => {
    const main = write('abs.nn', 'import "/etc/passwd"\nimport "/dev/zero"\n');
    expect(diagnose(main).map((d) => d.slice(0, 4))).toEqual([
      ['NN0109', 1, 8, '"/etc/passwd"'],
      ['NN0109', 2, 8, '"/dev/zero"'],
    ]);
  });
  it('a symbolic link out of the project is refused', () => {
    const main = write('links.nn', 'import "link.nn"\nimport "zero.nn"\n');
    expect(diagnose(main).map((d) => d.slice(0, 4))).toEqual([
      ['NN0109', 1, 8, '"link.nn"'],
      ['NN0109', 2, 8, '"zero.nn"'],
    ]);
  });
  it('--root widens the project folder', () => {
    const main = write('up2.nn', 'import "../secret.nn"\n');
    expect(diagnose(main, tmp).map((d) => d[0])).toEqual(['NN0004']); // read: SECRET CONTENT is not a spec
    expect(diagnose(main, path.join(proj, 'lib')).map((d) => d[0])).toEqual(['NN0109']);
  });
  it('a FIFO or a folder is refused at once', () => {
    const main = write('special.nn', 'import "pipe.nn"\nimport "lib"\n');
    expect(diagnose(main)).toEqual([
      ['NN0104', 1, 8, '"pipe.nn"', "cannot import 'pipe.nn': it is a FIFO (named pipe), not a regular file"],
      ['NN0104', 2, 8, '"lib"', "cannot import 'lib': it is a directory, not a regular file"],
    ]);
  });
  it('the imports rule is one function, for any host', () => {
    const host = { readFile: () => 'x' };
    expect(resolveImport('a/b.nn', 'c.nn', 'a', host)).toEqual({ file: path.join('a', 'c.nn') });
    expect(resolveImport('a/b.nn', '../c.nn', 'a', host)).toBeInstanceOf(SourceProblem);
    expect(resolveImport('a/b.nn', 'C:\\x.nn', 'a', host)).toBeInstanceOf(SourceProblem);
    expect(resolveImport('a/b.nn', 'x/../../c.nn', 'a', host)).toBeInstanceOf(SourceProblem);
    expect(diskHost.realPath!(path.join(proj, 'link.nn'))).toBe(fs.realpathSync(path.join(tmp, 'secret.nn')));
  });
});

describe('nnc and special files', () => {
  it('nnc check /dev/zero and a FIFO are usage errors at once', () => {
    expect(nnc('check', '/dev/zero')).toMatchObject({ code: 2, err: "nnc: error: cannot read '/dev/zero': it is a character device, not a regular file\n" });
    expect(nnc('check', path.join(proj, 'pipe.nn'))).toMatchObject({ code: 2, err: expect.stringContaining('it is a FIFO (named pipe), not a regular file') });
  });
  it('an import out of the project exits 1 and never prints the other file', () => {
    const main = write('leak.nn', 'import "../secret.nn"\nimport "link.nn"\n');
    const r = nnc('check', main);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${main}:1:8 - error NN0109`);
    expect(r.out).not.toContain('SECRET');
  });
  it('--root is checked, and taken by every command that compiles', () => {
    const main = write('up3.nn', 'import "../secret.nn"\n');
    expect(nnc('check', main, '--root', path.join(tmp, 'none'))).toMatchObject({ code: 2, err: expect.stringContaining('is not a directory') });
    expect(nnc('check', main, '--root', path.join(proj, 'lib'))).toMatchObject({ code: 2, err: expect.stringContaining('is not inside --root') });
    for (const cmd of [['ir'], ['summary'], ['compare'], ['gen', '--target', 'ts']]) {
      expect(nnc(...cmd, main, '--root', tmp).out).not.toContain('unknown option');
      expect(nnc(...cmd, main, '--root', tmp).code).toBe(1);
    }
    expect(nnc('train', '--help').out).toContain('--root <dir>');
  });
});

describe('encodings', () => {
  const spec = 'model m {\n  input(4)\n  dense(3) + relu\n  dropuot(0.5)\n}\n';
  it('a UTF-8 byte order mark is accepted, and positions are as an editor shows them', () => {
    const file = write('bom.nn', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(spec)]));
    expect(diagnose(file).map((d) => d.slice(0, 4))).toEqual([['NN0102', 4, 3, 'dropuot']]);
    // The same text from an editor, the mark kept as U+FEFF: skipped like a space.
    expect(compile('bom.nn', { text: `\ufeff${spec}`, host: { readFile: () => new Error('none') } }).diagnostics.map((d) => d.code)).toEqual(['NN0102']);
  });
  it('UTF-16 and UTF-32, with or without a mark, give one diagnostic', () => {
    const le = Buffer.from(spec, 'utf16le');
    const be = Buffer.from(le).swap16();
    const cases: [string, Buffer, string][] = [
      ['u16le-bom.nn', Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'UTF-16 (little-endian)'],
      ['u16be-bom.nn', Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'UTF-16 (big-endian)'],
      ['u16le.nn', le, 'UTF-16 (little-endian)'],
      ['u16be.nn', be, 'UTF-16 (big-endian)'],
      ['u32le.nn', Buffer.from([...spec].flatMap((c) => [c.charCodeAt(0), 0, 0, 0])), 'UTF-32 (little-endian)'],
      ['u32be-bom.nn', Buffer.from([0, 0, 0xfe, 0xff, ...[...spec].flatMap((c) => [0, 0, 0, c.charCodeAt(0)])]), 'UTF-32 (big-endian)'],
    ];
    for (const [name, bytes, what] of cases) {
      expect(diagnose(write(name, bytes)), name).toEqual([['NN0006', 1, 1, '', `the file is ${what} text; nnspec reads UTF-8: save it as UTF-8`]]);
    }
  });
  it('invalid UTF-8 gets one diagnostic at the first bad byte', () => {
    const bytes = Buffer.concat([Buffer.from('model m {\n  input(4) # é\n  dense(3) # '), Buffer.from([0xe2, 0x82, 0x41]), Buffer.from('\n}\n')]);
    expect(diagnose(write('latin.nn', bytes))).toEqual([['NN0006', 3, 14, '', 'the file is not valid UTF-8 (byte 0xE2); save it as UTF-8']]);
    const latin1 = decodeSource(Buffer.from('# caf\xe9\n', 'latin1'));
    expect(latin1).toBeInstanceOf(SourceProblem);
    expect((latin1 as SourceProblem).at?.offset).toBe(5);
  });
  it('nnc prints one line for a UTF-16 file, no NUL bytes, and escapes control characters', () => {
    const file = write('wide.nn', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(spec, 'utf16le')]));
    const r = nnc('check', file);
    expect(r.code).toBe(1);
    expect(r.out).toContain('error NN0006: the file is UTF-16 (little-endian) text');
    expect(r.out).not.toContain('\0');
    const esc = write('esc.nn', 'model m {\n  input(4)\n  \x1b[31m\n}\n');
    const e = nnc('check', esc);
    expect(e.out).not.toContain('\x1b');
    expect(e.out).toContain('␛');
  });
  it('a file over the size limit is refused from its size alone', () => {
    const big = path.join(proj, 'big.nn');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 9 * 1024 * 1024);
    expect(diagnose(big)).toEqual([['NN0901', 1, 1, '', 'file is 9.0 MiB; the limit is 8 MiB']]);
  });
});
