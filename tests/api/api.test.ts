// The library API returns what the CLI prints: the same diagnostics as `nnc check --json`, the
// same objects as `--format json`, the same text as `nnc gen`. It never throws on a bad spec.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, compileFile, compileSource, generate, summarize } from '../../src/api/index.js';

const nnc = (...args: string[]) => {
  try {
    return execFileSync(process.execPath, ['bin/nnc.js', ...args], { encoding: 'utf8' });
  } catch (e) {
    return (e as { stdout: string }).stdout;
  }
};

describe('compileSource', () => {
  it('gives IR and no diagnostics for a good spec', () => {
    const { ir, diagnostics } = compileSource('model m { input(4); dense(3) + softmax }', { file: 'net.nn' });
    expect(diagnostics).toEqual([]);
    expect(ir!.file).toBe('net.nn');
    expect(ir!.models[0]!.nodes.map((n) => [n.keras, n.outputShape])).toEqual([['InputLayer', [4]], ['Dense', [3]]]);
  });

  it('gives the diagnostics nnc check --json prints, and no IR', () => {
    const file = 'tests/fixtures/three-errors/input.nn';
    const r = compileSource(fs.readFileSync(file, 'utf8'), { file });
    expect(r.ir).toBeUndefined();
    expect(r.diagnostics).toEqual(JSON.parse(nnc('check', '--json', file)));
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['NN0206', 4, 8], ['NN0102', 5, 3], ['NN0201', 7, 13]]);
  });

  it('never throws on malformed input', () => {
    for (const text of ['', 'model', 'model m {', '}}}', 'model m { input(0) }', 'let x = 1 / 0', '\u0000\uffff', 'block b(x = b()) { b() }'])
      expect(() => compileSource(text)).not.toThrow();
    expect(compileSource('model m {').diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['NN0003', 1, 10]]);
  });
});

describe('compileFile, summarize, compare, generate', () => {
  const spec = 'specs/hw4/part2.nn';

  it('summarize equals nnc summary --format json', () => {
    const { ir } = compileFile(spec);
    expect(summarize(ir!)).toEqual(JSON.parse(nnc('summary', spec, '--format', 'json')));
    expect(summarize(ir!, { models: ['cnn'], batch: 32 })).toEqual(JSON.parse(nnc('summary', spec, '--model', 'cnn', '--batch', '32', '--format', 'json')));
    expect(() => summarize(ir!, { models: ['nope'] })).toThrow("no model 'nope'");
  });

  it('compare equals nnc compare --format json', () => {
    const a = compileFile(spec).ir!;
    const b = compileFile('specs/hw4/part1.nn').ir!;
    expect(compare([a, b.models[0]!])).toEqual(JSON.parse(nnc('compare', spec, 'specs/hw4/part1.nn#mlp', '--format', 'json')));
  });

  it('generate equals nnc gen', () => {
    const { ir } = compileFile(spec);
    expect(generate(ir!, { target: 'ts' })).toBe(nnc('gen', spec, '--target', 'ts'));
    const node = generate(ir!, { target: 'ts', tfjs: 'node', models: ['cnn'] });
    expect(node).toBe(nnc('gen', spec, '--target', 'ts', '--tfjs', 'node', '--model', 'cnn'));
    expect(node).toContain('import * as tf from "@tensorflow/tfjs-node";');
  });

  it('keeps imports under the root', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnspec-api-root-'));
    fs.mkdirSync(path.join(dir, 'project'));
    fs.writeFileSync(path.join(dir, 'shared.nn'), 'block head { dense(10) + softmax }\n');
    fs.writeFileSync(path.join(dir, 'project', 'net.nn'), 'import "../shared.nn"\nmodel m { input(4); head }\n');
    const file = path.join(dir, 'project', 'net.nn');
    expect(compileFile(file).diagnostics.map((d) => [d.code, d.line, d.column, d.endColumn])).toEqual([['NN0109', 1, 8, 22], ['NN0102', 2, 21, 25]]);
    const wider = compileFile(file, { root: dir });
    expect(wider.diagnostics).toEqual([]);
    expect(summarize(wider.ir!).models[0]!.totals.params).toBe(50);
  });

  it('reports a missing file as a diagnostic', () => {
    const r = compileFile('no/such.nn');
    expect(r.ir).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.message])).toEqual([['NN0104', 'no/such.nn', 1, 1, "cannot read 'no/such.nn': no such file"]]);
  });
});

describe('train', () => {
  it('returns what nnc train --format json prints, for the same seed', async () => {
    const { train } = await import('../../src/api/index.js');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nnspec-api-train-'));
    const lines: string[] = [];
    const api = await train('specs/hw4/part1.nn', { data: 'mnist', models: ['mlp'], epochs: 1, limit: 256, out: path.join(out, 'api'), log: (l) => lines.push(l) });
    const cli = JSON.parse(nnc('train', 'specs/hw4/part1.nn', '--model', 'mlp', '--data', 'mnist', '--epochs', '1', '--limit', '256', '--quiet', '--format', 'json', '--out', path.join(out, 'cli'))) as typeof api;
    const strip = (r: typeof api) => r.models.map((m) => ({ ...m, runs: m.runs.map(({ dir: _dir, ...run }) => run) }));
    expect(strip(api)).toEqual(strip(cli));
    expect(api.models[0]!.runs[0]!.accuracy).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(api.models[0]!.runs[0]!.dir, 'run.json'))).toBe(true);
    expect(lines[0]).toMatch(/^backend: /);
    expect(lines[1]).toMatch(/^epoch 1\/1  loss /);
  }, 120_000);

  it('rejects a spec with errors with its first error', async () => {
    const { train } = await import('../../src/api/index.js');
    await expect(train('tests/fixtures/three-errors/input.nn', { data: 'mnist' })).rejects.toThrow('tests/fixtures/three-errors/input.nn:4:8: NN0206: conv filters must be an integer, got 19.2');
  });
});
