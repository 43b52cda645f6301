// Golden cases: tests/fixtures/<case>/input.nn compiles to expected.ir.json (schema-checked) or
// prints expected.errors.txt. `UPDATE=1 npx vitest run tests/fixtures.test.ts` rewrites them
// (read the diff before committing).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/check/compile.js';
import { formatDiagnostics } from '../src/cli/output.js';
import { validateIr } from '../src/ir/validate.js';

const dir = 'tests/fixtures';
const update = process.env.UPDATE === '1';

function golden(file: string, actual: string): void {
  if (update) fs.writeFileSync(file, actual);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

describe('golden cases', () => {
  for (const name of fs.readdirSync(dir).sort()) {
    const input = path.join(dir, name, 'input.nn');
    if (!fs.existsSync(input)) continue;
    it(name, () => {
      const r = compile(input);
      const irFile = path.join(dir, name, 'expected.ir.json');
      const errFile = path.join(dir, name, 'expected.errors.txt');
      if (r.ir) {
        expect(validateIr(JSON.parse(JSON.stringify(r.ir))).problems).toEqual([]);
        golden(irFile, JSON.stringify(r.ir, null, 2) + '\n');
        expect(fs.existsSync(errFile)).toBe(false);
      } else {
        golden(errFile, formatDiagnostics(r.diagnostics, r.files) + '\n');
        expect(fs.existsSync(irFile)).toBe(false);
      }
    });
  }
});
