// `check` and `ir` run on every save in editors: the CLI bundle must not load TF.js, sharp or
// prettier before a command that needs them runs. Follows the static imports of the built bundle.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, it } from 'vitest';

const HEAVY = /^(@tensorflow\/|sharp|prettier|mnist|typescript)/;

function staticImports(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^(?:import|export)\s[^;'"]*?from\s*["']([^"']+)["']|^import\s*["']([^"']+)["']/gm)].map((m) => (m[1] ?? m[2])!);
  return specs.flatMap((s) => (s.startsWith('.') ? [s, ...staticImports(path.join(path.dirname(file), s), seen)] : [s]));
}

it('loads no heavy package before a command asks for it', () => {
  const entry = 'dist/bundle/main.js';
  expect(fs.existsSync(entry), 'run npm run build first').toBe(true);
  const imports = staticImports(entry);
  expect(imports.length).toBeGreaterThan(0);
  expect(imports.filter((s) => HEAVY.test(s))).toEqual([]);
});
