// `structure: false` (what nnc check and nnc summary compile with) leaves out the IR's structure
// section and nothing else: the same models, experiments and diagnostics.
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { compile } from '../../src/check/compile.js';

it('gives the same IR but for the structure section, and the same diagnostics', () => {
  const files = execFileSync('git', ['ls-files', 'specs/*.nn', 'tests/fixtures/*.nn'], { encoding: 'utf8' }).trim().split('\n');
  let structured = 0;
  for (const file of files) {
    const full = compile(file, { root: '.' });
    const lean = compile(file, { root: '.', structure: false });
    expect(lean.diagnostics, file).toEqual(full.diagnostics);
    if (!full.ir) {
      expect(lean.ir, file).toBeUndefined();
      continue;
    }
    if (full.ir.structure) structured++;
    const { structure: _, ...rest } = full.ir;
    expect(lean.ir, file).toStrictEqual(rest);
  }
  expect(structured).toBeGreaterThan(5);
});
