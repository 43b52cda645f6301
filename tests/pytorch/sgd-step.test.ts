// Training steps in both frameworks: for random specs (convolutions, dense layers, batch norm in
// training mode with several momenta, pooling, dropout at rate 0, residual and concat branches,
// recurrent layers, L1/L2 penalties, each loss), the same weights drawn once and loaded into the
// TF.js model and the generated PyTorch model, one step of SGD on the same batch gives the same
// loss and the same updated weights, batch norm's moving statistics included, within 1e-4; and so
// do three steps of SGD with momentum, Adam, RMSprop, Adagrad and Adamax.
// Two TF.js gradients are not Keras's, so the specs avoid them: avgpool with padding = same (TF.js
// divides the gradient by the whole window at the borders, its forward pass by the window's real
// values) and gmp over tied maxima (TF.js gives each tied value the whole gradient, Keras shares it).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Tensor } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { LOSS_TFJS, type Loss } from '../../src/ir/training.js';
import type { IrModel, IrOptimizer } from '../../src/ir/types.js';
import { generatePython } from '../../src/codegen/pytorch/module.js';
import { optimizerFor } from '../../src/runtime/compile-model.js';
import { buildModel } from '../../src/runtime/build.js';
import { splitTensors } from '../../src/runtime/fit-data.js';
import { loadTf, type Tf } from '../../src/runtime/tf.js';
import { compileText } from '../helpers.js';
import { pick, rng } from '../random.js';
import { HERE, python, requireTorch, tmpDir } from './torch.js';

let tf: Tf;
beforeAll(async () => {
  requireTorch();
  tf = await loadTf();
}, 120_000);

const LOSSES = ['sparse_categorical_crossentropy', 'categorical_crossentropy', 'mse', 'mae'] as const;
const FAMILIES = ['conv', 'branches', 'recurrent', 'dense'] as const;

