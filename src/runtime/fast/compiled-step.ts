// The compiled step for chains of convolutions and dense layers on the `fast` backend: one native
// call per batch (native/step.cc) does what model.fit's tape, kernels and optimizer do for such a model
// (step-plan.ts says which), on the weights' own Float32Arrays in the backend's tensor storage, so
// the LayersModel stays the source of truth for saving, checkpoints, predict and evaluate.
// NNC_COMPILED_STEP=0 turns it off.
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Tf } from '../tf.js';
import { loadNative, type StepHandle, type NativeKernels } from './addon.js';
import { STEP_ACTS, layerPenalties, stepPlan, MAX_OPS, trainableWeights, type StepPlan, type StepUnit } from './step-plan.js';
import { aleaState } from './dropout.js';
import { FAST } from './backend.js';

type StepKernels = Required<Pick<NativeKernels, 'stepNet' | 'stepTrain' | 'stepEval' | 'stepPenalty' | 'stepProfile'>>;

/** The phases of the compiled step the native code times (StepPhase in native/kernels.h). */
export const STEP_PHASES = ['gather the batch', 'convolution', 'convolution: input gradient', 'convolution: filter gradient',
  'dense', 'dense: input gradient', 'dense: weight gradient', 'batch norm', 'batch norm gradient', 'batch norm, activation, dropout (one pass)',
  'dropout, activation gradients (one pass)', 'dropout masks and other dropout', 'max pooling', 'max pooling gradient', 'loss and its gradient',
  'bias gradients', 'weight updates (optimizer, penalties)'];
type AnyVar = any;
type AnyLayer = any;

/** The plan of `model`'s compiled step on the current backend, or why it does not take one. */
function planOrProblem(tf: Tf, model: LayersModel): StepPlan | string {
  if (process.env.NNC_COMPILED_STEP === '0') return 'NNC_COMPILED_STEP=0';
  if (tf.core.getBackend() !== FAST) return `the backend is ${tf.core.getBackend()}, not ${FAST}`;
  if (!loadNative()?.stepNet) return 'the native kernels have no compiled step';
  return stepPlan(model);
}

/** Why `model` does not take the compiled step on the current backend ('' when it does). */
export function compiledStepProblem(tf: Tf, model: LayersModel): string {
  const plan = planOrProblem(tf, model);
  return typeof plan === 'string' ? plan : '';
}

/** Each model's step, kept from epoch to epoch (and for its evaluations) with its native buffers. */
const steps = new WeakMap<LayersModel, CompiledStep>();

/** The compiled step for `model`, or undefined when it does not qualify (see compiledStepProblem). */
export function compiledStep(tf: Tf, model: LayersModel): CompiledStep | undefined {
  const plan = planOrProblem(tf, model);
  if (typeof plan === 'string') return undefined;
  const kept = steps.get(model);
  if (kept && kept.sameAs(plan, model)) return kept;
  const step = new CompiledStep(tf, model, plan, loadNative() as unknown as StepKernels);
  steps.set(model, step);
  return step;
}

export interface StepResult {
  /** Mean data loss of the batch plus the penalty before the step (TF.js's batch loss). */
  loss: number;
  accuracy: number;
  /** The penalty after the step. */
  penalty: number;
}

/** A chain with convolutions infers in chunks of the training batch, at least this (its activations are large). */
const CONV_CHUNK = 32;

/** A unit's weights in the native net's order: kernel, bias, γ, β, moving mean and variance (undefined where absent); the first four are trained. */
const unitWeights = (u: StepUnit): AnyVar[] => [u.dense.kernel, u.dense.bias, u.bn?.gamma, u.bn?.beta, u.bn?.movingMean, u.bn?.movingVariance];

/** The numbers per layer and per op of stepNet's layers array (native/step_addon.cc). */
export const LAYER_NUMBERS = 26 + 14 * MAX_OPS;

