// bin/load-bundle.js: the CLI bundle runs with V8's code cache when the cache is intact and made for
// it, and otherwise compiles without it, writes a new one and gives the same results. Each case runs
// in a fresh Node process (a cache is tied to the process's V8 flags; vitest's own may differ).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';

type Sum = (...parts: Uint8Array[]) => Buffer;
const { checksum, checksumInJs } = createRequire(import.meta.url)('../../bin/checksum.js') as { checksum: Sum; checksumInJs: Sum };

const repo = process.cwd();
const LOADER = pathToFileURL(path.join(repo, 'bin', 'load-bundle.js')).href;
const made: string[] = [];
const tmp = () => {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'nnc-cache-'));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** Loads `file` in a new process, calls its `double(21)`, saves; returns [cache state, result]. */
function load(file: string): [string, number] {
  const code = `import(${JSON.stringify(LOADER)}).then(({ loadBundle }) => {
    const b = loadBundle(${JSON.stringify(file)});
    const out = b.exports.double(21);
    b.save();
    console.log(JSON.stringify([b.cache, out]));
  })`;
  const r = node(['-e', code]);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as [string, number];
}

const SOURCE = "'use strict';\nexports.double = (x) => x * 2;\nexports.triple = (x) => x * 3;\n";

/** A new folder holding `text` as b.cjs; its cache would be b.cache. */
function bundle(text = SOURCE): { dir: string; file: string; cacheFile: string } {
  const dir = tmp();
  const file = path.join(dir, 'b.cjs');
  fs.writeFileSync(file, text);
  return { dir, file, cacheFile: path.join(dir, 'b.cache') };
}

/** A limit on virtual memory that leaves Node room to run but no WebAssembly memory (V8 reserves about 10 GB for one). */
const MAX_VM_KB = 4_000_000;

/** `node ...argv` in a new process, under MAX_VM_KB when `limited`. */
function node(argv: string[], limited = false) {
  if (!limited) return spawnSync(process.execPath, argv, { encoding: 'utf8' });
  return spawnSync('/bin/sh', ['-c', `ulimit -v ${MAX_VM_KB} && exec "$@"`, 'sh', process.execPath, ...argv], { encoding: 'utf8' });
}

/** How a new process under `root` (bin/ beside dist/bundle/) finds the CLI bundle's cache. */
function bundleCache(root: string, limited = false): string {
  const code = `console.log(require(${JSON.stringify(path.join(root, 'bin/load-bundle.js'))}).loadBundle(${JSON.stringify(path.join(root, 'dist/bundle/main.cjs'))}).cache)`;
  return node(['-e', code], limited).stdout;
}