/** A random spec of one family, ending in `classes` units, with its loss and batch norm's momentum drawn. */
function stepSpec(seed: number): { text: string; loss: string; classes: number } {
  const r = rng(700 + seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const reg = () => pick(r, ['', ' + l2(0.01)', ' + l1(0.005)', ' + l1l2(l1 = 0.003, l2 = 0.02)']);
  const bn = () => `bn(momentum = ${pick(r, [0.99, 0.9, 0.5])})`;
  const pad = () => pick(r, ['same', 'valid']);
  // TF.js has no GRU with reset_after = true.
  const recurrent = (units: number, more: string) => {
    const kind = pick(r, ['lstm', 'rnn', 'gru']);
    return `${kind}(${units}${kind === 'gru' ? ', reset_after = false' : ''}${more})`;
  };
  const family = FAMILIES[seed % FAMILIES.length]!;
  const binary = family === 'recurrent' && r() < 0.5;
  const classes = binary ? 1 : int(2, 4);
  const loss = binary ? 'binary_crossentropy' : pick(r, LOSSES);
  const head = binary ? 'dense(1) + sigmoid' : `dense(${classes}) + softmax`;
  const body = {
    conv: [
      `input(${int(7, 10)}, ${int(7, 10)}, ${int(1, 3)})`,
      `conv(${int(2, 5)}, ${int(2, 3)}, stride = ${int(1, 2)}, padding = ${pad()})${reg()} + relu`,
      bn(),
      pick(r, [`maxpool(2, padding = ${pad()})`, `avgpool(${int(2, 3)})`]),
      `conv(${int(2, 4)}, (${int(1, 3)}, ${int(2, 3)}), padding = same)${reg()} + tanh`,
      bn(),
      'dropout(0)',
      pick(r, ['flatten', 'gap', 'gmp']),
      `dense(${int(3, 6)})${reg()} + relu`,
    ],
    branches: [
      `input(${int(5, 7)}, ${int(5, 7)}, ${int(1, 3)})`,
      `conv(4, 3, padding = same) + relu`,
      `residual { conv(4, 3, padding = same)${reg()} + ${bn()} + relu; conv(4, ${int(1, 3)}, padding = same) }`,
      `residual(shortcut = conv(3, 1)) { conv(3, 3, padding = same) + tanh }`,
      `concat { conv(2, 1)${reg()} + relu; { maxpool(3, stride = 1, padding = same); ${bn()} }; identity }`,
      pick(r, ['gap', 'flatten']),
    ],
    recurrent: [
      `input(${int(3, 5)}, ${int(2, 4)})`,
      `${recurrent(int(2, 4), ', sequences = true')}${reg()}`,
      `${recurrent(int(2, 4), '')}${reg()}`,
      `dense(${int(3, 5)}) + tanh`,
    ],
    dense: [
      `input(${int(4, 9)})`,
      `dense(${int(3, 8)})${reg()} + ${bn()} + relu`,
      'dropout(0)',
      `dense(${int(3, 6)})${reg()} + sigmoid`,
      bn(),
    ],
  }[family];
  return { text: ['model m {', ...body.map((l) => `  ${l}`), `  ${head}`, '}'].join('\n'), loss, classes };
}

interface Job { file: string; model: string; run: string; inputs: number[][]; labels: number[]; loss: string; optimizer: IrOptimizer; steps: number }
interface Expected { loss: number; before: Map<string, number[]>; after: Map<string, number[]>; text: string }

/**
 * Spec `seed` with weights drawn once: written as a run folder for PyTorch, trained `steps` times on
 * one batch with `optimizer` in TF.js (as nnc train compiles it). Returns PyTorch's job and TF.js's results.
 */
async function prepare(dir: string, seed: number, optimizer: IrOptimizer, steps: number, spec = stepSpec(seed)): Promise<{ job: Job; expected: Expected }> {
  const { text, loss, classes } = spec;
  const c = compileText(text);
  expect(c.diagnostics.map((d) => d.message), text).toEqual([]);
  const m = c.ir!.models[0]!;
  const r = rng(900 + seed);
  const model = buildModel(tf, m);
  const manifest: { name: string; shape: number[]; dtype: string }[] = [];
  const values: Float32Array[] = [];
  const before = new Map<string, number[]>();
  for (const node of m.nodes) {
    const tensors = node.weights.map((w) => {
      const n = w.shape.reduce((a, b) => a * b, 1);
      const positive = ['moving_variance', 'gamma'].includes(w.name);
      const v = Float32Array.from({ length: n }, () => (positive ? 0.5 + r() : r() - 0.5));
      manifest.push({ name: `${node.name}/${w.name}`, shape: w.shape, dtype: 'float32' });
      values.push(v);
      before.set(`${node.name}/${w.name}`, [...v]);
      return tf.core.tensor(v, w.shape);
    });
    if (tensors.length) model.getLayer(node.name).setWeights(tensors);
  }
  const run = fs.mkdtempSync(path.join(dir, 'run'));
  fs.writeFileSync(path.join(run, 'model.json'), JSON.stringify({ weightsManifest: [{ paths: ['weights.bin'], weights: manifest }] }));
  fs.writeFileSync(path.join(run, 'weights.bin'), Buffer.concat(values.map((v) => Buffer.from(v.buffer))));

  const count = 6;
  const size = m.input.shape.reduce((a, b) => a * b, 1);
  const inputs = Array.from({ length: count }, () => Array.from({ length: size }, () => r() * 2 - 1));
  const labels = Array.from({ length: count }, (_, i) => (i + Math.floor(r() * 2)) % Math.max(classes, 2));
  model.compile({ optimizer: optimizerFor(tf, optimizer), loss: LOSS_TFJS[loss as Loss] });
  const split = { x: Float32Array.from(inputs.flat()), y: Int32Array.from(labels), count };
  const { x, y } = splitTensors(tf, m, split, Math.max(classes, 2), loss);
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) losses.push((await model.trainOnBatch(x, y)) as number);
  const file = path.join(run, 'spec.py');
  fs.writeFileSync(file, generatePython({ ir: c.ir! }));
  return {
    job: { file, model: 'm', run, inputs, labels, loss, optimizer, steps },
    expected: { loss: losses[0]!, before, after: weightsOf(m, model), text },
  };
}

