// The formatter on every spec and fixture: formatting twice changes nothing, the program (its
// IR without source positions, or its diagnostics) is the same, and every comment is kept.
// specs/ stays formatted. Golden cases: tests/format/cases/<case>/input.nn → output.nn
// (`UPDATE=1 npx vitest run tests/format` rewrites them).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/check/compile.js';
import { formatSource } from '../../src/format/format.js';
import { expandFileArg } from '../../src/cli/files.js';
import { spawnSync } from 'node:child_process';

async function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const r = spawnSync(process.execPath, ['bin/nnc.js', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const files = [...expandFileArg('specs'), ...expandFileArg('tests/fixtures'), ...expandFileArg('tests/format/cases')].filter((f) => !f.endsWith('output.nn'));

function comments(text: string): string[] {
  return text.split('\n').flatMap((l) => l.match(/#.*$/)?.[0].trimEnd() ?? []);
}

/** What a file means: its IR without positions, or the codes and messages of its diagnostics. */
function meaning(file: string, text: string): unknown {
  const r = compile(file, { text });
  if (!r.ir) return r.diagnostics.map((d) => `${d.code} ${d.message.replace(/line \d+/g, 'line N')}`);
  return JSON.parse(JSON.stringify(r.ir, (k, v: unknown) => (k === 'loc' ? undefined : v)));
}

describe('nnc fmt on every spec and fixture', () => {
  for (const file of files) {
    it(file, () => {
      const text = fs.readFileSync(file, 'utf8');
      const once = formatSource(file, text).text!;
      expect(once).toBeDefined();
      expect(formatSource(file, once).text).toBe(once);
      expect(comments(once)).toEqual(comments(text));
      expect(meaning(file, once)).toEqual(meaning(file, text));
      expect(once.split('\n').every((l) => l.length <= 100 || l.includes('#'))).toBe(true);
    });
  }

  it('keeps specs/ formatted', () => {
    const specs = expandFileArg('specs');
    expect(specs.length).toBeGreaterThan(5);
    const unformatted = specs.filter((f) => formatSource(f, fs.readFileSync(f, 'utf8')).text !== fs.readFileSync(f, 'utf8'));
    expect(unformatted).toEqual([]);
  });
});

describe('golden cases', () => {
  const dir = 'tests/format/cases';
  for (const name of fs.readdirSync(dir)) {
    it(name, () => {
      const out = formatSource('input.nn', fs.readFileSync(path.join(dir, name, 'input.nn'), 'utf8')).text!;
      const golden = path.join(dir, name, 'output.nn');
      if (process.env.UPDATE === '1') fs.writeFileSync(golden, out);
      expect(out).toBe(fs.readFileSync(golden, 'utf8'));
    });
  }
});

describe('formatSource', () => {
  it('returns the syntax errors and no text for a file that does not parse', () => {
    const r = formatSource('bad.nn', 'model m {\n  conv(64\n  dense(2)\n}\n');
    expect(r.text).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.span.start])).toEqual([['NN0003', 19]]);
  });

  it('puts statements separated by semicolons on their own lines and spaces operators', () => {
    expect(formatSource('a.nn', 'model m{input(4);dense(2)+relu;train{loss:mse;epochs:2}}').text).toBe(
      'model m {\n  input(4)\n  dense(2) + relu\n  train {\n    loss: mse\n    epochs: 2\n  }\n}\n',
    );
  });

  it('breaks a long argument list one argument per line', () => {
    const text = 'model a = b(first_argument = 1000000, second_argument = 2000000, third_argument_name = 3000000000000)\n';
    expect(formatSource('a.nn', text).text).toBe(
      'model a = b(\n  first_argument = 1000000,\n  second_argument = 2000000,\n  third_argument_name = 3000000000000\n)\n',
    );
  });

  it('formats an empty file and a file of comments', () => {
    expect(formatSource('a.nn', '\n\n').text).toBe('');
    expect(formatSource('a.nn', '# one\n\n\n# two   \n').text).toBe('# one\n\n# two\n');
  });
});

describe('nnc fmt', () => {
  const tmp = fs.mkdtempSync('/tmp/nnc-fmt-');
  const messy = path.join(tmp, 'messy.nn');
  const clean = path.join(tmp, 'clean.nn');
  const broken = path.join(tmp, 'broken.nn');
  fs.writeFileSync(messy, 'model m{input(4);dense(2)}\n');
  fs.writeFileSync(clean, 'model m {\n  input(4)\n}\n');
  fs.writeFileSync(broken, 'model m { dense( }\n');

  it('prints the formatted text', async () => {
    const r = await runCli(['fmt', messy]);
    expect([r.code, r.stdout]).toEqual([0, 'model m {\n  input(4)\n  dense(2)\n}\n']);
  });

  it('--check lists the files that would change and exits 1', async () => {
    const r = await runCli(['fmt', '--check', messy, clean]);
    expect([r.code, r.stdout]).toEqual([1, `${messy}\n`]);
    expect((await runCli(['fmt', '--check', clean])).code).toBe(0);
  });

  it('reports a file with syntax errors, leaves it untouched and exits 1', async () => {
    const r = await runCli(['fmt', '--write', broken]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${broken}:1:18 - error NN0003`);
    expect(fs.readFileSync(broken, 'utf8')).toBe('model m { dense( }\n');
  });

  it('--write rewrites the file; --check and --write together are a usage error', async () => {
    const copy = path.join(tmp, 'copy.nn');
    fs.copyFileSync(messy, copy);
    expect((await runCli(['fmt', '--write', copy])).code).toBe(0);
    expect(fs.readFileSync(copy, 'utf8')).toBe('model m {\n  input(4)\n  dense(2)\n}\n');
    expect((await runCli(['fmt', '--check', '--write', copy])).code).toBe(2);
  });
});
