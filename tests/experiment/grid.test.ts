// The experiment declaration: its grid expands to the exact set of variants (models outermost,
// then the axes in declaration order, the first slowest), each a model built with those values.
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/check/compile.js';
import { combinations, safeName } from '../../src/check/experiment.js';
import { validateIr } from '../../src/ir/validate.js';
import { recheckIr } from '../../src/ir/recheck.js';
import { irOf, params } from '../helpers.js';

describe('grid expansion', () => {
  it('hw4 part 1 is 16 variants of mlp, in the declared order', () => {
    const r = compile('specs/hw4/part1.nn');
    expect(r.diagnostics).toEqual([]);
    const [x] = r.ir!.experiments!;
    expect(x).toMatchObject({ name: 'part1', data: 'mnist', runs: 5, seed: null });
    expect(x!.axes).toEqual([
      { name: 'act', kind: 'param', values: ['relu', 'sigmoid'] },
      { name: 'norm', kind: 'param', values: ['identity', 'bn'] },
      { name: 'epochs', kind: 'param', values: [25, 40] },
      { name: 'batch', kind: 'param', values: [32, 1] },
    ]);
    const labels = x!.variants.map((v) => v.label);
    const expected: string[] = [];
    for (const act of ['relu', 'sigmoid'])
      for (const norm of ['identity', 'bn'])
        for (const epochs of [25, 40]) for (const batch of [32, 1]) expected.push(`mlp act=${act} norm=${norm} epochs=${epochs} batch=${batch}`);
    expect(labels).toEqual(expected);
    expect(new Set(x!.variants.map((v) => v.folder)).size).toBe(16);
    const v = x!.variants[13]!;
    expect(v).toMatchObject({ label: 'mlp act=sigmoid norm=bn epochs=25 batch=1', folder: 'mlp_act=sigmoid_norm=bn_epochs=25_batch=1', model: 'mlp' });
    expect(v.args).toEqual({ act: 'sigmoid', norm: 'bn', epochs: 25, batch: 1 });
    expect(v.ir.params).toEqual({ act: '<layer>', norm: '<layer>', epochs: 25, batch: 1 });
    expect(v.ir.train).toMatchObject({ epochs: 25, batch: 1, optimizer: { name: 'sgd', lr: 0.01 } });
    expect(v.ir.nodes.map((n) => n.kind)).toEqual(['input', 'dense', 'bn', 'sigmoid', 'dense', 'bn', 'sigmoid', 'dense']);
    // The hand counts of part1.nn's header: 109,386 without batch norm, 110,154 with it.
    expect(params(x!.variants[0]!.ir).total).toBe(109_386);
    expect(params(v.ir)).toEqual({ total: 110_154, trainable: 109_770, nonTrainable: 384 });
    // The model variants written by hand are still there.
    expect(r.ir!.models.map((m) => m.name)).toEqual(['mlp', 'mlp_sigmoid', 'mlp_bn', 'mlp_sigmoid_bn', 'mlp_40', 'mlp_sgd1']);
    expect(validateIr(JSON.parse(JSON.stringify(r.ir))).problems).toEqual([]);
  });

  it('hw4 part 2 is the three models with their own settings', () => {
    const r = compile('specs/hw4/part2.nn');
    expect(r.diagnostics).toEqual([]);
    const [x] = r.ir!.experiments!;
    expect(x!.variants.map((v) => [v.label, v.folder, v.model])).toEqual([['cnn', 'cnn', 'cnn'], ['cnn_half', 'cnn_half', 'cnn_half'], ['fc8', 'fc8', 'fc8']]);
    expect(x).toMatchObject({ data: 'stripes', runs: 5, axes: [] });
    expect(x!.variants.map((v) => params(v.ir).total)).toEqual(r.ir!.models.map((m) => params(m).total));
    expect(x!.variants[1]!.ir.params).toEqual({ w: 0.5 });
  });

  it('train-setting axes replace the train section; layers as values are labelled as written', () => {
    const ir = irOf(`model m(norm = identity) {
  input(4)
  dense(3) + norm + relu
  dense(2) + softmax
  train { loss: categorical_crossentropy; optimizer: sgd(lr = 0.1); epochs: 3 }
}
experiment e {
  models: m
  grid {
    norm: identity, bn(momentum = 0.9)
    lr: 0.01, 1e-3
    batch: 8
  }
  seed: 7
  data: "shapes:40"
}`);
    const x = ir.experiments![0]!;
    expect(x).toMatchObject({ data: 'shapes:40', runs: 1, seed: 7 });
    expect(x.axes.map((a) => [a.name, a.kind, a.values])).toEqual([['norm', 'param', ['identity', 'bn(momentum = 0.9)']], ['lr', 'train', [0.01, 0.001]], ['batch', 'train', [8]]]);
    expect(x.variants.map((v) => v.label)).toEqual([
      'm norm=identity lr=0.01 batch=8', 'm norm=identity lr=1e-3 batch=8',
      'm norm=bn(momentum = 0.9) lr=0.01 batch=8', 'm norm=bn(momentum = 0.9) lr=1e-3 batch=8',
    ]);
    expect(x.variants[3]!.folder).toBe('m_norm=bn-momentum=0.9_lr=1e-3_batch=8');
    expect(x.variants[3]!.ir.train).toMatchObject({ epochs: 3, batch: 8, optimizer: { name: 'sgd', lr: 0.001 } });
    expect(x.variants[3]!.ir.nodes.find((n) => n.kind === 'bn')!.attrs['momentum']).toBe(0.9);
    expect(x.variants[0]!.ir.train.optimizer.lr).toBe(0.01);
    // The model itself keeps its own settings.
    expect(ir.models[0]!.train).toMatchObject({ batch: 32, optimizer: { lr: 0.1 } });
  });

  it('combinations run the last axis fastest, and no axes give one empty tuple', () => {
    expect([...combinations([2, 3])]).toEqual([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]);
    expect([...combinations([])]).toEqual([[]]);
    expect(safeName('bn(momentum = 0.9)')).toBe('bn-momentum=0.9');
    expect(safeName('"a b/c"')).toBe('a-b-c');
  });

  it('the hw4 specs keep every other declaration', () => {
    expect(fs.readFileSync('specs/hw4/part1.nn', 'utf8')).toContain('model mlp_sgd1 = mlp(batch = 1)');
  });

  it('IR with experiments is checked like any IR: schema, graph and the shapes of each variant', () => {
    const ir = JSON.parse(JSON.stringify(compile('specs/hw4/part1.nn').ir));
    expect(recheckIr(ir)).toEqual([]);
    ir.experiments[0].variants[2].ir.nodes[1].outputShape = [129];
    expect(recheckIr(ir)[0]).toMatchObject({ path: '/experiments/0/variants/2/ir/nodes/1/outputShape' });
    ir.experiments[0].variants[3].folder = ir.experiments[0].variants[4].folder;
    expect(validateIr(ir).problems).toEqual([{ path: '/experiments/0/variants/4/folder', message: "duplicate variant folder 'mlp_act=relu_norm=bn_epochs=25_batch=32'" }]);
    delete ir.experiments[0].runs;
    expect(validateIr(ir).problems[0]).toMatchObject({ path: '/experiments/0' });
  });
});