export class CompiledStep {
  private readonly backend: any;
  private readonly classes: number;
  private readonly out = new Float64Array(3);
  private net?: StepHandle;
  private capacity = 0;
  private readonly cache = new WeakMap<Tensor, Float32Array>();
  /** The arrays the native net works on (weights, accumulators; null where absent). */
  private bound: (Float32Array | null)[] = [];
  private readonly optimizer: unknown;
  /** The dropout layers the step draws masks for, in the model's order. */
  private readonly dropouts: AnyLayer[];

  constructor(private readonly tf: Tf, private readonly model: LayersModel, readonly plan: StepPlan, private readonly nk: StepKernels) {
    this.backend = tf.core.backend();
    this.classes = plan.units.at(-1)!.dense.units;
    this.dropouts = plan.units.flatMap((u) => u.ops.filter((l) => l.getClassName() === 'Dropout'));
    this.optimizer = (model as any).optimizer;
  }

  /**
   * Readies the step for batches of up to `batch` samples (training, or inference in chunks): unless
   * the native net is still bound to the arrays the weights and accumulators hold, each gets an array
   * of its own (the step writes them in place) and a native net is made over them. False when its
   * buffers cannot be allocated (the caller keeps model.fit).
   */
  ready(batch = 1): boolean {
    if (this.net && batch <= this.capacity && this.stillBound()) return true;
    const { first, second, powers } = this.accumulators();
    for (const v of [...this.variables(), ...first, ...second, ...powers]) {
      const copy = this.tf.core.tensor(this.values(v).slice(), v.shape, 'float32');
      if (v.write) v.write(copy);
      else v.assign(copy);
      copy.dispose();
    }
    this.net = undefined;
    try {
      this.bind(batch);
      return true;
    } catch (e) {
      if ((e as { code?: string }).code === 'NNC_STEP_MEMORY') return false;
      throw e;
    }
  }

  private ensure(): void {
    if (!this.ready()) throw new Error("the compiled step's buffers cannot be allocated");
  }

  /** Whether this step was made for `plan` of `model`: the same layers and optimizer. */
  sameAs(plan: StepPlan, model: LayersModel): boolean {
    const units = this.plan.units;
    return model === this.model && (model as any).optimizer === this.optimizer && plan.units.length === units.length &&
      plan.units.every((u, i) => u.dense === units[i]!.dense && u.bn === units[i]!.bn && u.act === units[i]!.act &&
        u.ops.length === units[i]!.ops.length && u.ops.every((op, k) => op === units[i]!.ops[k]));
  }

  /** Whether every weight and accumulator still holds the array the native net was bound to. */
  private stillBound(): boolean {
    const now = this.arrays();
    return now.length === this.bound.length && now.every((a, i) => a === this.bound[i]);
  }

  /** One SGD step on the samples x[idx[start..end)]. */
  step(x: Tensor, y: Tensor, idx: Int32Array, start: number, end: number): StepResult {
    if (!this.net || end - start > this.capacity) this.bind(end - start);
    const adam = this.plan.adam;
    // Each dropout layer's mask as tf.dropout draws it (dropout.ts): a seed per call, in the model's order.
    const states = this.dropouts.length ? Float64Array.from(this.dropouts.flatMap((d) => aleaState(String(d.seed ?? Math.random())))) : null;
    if (adam) {
      // TF.js: 1 − β^t from its accBeta variables before the step, which then advance by β.
      const [b1, b2] = this.accumulators().powers.map((v) => this.values(v));
      this.nk.stepTrain(this.net!, this.floats(x), this.floats(y), idx, start, end, this.out, Math.fround(1 - b1![0]!), Math.fround(1 - b2![0]!), states);
      b1![0] = Math.fround(b1![0]! * Math.fround(adam.beta1));
      b2![0] = Math.fround(b2![0]! * Math.fround(adam.beta2));
    } else {
      this.nk.stepTrain(this.net!, this.floats(x), this.floats(y), idx, start, end, this.out, 0, 0, states);
    }
    (this.model.optimizer as any).incrementIterations();
    const n = end - start;
    return { loss: Math.fround(this.out[0]! / n), accuracy: this.out[1]! / n, penalty: this.out[2]! };
  }

