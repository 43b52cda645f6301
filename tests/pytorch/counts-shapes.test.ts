// The generated PyTorch models against the IR: for every spec of specs/ and 200 random specs
// (tests/analysis/random-spec.ts, every layer kind), each model's trainable parameters equal
// `nnc summary`'s trainable count, its buffers (batch-norm moving mean and variance, the only
// non-trainable weights) equal the non-trainable count, and one forward pass gives every layer
// the IR's name and output shape, in the IR's order. The models run in one Python process.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { compileFile, summarize } from '../../src/api/index.js';
import type { IrFile } from '../../src/ir/types.js';
import { randomSpec } from '../analysis/random-spec.js';
import { compileText } from '../helpers.js';
import { HERE, python, requireTorch, tmpDir, writeModule } from './torch.js';

interface Probe { trainable: number; buffers: number; layers: [string, number[]][]; output: number[]; finite: boolean }

const RANDOM = 200;

function specFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? specFiles(path.join(dir, e.name)) : e.name.endsWith('.nn') ? [path.join(dir, e.name)] : []);
}

function check(irs: { label: string; ir: IrFile }[]): { models: number; kinds: Set<string> } {
  const dir = tmpDir();
  const jobs: { file: string; model: string; label: string; ir: IrFile }[] = [];
  irs.forEach(({ label, ir }, i) => {
    const file = writeModule(dir, `spec${i}`, ir);
    for (const m of ir.models) jobs.push({ file, model: m.name, label, ir });
  });
  const probes = python<Probe[]>(path.join(HERE, 'probe.py'), jobs.map(({ file, model }) => ({ file, model })));
  const kinds = new Set<string>();
  jobs.forEach((job, i) => {
    const m = job.ir.models.find((x) => x.name === job.model)!;
    const totals = summarize(job.ir, { models: [m.name] }).models[0]!.totals;
    const p = probes[i]!;
    const at = `${job.label}, model ${m.name}`;
    expect(p.trainable, at).toBe(totals.trainable);
    expect(p.buffers, at).toBe(totals.nonTrainable);
    expect(p.layers, at).toEqual(m.nodes.filter((n) => n.kind !== 'input').map((n) => [n.name, n.outputShape]));
    expect(p.output, at).toEqual(m.nodes.find((n) => n.id === m.output)!.outputShape);
    for (const n of m.nodes) kinds.add(n.kind);
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return { models: jobs.length, kinds };
}

beforeAll(() => requireTorch(), 120_000);

describe('generated PyTorch models equal the IR', () => {
  test('every spec of specs/', () => {
    const root = path.resolve(HERE, '../../specs');
    const irs = specFiles(root).map((f) => {
      const r = compileFile(f);
      expect(r.diagnostics.filter((d) => d.severity === 'error'), f).toEqual([]);
      return { label: path.relative(root, f), ir: r.ir! };
    });
    const { models } = check(irs);
    expect(models).toBeGreaterThanOrEqual(irs.length);
  }, 600_000);

  test(`${RANDOM} random specs cover every layer kind`, () => {
    const irs = Array.from({ length: RANDOM }, (_, seed) => {
      const text = randomSpec(seed);
      const r = compileText(text);
      expect(r.diagnostics.map((d) => d.message), `seed ${seed}`).toEqual([]);
      return { label: `seed ${seed}:\n${text}`, ir: r.ir! };
    });
    const { models, kinds } = check(irs);
    expect(models).toBeGreaterThan(RANDOM);
    expect([...kinds].sort()).toEqual(expect.arrayContaining([
      'add', 'avgpool', 'bn', 'concat', 'conv', 'deconv', 'dense', 'dropout', 'dwconv', 'embedding', 'flatten', 'gap', 'gmp',
      'gru', 'leaky_relu', 'ln', 'lstm', 'maxpool', 'reshape', 'rnn', 'sepconv', 'upsample', 'zeropad',
    ]));
  }, 600_000);
});
