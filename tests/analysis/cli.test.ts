// The summary and compare commands as a user runs them: `node bin/nnc.js` on the built dist/
// (built once here with tsc), their formats, the JSON contract and the exit codes.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

beforeAll(() => {
  execFileSync('npx', ['tsc', '-p', '.'], { stdio: 'pipe' });
}, 120_000);

const nnc = (...args: string[]) => {
  const r = spawnSync('node', ['bin/nnc.js', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('nnc summary', () => {
  test('JSON contract: the exact keys are there', () => {
    const r = nnc('summary', 'specs/hw4/part2.nn', '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.models.map((m: { name: string }) => m.name)).toEqual(['cnn', 'cnn_half', 'fc8']);
    for (const m of j.models) {
      expect(Object.keys(m)).toEqual(expect.arrayContaining(['name', 'file', 'totals', 'layers']));
      expect(Object.keys(m.totals)).toEqual(expect.arrayContaining(['params', 'trainable', 'nonTrainable', 'macs', 'activations']));
      for (const l of m.layers) {
        expect(Object.keys(l)).toEqual(expect.arrayContaining(['name', 'kind', 'outputShape', 'params', 'trainable', 'nonTrainable', 'macs']));
      }
      expect(m.layers.reduce((a: number, l: { params: number }) => a + l.params, 0)).toBe(m.totals.params);
    }
    expect(j.models[0].file).toBe('specs/hw4/part2.nn');
    expect(j.models[0].totals).toMatchObject({ params: 1_771_012, trainable: 1_768_324, nonTrainable: 2_688 });
  });

  test('CSV: a header and one row per layer with the same number of fields', () => {
    const r = nnc('summary', 'specs/classic/lenet5.nn', '--model', 'lenet5', '--format', 'csv');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('model,file,layer,kind,keras,block,output_shape,params,trainable,non_trainable,macs');
    const json = JSON.parse(nnc('summary', 'specs/classic/lenet5.nn', '--model', 'lenet5', '--format', 'json').out);
    expect(lines.length - 1).toBe(json.models[0].layers.length);
    for (const l of lines) expect(l.split(',').length).toBe(11);
    const params = lines.slice(1).reduce((a, l) => a + Number(l.split(',')[7]), 0);
    expect(params).toBe(61_706);
  });

  test('Markdown: a heading, a table with aligned columns and a totals list', () => {
    const r = nnc('summary', 'specs/classic/mnist_convnet.nn', '--format', 'md');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^## mnist_convnet\n/);
    expect(r.out).toContain('| Layer (type) | Output shape | Param # | Non-trainable | MACs |\n| --- | --- | ---: | ---: | ---: |');
    expect(r.out).toContain('- Total params: 34,826');
    const rows = r.out.split('\n').filter((l) => l.startsWith('|'));
    for (const row of rows) expect(row.split(' | ').length).toBe(5);
  });

  test('text: ResNet-50 reads as groups; --expand shows every layer; --batch adds training memory', () => {
    const short = nnc('summary', 'specs/classic/resnet50.nn', '-m', 'resnet50', '--batch', '32');
    expect(short.code).toBe(0);
    expect(short.out.split('\n').length).toBeLessThan(40);
    expect(short.out).toContain('▸ stage_3 (block');
    expect(short.out).toContain('Total params: 25,636,712');
    expect(short.out).toContain('Non-trainable params: 53,120');
    expect(short.out).toMatch(/Training memory at batch 32 \(adam/);
    const full = nnc('summary', 'specs/classic/resnet50.nn', '-m', 'resnet50', '--expand');
    expect(full.out.split('\n').length).toBeGreaterThan(170);
    expect(full.out).toContain('▾ bottleneck_');
  });

  test('every spec in every format', () => {
    for (const f of ['hw4/part1.nn', 'hw4/part2.nn', 'classic/lenet5.nn', 'classic/mnist_convnet.nn', 'classic/vgg16.nn', 'classic/resnet50.nn', 'classic/mobilenet.nn']) {
      for (const format of ['text', 'md', 'json', 'csv']) expect(nnc('summary', `specs/${f}`, '--format', format).code).toBe(0);
    }
  });

  test('bad input: errors in the spec exit 1 with diagnostics; usage problems exit 2 with one line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-'));
    const bad = path.join(dir, 'bad.nn');
    fs.writeFileSync(bad, 'model m {\n  input(4)\n  denes(3)\n}\n');
    const r = nnc('summary', bad);
    expect(r.code).toBe(1);
    expect(r.err).toContain("unknown layer 'denes'");
    const missing = nnc('summary', path.join(dir, 'missing.nn'));
    expect([missing.code, missing.err.trim().split('\n').length]).toEqual([2, 1]);
    expect(missing.err).toContain('no such file');
    const model = nnc('summary', 'specs/hw4/part2.nn', '--model', 'cnnx');
    expect(model.code).toBe(2);
    expect(model.err).toContain('models: cnn, cnn_half, fc8');
    const format = nnc('summary', 'specs/hw4/part2.nn', '--format', 'xml');
    expect([format.code, format.err.trim()]).toEqual([2, "nnc: error: unknown format 'xml'; use one of: text, md, json, csv"]);
    // Worded as train's and run's --batch errors.
    const batch = nnc('summary', 'specs/hw4/part2.nn', '--batch', 'x');
    expect([batch.code, batch.err]).toEqual([2, "nnc: error: option '--batch <n>' argument 'x' is invalid. expected an integer from 1 to 2,147,483,647\n"]);
    expect(nnc('train', 'specs/hw4/part2.nn', '--batch', 'x', '--data', 'stripes').err).toBe(batch.err);
    expect(nnc('compare', bad).code).toBe(1);
    expect(nnc('compare', 'specs/hw4/part2.nn#nope').code).toBe(2);
  });

  test('--help describes the flags', () => {
    const s = nnc('summary', '--help');
    expect(s.code).toBe(0);
    for (const flag of ['--model', '--format', '--batch', '--expand']) expect(s.out).toContain(flag);
    const c = nnc('compare', '--help');
    expect(c.code).toBe(0);
    expect(c.out).toContain('file.nn#model');
  });
});

describe('nnc compare', () => {
  test('file#model arguments, ratios to the first, JSON and CSV', () => {
    const r = nnc('compare', 'specs/classic/vgg16.nn', 'specs/classic/resnet50.nn#resnet50', '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.models.map((m: { name: string }) => m.name)).toEqual(['vgg16', 'resnet50']);
    expect(j.models[1].ratio.params).toBeCloseTo(25_636_712 / 138_357_544, 10);
    expect(j.models[0].largestLayer).toMatchObject({ params: 102_764_544 });
    const csv = nnc('compare', 'specs/hw4/part2.nn', '--format', 'csv').out.trim().split('\n');
    expect(csv).toHaveLength(4);
    expect(csv[3]).toMatch(/^fc8,specs\/hw4\/part2.nn,7869956,7869956,0,/);
  });
  test('text: one column per model', () => {
    const r = nnc('compare', 'specs/hw4/part2.nn');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/│ params +│ +1,771,012 │ +676,484 │ +7,869,956 │/);
  });
});