  /** Milliseconds per phase (STEP_PHASES) of the steps since the last call. */
  profile(): Record<string, number> {
    if (!this.net) return {};
    const ms = this.nk.stepProfile(this.net);
    return Object.fromEntries(STEP_PHASES.map((name, i) => [name, ms[i]!]));
  }

  /** The L1/L2 penalty of the current weights. */
  penalty(): number {
    this.ensure();
    return this.nk.stepPenalty(this.net!);
  }

  /** Mean data loss and accuracy over a split (inference: batch norm with its moving statistics). */
  evaluate(x: Tensor, y: Tensor): { loss: number; accuracy: number } {
    const n = x.shape[0]!;
    this.ensure();
    const out = new Float64Array(2);
    this.nk.stepEval(this.net!, this.floats(x), this.floats(y), n, null, out);
    return { loss: n ? out[0]! / n : NaN, accuracy: n ? out[1]! / n : NaN };
  }

  /** The model's outputs [n, classes]. */
  predict(x: Tensor): Tensor {
    const n = x.shape[0]!;
    this.ensure();
    const probs = new Float32Array(n * this.classes);
    this.nk.stepEval(this.net!, this.floats(x), null, n, probs, null);
    return this.tf.core.tensor(probs, [n, this.classes], 'float32');
  }

  /**
   * A native net over the weights' current arrays, for training batches of up to `batch` samples
   * (inference takes any number: its threads bring their own scratch memory).
   */
  private bind(batch: number): void {
    const units = this.plan.units;
    const adam = this.plan.adam;
    const chunk = units.some((u) => u.conv) ? Math.max(batch, CONV_CHUNK) : batch;
    const head = Float64Array.of(units.length, this.plan.categorical ? 1 : 0, this.plan.lr, chunk, this.plan.momentum, this.plan.nesterov ? 1 : 0,
      adam ? 1 : 0, adam?.beta1 ?? 0, adam?.beta2 ?? 0, adam ? 1 - adam.beta1 : 0, adam ? 1 - adam.beta2 : 0, adam?.epsilon ?? 0);
    const layers = new Float64Array(LAYER_NUMBERS * units.length);
    units.forEach((u, l) => layers.set(this.layerNumbers(u), LAYER_NUMBERS * l));
    const arrays = this.arrays();
    this.net = this.nk.stepNet(head, layers, arrays);
    this.bound = arrays;
    this.capacity = head[3]!;
  }

  /**
   * The arrays of the native net, 14 per layer: its weights (kernel, bias, γ, β, moving mean and
   * variance), then the optimizer's first and second accumulators of kernel, bias, γ, β; null where absent.
   */
  private arrays(): (Float32Array | null)[] {
    const firstOf = new Map<AnyVar, AnyVar>(), secondOf = new Map<AnyVar, AnyVar>();
    const trainable = trainableWeights(this.model);
    const { first, second } = this.accumulators();
    first.forEach((a, i) => firstOf.set(trainable[i], a));
    second.forEach((a, i) => secondOf.set(trainable[i], a));
    return this.plan.units.flatMap((u) => {
      const weights = unitWeights(u);
      const trained = weights.slice(0, 4);
      const moments = [...trained.map((w) => (w ? firstOf.get(w) : undefined)), ...trained.map((w) => (w ? secondOf.get(w) : undefined))];
      return [...weights, ...moments].map((w) => (w ? this.values(w) : null));
    });
  }