describe('loadBundle', () => {
  it('compiles without a cache, writes one, and uses it on the next start', () => {
    const { dir, file, cacheFile } = bundle();
    expect(load(file)).toEqual(['missing', 42]);
    const cache = fs.readFileSync(cacheFile);
    expect(cache.length).toBeGreaterThan(8);
    expect(load(file)).toEqual(['used', 42]);
    // A used cache is not written again.
    expect(fs.readFileSync(cacheFile).equals(cache)).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(['b.cache', 'b.cjs']);
  });

  it('never gives a damaged cache to V8 (it would abort the process): compiles, and writes a good one', () => {
    const { file, cacheFile } = bundle();
    load(file);
    const good = fs.readFileSync(cacheFile);
    const bad = Buffer.from(good);
    for (let i = 40; i < bad.length; i += 7) bad[i]! ^= 0x5a;
    const flipped = Buffer.from(good);
    flipped[good.length - 1]! ^= 1;
    for (const damaged of [bad, flipped, good.subarray(0, good.length - 1), good.subarray(0, 6), Buffer.alloc(0), Buffer.from('not a cache')]) {
      fs.writeFileSync(cacheFile, damaged);
      expect(load(file)).toEqual(['damaged', 42]);
      expect(load(file)).toEqual(['used', 42]);
    }
  });

  it('does not read a file far larger than a cache can be, and replaces it', () => {
    const { file, cacheFile } = bundle();
    fs.writeFileSync(cacheFile, Buffer.alloc(4 * SOURCE.length + 65537, 1));
    expect(load(file)).toEqual(['damaged', 42]);
    expect(fs.statSync(cacheFile).size).toBeLessThan(65536);
    expect(load(file)).toEqual(['used', 42]);
  });

  it('does not use a cache made for other text of the same length, which V8 alone would take', () => {
    const { file } = bundle();
    load(file);
    const other = SOURCE.replace('x * 2', 'x + 2');
    expect(other.length).toBe(SOURCE.length);
    fs.writeFileSync(file, other);
    expect(load(file)).toEqual(['damaged', 23]);
    expect(load(file)).toEqual(['used', 23]);
  });

  it('reports a cache V8 refuses (made by another V8 or for other text) and replaces it', () => {
    const { file, cacheFile } = bundle(`${SOURCE}// a comment that changes the length\n`);
    load(file);
    // The payload made for the longer text, with a checksum that matches the shorter one.
    const payload = fs.readFileSync(cacheFile).subarray(8);
    fs.writeFileSync(file, SOURCE);
    fs.writeFileSync(cacheFile, Buffer.concat([checksum(Buffer.from(SOURCE), payload), payload]));
    expect(load(file)).toEqual(['rejected', 42]);
    expect(load(file)).toEqual(['used', 42]);
  });

  it('runs where the cache cannot be read or written, without a cache and without an error', () => {
    // A folder in the cache's place: neither read nor replaced, whoever runs it.
    const { dir, file, cacheFile } = bundle();
    fs.mkdirSync(cacheFile);
    expect(load(file)).toEqual(['missing', 42]);
    expect(load(file)).toEqual(['missing', 42]);
    expect(fs.statSync(cacheFile).isDirectory()).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(['b.cache', 'b.cjs']);
  });
});

/** The checksum as bin/checksum.js describes it, in plain JavaScript. */
function reference(...parts: Uint8Array[]): Buffer {
  let a = 0x811c9dc5 | 0;
  let b = 0x9e3779b9 | 0;
  for (const part of parts) {
    const padded = new Uint8Array((part.length + 3) & ~3);
    padded.set(part);
    const words = new DataView(padded.buffer);
    for (let i = 0; i < padded.length; i += 4) {
      const w = words.getUint32(i, true);
      a = Math.imul(a ^ w, 0x5bd1e995);
      a ^= a >>> 15;
      b = Math.imul(b ^ w, 0x27d4eb2f);
      b ^= b >>> 13;
    }
    a = Math.imul(a ^ part.length, 0x5bd1e995);
    b = Math.imul(b ^ part.length, 0x27d4eb2f);
  }
  const out = Buffer.alloc(8);
  out.writeUInt32LE(a >>> 0, 0);
  out.writeUInt32LE(b >>> 0, 4);
  return out;
}

describe('checksum', () => {
  it('is the WebAssembly function its comment describes, over parts of any length and offset', () => {
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
    const lengths = [0, 1, 2, 3, 4, 5, 7, 8, 65531, 65536, 65537, 200_003];
    for (const n of lengths) {
      const part = bytes(n);
      expect(checksum(part).toString('hex'), `${n} bytes`).toBe(reference(part).toString('hex'));
      // At an odd offset in a larger buffer, and with a second part.
      const offset = Buffer.concat([Buffer.from([1, 2, 3]), part]).subarray(3);
      const second = bytes(n % 97);
      expect(checksum(offset, second).toString('hex')).toBe(reference(part, second).toString('hex'));
    }
    // The JavaScript loop it falls back to gives the same sums.
    for (const n of lengths) {
      const part = bytes(n);
      expect(checksumInJs(part, part.subarray(n >> 1)).toString('hex'), `${n} bytes`).toBe(reference(part, part.subarray(n >> 1)).toString('hex'));
    }
    // A known value, so that both cannot drift together.
    expect(checksum(Buffer.from('nnspec')).toString('hex')).toBe('dbd96a5a15a90288');
    expect(checksumInJs(Buffer.from('nnspec')).toString('hex')).toBe('dbd96a5a15a90288');
  });

  it('changes with any one flipped bit, with trailing zeros and with how the bytes split into parts', () => {
    const base = Buffer.from('model m {\n  input(4)\n  dense(2)\n}\n');
    const sums = new Set([checksum(base).toString('hex')]);
    for (let i = 0; i < base.length * 8; i++) {
      const flipped = Buffer.from(base);
      flipped[i >> 3]! ^= 1 << (i & 7);
      sums.add(checksum(flipped).toString('hex'));
    }
    expect(sums.size).toBe(base.length * 8 + 1);
    expect(checksum(Buffer.concat([base, Buffer.alloc(1)]))).not.toEqual(checksum(base));
    expect(checksum(base.subarray(0, 8), base.subarray(8))).not.toEqual(checksum(base.subarray(0, 12), base.subarray(12)));
  });
});

