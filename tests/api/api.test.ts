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

describe('runExperiment', () => {
  const SPEC = `model p(units = 4) {
  input(2)
  dense(units) + relu
  dense(2) + softmax
  train { loss: sparse_categorical_crossentropy; epochs: 2; batch: 8 }
}
experiment small {
  models: p
  grid { units: 2, 4 }
  data: "points.csv"
  runs: 2
}
`;

  it('returns the results nnc run --format json prints, and the report it writes', async () => {
    const { runExperiment } = await import('../../src/api/index.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnspec-api-run-'));
    const rows = ['a,b,label', ...Array.from({ length: 40 }, (_, i) => `${i % 5},${(i * 3) % 7},${i % 2}`)];
    fs.writeFileSync(path.join(dir, 'points.csv'), rows.join('\n') + '\n');
    const spec = path.join(dir, 'small.nn');
    fs.writeFileSync(spec, SPEC);
    const lines: string[] = [];
    const api = await runExperiment(spec, { backend: 'cpu', out: path.join(dir, 'api'), log: (l) => lines.push(l) });
    const cli = JSON.parse(nnc('run', spec, '--backend', 'cpu', '--quiet', '--format', 'json', '--out', path.join(dir, 'cli')));
    const numbers = (r: typeof api.results) => r.variants.map((v) => ({ label: v.label, static: v.static, runs: v.runs.map((x) => ({ seed: x.seed, test: x.test, loss: x.epochs.map((e) => e.loss) })) }));
    expect(numbers(api.results)).toEqual(numbers(cli));
    expect(api.results.variants.map((v) => [v.label, v.runs.map((x) => x.seed)])).toEqual([['p units=2', [1, 2]], ['p units=4', [1, 2]]]);
    expect(api.reportDir).toBe(path.join(dir, 'api', 'small', 'report'));
    expect(api.report).toEqual({ md: path.join(api.reportDir, 'report.md'), html: path.join(api.reportDir, 'report.html') });
    expect(fs.readFileSync(api.report.md, 'utf8')).toContain('# Experiment `small`');
    // 40 rows, every fifth for testing: 32 to train on.
    expect(lines[0]).toBe('small: 2 variants x 2 runs = 4 runs on ' + path.join(dir, 'points.csv') + ' (32 training samples), backend cpu');
    // Progress comes through the log, one line per epoch: 4 runs of 2 epochs.
    expect(lines.filter((l) => /^\[\d\/4\] epoch \d\/2  loss /.test(l))).toHaveLength(8);
  }, 120_000);

  it('rejects a spec with errors, or without the experiment asked for', async () => {
    const { runExperiment } = await import('../../src/api/index.js');
    await expect(runExperiment('tests/fixtures/three-errors/input.nn')).rejects.toThrow('tests/fixtures/three-errors/input.nn:4:8: NN0206: conv filters must be an integer, got 19.2');
    await expect(runExperiment('specs/hw4/part2.nn', { experiment: 'part3' })).rejects.toThrow("no experiment 'part3' in specs/hw4/part2.nn; experiments: part2");
    await expect(runExperiment('specs/hw4/part1.nn', { experiment: 'part2' })).rejects.toThrow("no experiment 'part2' in specs/hw4/part1.nn; experiments: part1");
  });
});
