// Generators read only the IR: nothing under src/codegen imports the checker or the syntax.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from 'vitest';

test('src/codegen imports nothing from src/check or src/syntax', () => {
  const dir = path.join('src', 'codegen');
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
  expect(files).toContain(path.join('pytorch', 'module.ts'));
  expect(files.length).toBeGreaterThan(3);
  const imports = files.flatMap((f) =>
    [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => `${f}: ${m[1]}`),
  );
  expect(imports.some((i) => i.endsWith('../ir/types.js'))).toBe(true);
  expect(imports.filter((i) => /\.\.\/(check|syntax)\//.test(i))).toEqual([]);
  expect(imports.filter((i) => i.startsWith('pytorch')).some((i) => i.endsWith('../../ir/types.js'))).toBe(true);
});