describe('nnc with its code cache', () => {
  it('is built with a cache of the bundle that this Node uses', () => {
    expect(bundleCache(repo)).toBe('used\n');
  });

  it('gives the same output with a damaged cache, and mends it', () => {
    // A copy of the installed layout: bin/, dist/bundle/ and the dependencies.
    const dir = tmp();
    fs.cpSync(path.join(repo, 'bin'), path.join(dir, 'bin'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'dist', 'bundle'), { recursive: true });
    for (const f of ['main.cjs', 'chevrotain.cjs']) fs.copyFileSync(path.join(repo, 'dist/bundle', f), path.join(dir, 'dist/bundle', f));
    fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'));
    const cacheFile = path.join(dir, 'dist/bundle/main.cache');
    const good = fs.readFileSync(path.join(repo, 'dist/bundle/main.cache'));
    fs.writeFileSync(cacheFile, Buffer.from(good).fill(7, 64, 4096));
    const args = ['summary', 'specs/classic/vgg16.nn', '--format', 'json'];
    const expected = node(['bin/nnc.js', ...args]);
    const r = node([path.join(dir, 'bin/nnc.js'), ...args]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe(expected.stdout);
    expect(JSON.parse(r.stdout).models[0].totals.params).toBe(138_357_544);
    expect(bundleCache(dir)).toBe('used\n');
    // A file with an error loads Chevrotain beside the bundle, as before.
    fs.writeFileSync(path.join(dir, 'bad.nn'), 'model m {\n  input(28, 28, 1\n}\n');
    const bad = spawnSync(process.execPath, [path.join(dir, 'bin/nnc.js'), 'check', path.join(dir, 'bad.nn')], { encoding: 'utf8', cwd: dir });
    expect(bad.status).toBe(1);
    expect(bad.stderr + bad.stdout).toContain('NN0003');
  });
});

describe('nnc under a limit on virtual memory', () => {
  it('checks its cache without WebAssembly, whose memory V8 cannot reserve there, and runs', () => {
    expect(node(['-e', 'new WebAssembly.Memory({ initial: 1 })'], true).stderr).toContain('could not allocate memory');
    const r = node(['bin/nnc.js', 'summary', 'specs/classic/vgg16.nn', '--format', 'json'], true);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout).models[0].totals.params).toBe(138_357_544);
    expect(bundleCache(repo, true)).toBe('used\n');
  });
});

describe('nnc without its bundle', () => {
  it('says what is missing and how to build it, without a stack trace', () => {
    const dir = tmp();
    fs.cpSync(path.join(repo, 'bin'), path.join(dir, 'bin'), { recursive: true });
    const r = node([path.join(dir, 'bin/nnc.js'), 'check', 'x.nn']);
    const file = path.join(dir, 'dist', 'bundle', 'main.cjs');
    expect([r.status, r.stdout, r.stderr]).toEqual([70, '', `nnc: error: ${file} is missing: in a clone of nnspec, run \`npm ci\` (it builds dist/); else reinstall the package\n`]);
  });
});
