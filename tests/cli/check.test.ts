// `nnc check` and `nnc ir` as a user runs them: exit codes, output streams, JSON diagnostics.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateIr } from '../../src/ir/validate.js';

const nnc = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/nnc.js', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-cli-'));
const write = (name: string, text: string) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, text);
  return p;
};

describe('nnc check', () => {
  it('passes every example spec, expanding a glob itself', () => {
    const r = nnc('check', 'specs/**/*.nn');
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(7);
    expect(r.out).toContain('specs/classic/resnet50.nn: ok (3 models)');
  });
  it('exits 1 and prints all three errors', () => {
    const r = nnc('check', 'tests/fixtures/three-errors/input.nn');
    expect(r.code).toBe(1);
    expect(r.out.match(/error NN\d{4}/g)).toEqual(['error NN0206', 'error NN0102', 'error NN0201']);
    expect(r.out).toContain('Found 3 errors in 1 file.');
  });
  it('prints JSON diagnostics with 1-based positions', () => {
    const r = nnc('check', '--json', 'tests/fixtures/three-errors/input.nn');
    expect(r.code).toBe(1);
    const diags = JSON.parse(r.out);
    expect(diags[1]).toEqual({
      code: 'NN0102',
      severity: 'error',
      message: "unknown layer 'maxpol'",
      file: 'tests/fixtures/three-errors/input.nn',
      line: 5,
      column: 3,
      endLine: 5,
      endColumn: 9,
      hint: "did you mean 'maxpool'?",
    });
  });
  it('is a usage error (exit 2) for a missing file, a bad flag or no file', () => {
    expect(nnc('check', path.join(tmp, 'none.nn'))).toMatchObject({ code: 2, err: expect.stringContaining('no such file') });
    expect(nnc('check', '--frob', 'a.nn').code).toBe(2);
    expect(nnc('check').code).toBe(2);
  });
  it('never shows a stack trace for hostile input', () => {
    const deep = write('deep.nn', 'let a = ' + '('.repeat(100_000) + '1' + ')'.repeat(100_000));
    const binary = write('bin.nn', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)).toString('latin1'));
    for (const f of [deep, binary, tmp]) {
      const r = nnc('check', f);
      expect([1, 2]).toContain(r.code);
      expect(r.out + r.err).not.toMatch(/\n\s+at |RangeError|TypeError/);
    }
  });
});

describe('nnc ir', () => {
  it('prints schema-valid IR of every model, or of one', () => {
    const all = nnc('ir', 'specs/hw4/part2.nn');
    expect(all.code).toBe(0);
    const ir = JSON.parse(all.out);
    expect(validateIr(ir).problems).toEqual([]);
    expect(ir.models.map((m: { name: string }) => m.name)).toEqual(['cnn', 'cnn_half', 'fc8']);
    const one = JSON.parse(nnc('ir', 'specs/hw4/part2.nn', '--model', 'fc8').out);
    expect(one.models.map((m: { name: string }) => m.name)).toEqual(['fc8']);
  });
  it('lists the models when --model names none (exit 2)', () => {
    const r = nnc('ir', 'specs/hw4/part2.nn', '--model', 'cnnn');
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe("nnc: error: no model 'cnnn' in specs/hw4/part2.nn; models: cnn, cnn_half, fc8");
  });
  it('prints diagnostics on stderr and nothing on stdout for a spec with errors', () => {
    const r = nnc('ir', 'tests/fixtures/three-errors/input.nn');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('NN0206');
  });
  it('reads IR back from a file, rejecting broken JSON and schema violations with a location', () => {
    const good = write('good.json', nnc('ir', 'specs/hw4/part2.nn').out);
    expect(nnc('ir', good).code).toBe(0);
    const broken = write('broken.json', '{\n  "irVersion": 1,\n  oops\n}');
    expect(nnc('ir', broken)).toMatchObject({ code: 1, err: expect.stringContaining('broken.json:3:3 - error: not valid JSON') });
    const wrong = write('wrong.json', JSON.stringify({ irVersion: 1, file: 'x', models: [{ name: 3 }] }));
    expect(nnc('ir', wrong)).toMatchObject({ code: 1, err: expect.stringContaining('/models/0/name') });
  });
});

describe('nnc', () => {
  it('has help and a version', () => {
    expect(nnc('--help')).toMatchObject({ code: 0, out: expect.stringContaining('check [options] <files...>') });
    expect(nnc('check', '--help')).toMatchObject({ code: 0, out: expect.stringContaining('--json') });
    expect(nnc('--version').out.trim()).toBe(JSON.parse(fs.readFileSync('package.json', 'utf8')).version);
  });
});

describe('colour', () => {
  it('paints diagnostics only when asked, and strips to the plain text', async () => {
    const { formatDiagnostic } = await import('../../src/diagnostics/print.js');
    const d = { code: 'NN0102', severity: 'error', message: "unknown layer 'x'", span: { file: 'a.nn', start: 0, end: 1 }, hint: 'h' } as const;
    const plain = formatDiagnostic(d, 'x\n');
    const painted = formatDiagnostic(d, 'x\n', { color: true });
    expect(painted).toContain('\x1b[91merror\x1b[0m');
    expect(painted.replace(/\x1b\[\d+m/g, '')).toBe(plain);
    expect(plain).not.toContain('\x1b');
  });
});