/** Compares PyTorch's results with TF.js's; returns the weight names seen, with layer numbers dropped. */
function compare(jobs: Job[], expected: Expected[], moves: number): Set<string> {
  const got = python<{ loss: number; weights: Record<string, number[]> }[]>(path.join(HERE, 'step.py'), jobs);
  const kinds = new Set<string>();
  got.forEach((g, i) => {
    const e = expected[i]!;
    const at = `${e.text}\n${JSON.stringify(jobs[i]!.optimizer)}, ${jobs[i]!.steps} step(s)`;
    expect(Math.abs(g.loss - e.loss), `${at}\nloss ${g.loss} vs ${e.loss}`).toBeLessThan(1e-4);
    expect(Object.keys(g.weights).sort(), at).toEqual([...e.after.keys()].sort());
    let moved = 0;
    for (const [name, want] of e.after) {
      const have = g.weights[name]!;
      want.forEach((v, j) => {
        expect(Math.abs(have[j]! - v), `${at}\n${name}[${j}]: PyTorch ${have[j]} vs TF.js ${v}`).toBeLessThan(1e-4);
        moved = Math.max(moved, Math.abs(v - e.before.get(name)![j]!));
      });
      kinds.add(name.replace(/_\d+\//, '/'));
    }
    // Training changed the weights by far more than the tolerance.
    expect(moved, at).toBeGreaterThan(moves);
  });
  return kinds;
}

describe('training steps are the same in TF.js and PyTorch', () => {
  test('one SGD step on random specs of every family', async () => {
    const dir = tmpDir();
    const prepared = [];
    for (let seed = 0; seed < 24; seed++) prepared.push(await prepare(dir, seed, { name: 'sgd', lr: 0.5 }, 1));
    const expected = prepared.map((p) => p.expected);
    const kinds = compare(prepared.map((p) => p.job), expected, 2e-3);
    // Recurrent kernels with a penalty, which TF.js leaves out unless the layer reports its cell's.
    expect(expected.some((e) => /(lstm|gru|rnn)\(.*\) \+ l/.test(e.text))).toBe(true);
    expect([...kinds]).toEqual(expect.arrayContaining([
      'conv2d/kernel', 'batch_normalization/moving_mean', 'batch_normalization/moving_variance', 'batch_normalization/gamma',
      'dense/kernel', 'dense/bias', 'lstm/recurrent_kernel', 'gru/kernel', 'simple_rnn/bias',
    ]));
  }, 300_000);

  // Not adadelta: TF.js divides each step by the accumulated squared gradients of the steps before
  // (the first step is plain SGD), Keras and PyTorch by those including the current one.
  test('three steps of each optimizer but adadelta', async () => {
    const dir = tmpDir();
    const optimizers: IrOptimizer[] = [
      { name: 'sgd', lr: 0.1, momentum: 0.9 }, { name: 'adam', lr: 0.01 }, { name: 'rmsprop', lr: 0.01 },
      { name: 'adagrad', lr: 0.1 }, { name: 'adamax', lr: 0.01 },
    ];
    // No bias right before batch norm: its true gradient is 0, and adaptive optimizers blow rounding
    // noise of that size up to a step of the learning rate, in a random direction in each framework.
    const specs = [
      { text: 'model m {\n  input(8, 7, 2)\n  conv(4, 3, padding = same) + l2(0.01) + relu\n  maxpool(2)\n  bn(momentum = 0.9)\n  flatten\n  dense(5) + tanh\n  dense(3) + softmax\n}', loss: 'categorical_crossentropy', classes: 3 },
      { text: 'model m {\n  input(4, 3)\n  lstm(4, sequences = true) + l1(0.005)\n  gru(3, reset_after = false)\n  dense(2) + softmax\n}', loss: 'sparse_categorical_crossentropy', classes: 2 },
      { text: 'model m {\n  input(6)\n  dense(5) + relu\n  bn(momentum = 0.5)\n  residual { dense(5) + tanh }\n  dense(1) + sigmoid\n}', loss: 'binary_crossentropy', classes: 1 },
    ];
    const prepared = [];
    for (const o of optimizers) for (const [i, spec] of specs.entries()) prepared.push(await prepare(dir, 50 + i, o, 3, spec));
    compare(prepared.map((p) => p.job), prepared.map((p) => p.expected), 1e-3);
  }, 300_000);
});

/** Every weight of the TF.js model after the step, by the IR's `layer/weight` names. */
function weightsOf(m: IrModel, model: ReturnType<typeof buildModel>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const node of m.nodes) {
    if (!node.weights.length) continue;
    const ws = model.getLayer(node.name).getWeights() as Tensor[];
    node.weights.forEach((w, i) => out.set(`${node.name}/${w.name}`, [...ws[i]!.dataSync()]));
  }
  return out;
}
