// `nnc gen` on the command line: stdout without --out, a spec with errors writes nothing (exit 1),
// an --out that cannot be written is one clear error line (exit 2), and a good file is replaced
// only by a complete one.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

let out = '';
let err = '';
let dir = '';
beforeEach(() => {
  out = err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-gen-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('nnc gen', () => {
  test('prints the module on stdout', async () => {
    expect(await main(['gen', 'specs/hw4/part2.nn', '--target', 'ts'])).toBe(0);
    expect(out).toBe(fs.readFileSync('generated/hw4/part2.ts', 'utf8'));
  });

  test('--model keeps the builders that model needs', async () => {
    expect(await main(['gen', 'specs/hw4/part2.nn', '--target', 'ts', '--model', 'cnn_half'])).toBe(0);
    expect(out).toContain('export function buildCnn(');
    expect(out).toContain('export const models = Object.freeze({ cnn_half: buildCnnHalf });');
    expect(out).not.toContain('buildFc8');
  });

  test('writes DIR/<spec>.ts with --out', async () => {
    expect(await main(['gen', 'specs/hw4/part1.nn', '--target', 'ts', '--out', dir])).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'part1.ts'), 'utf8')).toBe(fs.readFileSync('generated/hw4/part1.ts', 'utf8'));
    expect(fs.readdirSync(dir)).toEqual(['part1.ts']);
  });

  test('a spec with errors prints its diagnostics and writes nothing', async () => {
    const spec = path.join(dir, 'bad.nn');
    fs.writeFileSync(spec, 'model m {\n  input(4)\n  dense(3.5)\n}\n');
    fs.writeFileSync(path.join(dir, 'bad.ts'), 'good');
    expect(await main(['gen', spec, '--target', 'ts', '--out', dir])).toBe(1);
    expect(err).toContain('NN0206');
    expect(out).toBe('');
    expect(fs.readFileSync(path.join(dir, 'bad.ts'), 'utf8')).toBe('good');
  });

  test('an unwritable --out is one line naming the file and why, exit 1, as for train', async () => {
    const blocker = path.join(dir, 'file');
    fs.writeFileSync(blocker, '');
    const target = path.join(blocker, 'sub', 'part1.ts');
    expect(await main(['gen', 'specs/hw4/part1.nn', '--target', 'ts', '--out', path.join(blocker, 'sub')])).toBe(1);
    expect(err).toBe(`nnc: error: cannot write '${target}': a file stands where a folder must be\n`);
    err = '';
    expect(await main(['gen', 'specs/hw4/part1.nn', '--target', 'pytorch', '--out', '/proc/nnspec-test'])).toBe(1);
    expect(err).toBe("nnc: error: cannot write '/proc/nnspec-test/part1.py': the folder cannot be created there\n");
    err = '';
    expect(await main(['draw', 'specs/hw4/part1.nn', '--model', 'mlp', '--out', path.join(blocker, 'x.svg')])).toBe(1);
    expect(err).toBe(`nnc: error: cannot write '${path.join(blocker, 'x.svg')}': a file stands where a folder must be\n`);
  });

  test('--tfjs node imports @tensorflow/tfjs-node only, and the header says how it was made', async () => {
    expect(await main(['gen', 'specs/hw4/part1.nn', '--target', 'ts', '--tfjs', 'node'])).toBe(0);
    const imports = out.split('\n').filter((l) => l.startsWith('import '));
    expect(imports).toEqual(['import * as tf from "@tensorflow/tfjs-node";']);
    expect(out).toContain('// `nnc gen specs/hw4/part1.nn --target ts --tfjs node`.');
    expect(out).toContain('// To train on nnspec\'s fast CPU backend, add `import "nnspec/backend";` before building a model.');
    const rest = (text: string) => text.split('\n').filter((l) => !l.startsWith('import ') && !l.includes('--target ts') && !l.includes('as `tf`'));
    expect(rest(out)).toEqual(rest(fs.readFileSync('generated/hw4/part1.ts', 'utf8')));
  });

  test('--tfjs node-gpu, and an unknown --tfjs is a usage error', async () => {
    expect(await main(['gen', 'specs/hw4/part1.nn', '--target', 'ts', '--tfjs', 'node-gpu'])).toBe(0);
    expect(out.split('\n').filter((l) => l.startsWith('import '))).toEqual(['import * as tf from "@tensorflow/tfjs-node-gpu";']);
    out = '';
    expect(await main(['gen', 'specs/hw4/part1.nn', '--target', 'ts', '--tfjs', 'core'])).toBe(2);
    expect(err).toContain("argument 'core' is invalid");
    expect(out).toBe('');
  });

  test('the default imports @tensorflow/tfjs and nothing else, with no text about this repository', async () => {
    expect(await main(['gen', 'specs/classic/lenet5.nn', '--target', 'ts'])).toBe(0);
    expect(out.split('\n').filter((l) => l.startsWith('import '))).toEqual(['import * as tf from "@tensorflow/tfjs";']);
    expect(out).not.toMatch(/repository|npm run|tfjs-core|tfjs-layers/);
  });

  test('an unknown target is a usage error', async () => {
    expect(await main(['gen', 'specs/hw4/part1.nn', '--target', 'py'])).toBe(2);
    expect(err).toContain("unknown target 'py'");
  });

  test('--help describes the command', async () => {
    expect(await main(['gen', '--help'])).toBe(0);
    expect(out).toContain('--target <target>');
    expect(out).toContain('--out <dir>');
    expect(out).toContain('--tfjs <package>');
  });
});
