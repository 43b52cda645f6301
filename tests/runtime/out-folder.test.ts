// Where runs and reports go is checked before training: a file where a folder must be, or a folder
// that cannot be made (under /proc, where Node's recursive mkdir never returns), is one error line
// and exit 1, and nothing is trained.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from 'vitest';
import { makeDir, writeProblem } from '../../src/make-dir.js';
import { nnc, tmpDir } from './helpers.js';

const SPEC = `model m {
  input(2)
  dense(2) + softmax
  train { loss: sparse_categorical_crossentropy; epochs: 1; batch: 4 }
}
experiment e { models: m; data: "d.csv" }
`;

function project(name: string): string {
  const dir = tmpDir(name);
  fs.writeFileSync(path.join(dir, 'd.csv'), ['a,b,label', ...Array.from({ length: 20 }, (_, i) => `${i},${i % 3},${i % 2}`)].join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'e.nn'), SPEC);
  return dir;
}

test('makeDir makes every missing level and names a file in the way', () => {
  const dir = tmpDir('make-dir');
  makeDir(path.join(dir, 'a', 'b', 'c'));
  expect(fs.statSync(path.join(dir, 'a', 'b', 'c')).isDirectory()).toBe(true);
  makeDir(path.join(dir, 'a', 'b', 'c'));
  fs.writeFileSync(path.join(dir, 'f'), 'x');
  let thrown: unknown;
  try {
    makeDir(path.join(dir, 'f', 'g'));
  } catch (e) {
    thrown = e;
  }
  expect(writeProblem(thrown)).toBe(`cannot write '${path.join(dir, 'f')}': a file stands where a folder must be`);
  expect(() => makeDir('/proc/nnspec-test/x')).toThrow(/ENOENT|EACCES/);
  expect(writeProblem(new Error('other'))).toBeUndefined();
});

test('nnc run with a file where the report folder goes stops before training', async () => {
  const dir = project('out-report');
  fs.mkdirSync(path.join(dir, 'out', 'e'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'out', 'e', 'report'), 'x');
  const r = await nnc('run', path.join(dir, 'e.nn'), '--backend', 'cpu', '--quiet', '--out', path.join(dir, 'out'));
  expect([r.code, r.err]).toEqual([1, `nnc: error: cannot write '${path.join(dir, 'out', 'e', 'report')}': a file stands where a folder must be\n`]);
  expect(fs.readdirSync(path.join(dir, 'out', 'e'))).toEqual(['report']);
});

test('nnc run and nnc train with --out under /proc end at once with exit 1', async () => {
  const dir = project('out-proc');
  const run = await nnc('run', path.join(dir, 'e.nn'), '--backend', 'cpu', '--quiet', '--out', '/proc/nnspec-test');
  expect([run.code, run.err]).toEqual([1, "nnc: error: cannot write '/proc/nnspec-test': the folder cannot be created there\n"]);
  const train = await nnc('train', path.join(dir, 'e.nn'), '--data', path.join(dir, 'd.csv'), '--backend', 'cpu', '--quiet', '--out', '/proc/nnspec-test');
  expect([train.code, train.err.split('\n').at(-2)]).toEqual([1, "nnc: error: cannot write '/proc/nnspec-test': the folder cannot be created there"]);
});
