// `check` and `ir` run on every save in editors: the CLI bundle must not load TF.js, sharp or
// prettier before a command that needs them runs, nor Chevrotain before a file has an error.
// Follows the static imports (and, in the CommonJS main.cjs, the top-level requires) of the built bundle.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, it } from 'vitest';

const HEAVY = /^(@tensorflow\/|sharp|prettier|mnist|typescript)/;

function staticImports(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^(?:import|export)\s[^;'"]*?from\s*["']([^"']+)["']|^import\s*["']([^"']+)["']|^(?:var|const|let)\s[^;]*?=\s*(?:__toESM\()?require\(["']([^"']+)["']\)/gm)].map((m) => (m[1] ?? m[2] ?? m[3])!);
  return specs.flatMap((s) => (s.startsWith('.') ? [s, ...staticImports(path.join(path.dirname(file), s), seen)] : [s]));
}

it('loads no heavy package before a command asks for it', () => {
  for (const entry of ['dist/bundle/main.cjs', 'dist/bundle/program.js']) {
    expect(fs.existsSync(entry), 'run npm run build first').toBe(true);
    const imports = staticImports(entry);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((s) => HEAVY.test(s))).toEqual([]);
  }
});

it('runs check, ir and summary from main.cjs alone: commander is in program.js, loaded for other commands', () => {
  const main = fs.readFileSync('dist/bundle/main.cjs', 'utf8');
  expect(staticImports('dist/bundle/main.cjs').filter((s) => s.startsWith('.'))).toEqual([]);
  expect(main).not.toContain('node_modules/commander/');
  expect(fs.readFileSync('bin/nnc.js', 'utf8')).toContain("import('../dist/bundle/program.js')");
  expect(fs.readFileSync('dist/bundle/program.js', 'utf8')).toContain('node_modules/commander/');
  const usage = spawnSync(process.execPath, ['bin/nnc.js', 'compare', 'specs/classic/vgg16.nn', '-f', 'xml'], { encoding: 'utf8' });
  expect([usage.status, usage.stderr]).toEqual([2, "nnc: error: unknown format 'xml'; use one of: text, md, json, csv\n"]);
});

it('loads Chevrotain only from its own file, for a file with an error, and reports as before', () => {
  const chunks = ['main.cjs', ...staticImports('dist/bundle/main.cjs').filter((s) => s.startsWith('.'))];
  for (const chunk of new Set(chunks)) {
    expect(fs.readFileSync(path.join('dist/bundle', chunk), 'utf8'), chunk).not.toContain('node_modules/chevrotain/');
  }
  expect(fs.existsSync('dist/bundle/chevrotain.cjs')).toBe(true);
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'nnc-startup-'));
  const file = path.join(dir, 'bad.nn');
  // A syntax error (parsed by Chevrotain's parser) and a character no token matches (its lexer).
  fs.writeFileSync(file, 'model m {\n  input(28, 28, 1\n  dense(10 @\n}\n');
  const r = spawnSync(process.execPath, ['bin/nnc.js', 'check', '--json', file], { encoding: 'utf8' });
  expect(r.status).toBe(1);
  expect(JSON.parse(r.stdout).map((d: { code: string; line: number; column: number; message: string }) => [d.code, d.line, d.column, d.message])).toEqual([
    ['NN0003', 2, 18, "expected ')' but found newline"],
    ['NN0001', 3, 12, "unexpected character '@'"],
  ]);
});