  /** A unit's numbers in stepNet's layers array: its product, batch norm, activation and ops. */
  private layerNumbers(u: StepUnit): number[] {
    const d = u.dense, bn = u.bn;
    const bu = this.tf.core.backend_util;
    const shape = (d.input.shape as number[]).slice(1);
    const inputs = shape.reduce((a, b) => a * b, 1);
    const outputs = d.kernel.shape.at(-1) as number;
    const head = [inputs, outputs, STEP_ACTS[u.act]!, bn ? 1 : 0, ...layerPenalties(d), bn ? bn.epsilon : 0, bn ? 1 - bn.momentum : 0];
    let conv = new Array(15).fill(0);
    let spatial = shape;  // [h, w, c] of what the ops see
    if (u.conv) {
      const [kh, kw, c, co] = d.kernel.shape as number[];
      const info = bu.computeConv2DInfo([1, ...shape] as any, [kh!, kw!, c!, co!], d.strides, d.dilationRate, d.padding);
      conv = [1, shape[0]!, shape[1]!, c!, kh!, kw!, co!, info.outHeight, info.outWidth, info.strideHeight, info.strideWidth,
        info.dilationHeight, info.dilationWidth, info.padInfo.top, info.padInfo.left];
      spatial = [info.outHeight, info.outWidth, co!];
    } else {
      spatial = [outputs];
    }
    const ops = u.ops.flatMap((op) => {
      const size = spatial.reduce((a, b) => a * b, 1);
      if (op.getClassName() === 'Dropout') return [1, Math.fround(1 - op.rate), size, ...new Array(11).fill(0)];
      const [h, w, c] = spatial as [number, number, number];
      const info = bu.computePool2DInfo([1, h, w, c], op.poolSize, op.strides, 1, op.padding);
      spatial = [info.outHeight, info.outWidth, c];
      return [2, 0, info.outHeight * info.outWidth * c, h, w, c, info.filterHeight, info.filterWidth, info.outHeight, info.outWidth,
        info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left];
    });
    const numbers = [...head, ...conv, u.ops.length, ...ops];
    return [...numbers, ...new Array(LAYER_NUMBERS - numbers.length).fill(0)];
  }

  /**
   * The optimizer's state as tf.Variables, in the model's order of trainable weights: momentum's
   * accumulators, or Adam's first and second moments and its running powers of β₁ and β₂. TF.js
   * creates the accumulators on the first step, zero, named <weight>/momentum, /m, /v; a
   * checkpoint restores them. Empty lists for plain SGD.
   */
  private accumulators(): { first: AnyVar[]; second: AnyVar[]; powers: AnyVar[] } {
    const opt = this.model.optimizer as any;
    const trainable = trainableWeights(this.model);
    const zeros = (suffix: string) => trainable.map((w) => {
      const value = w.read();
      return { originalName: `${value.name}/${suffix}`, variable: this.tf.core.tidy(() => this.tf.core.zerosLike(value).variable(false)) };
    });
    const vars = (list: { variable: AnyVar }[]) => list.map((a) => a.variable);
    if (this.plan.momentum) {
      if (!opt.accumulations?.length) opt.accumulations = zeros('momentum');
      return { first: vars(opt.accumulations), second: [], powers: [] };
    }
    if (this.plan.adam) {
      if (!opt.accumulatedFirstMoment?.length) opt.accumulatedFirstMoment = zeros('m');
      if (!opt.accumulatedSecondMoment?.length) opt.accumulatedSecondMoment = zeros('v');
      return { first: vars(opt.accumulatedFirstMoment), second: vars(opt.accumulatedSecondMoment), powers: [opt.accBeta1, opt.accBeta2] };
    }
    return { first: [], second: [], powers: [] };
  }

  /** The LayerVariables the step updates. */
  private variables(): AnyVar[] {
    return this.plan.units.flatMap((u) => unitWeights(u).filter(Boolean));
  }

  /** A tensor's storage on this backend (reading it first moves it here when it lives on another). */
  private stored(t: Tensor): unknown {
    if (!this.backend.data.has(t.dataId)) t.dataSync();
    return this.backend.data.get(t.dataId)?.values;
  }

  /** The storage of a LayerVariable (or of a tf.Variable, such as an accumulator). */
  private values(v: AnyVar): Float32Array {
    const values = this.stored(v.read ? v.read() : v);
    if (!(values instanceof Float32Array)) throw new Error(`${v.name}: weights not stored as a Float32Array`);
    return values;
  }

  /** A tensor's values as a Float32Array (labels cast from int32 may keep an Int32Array). */
  private floats(t: Tensor): Float32Array {
    const values = this.stored(t);
    if (values instanceof Float32Array) return values;
    let f = this.cache.get(t);
    if (!f) this.cache.set(t, (f = Float32Array.from(t.dataSync())));
    return f;
  }
}
