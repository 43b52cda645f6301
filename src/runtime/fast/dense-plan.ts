// Which TF.js models the compiled dense step (dense-step.ts) runs exactly as model.fit would: a
// Sequential model of an input, optional flatten/reshape, then dense layers (bias or not, L1/L2 on
// kernel and bias), each optionally followed by batch normalization (training-mode statistics,
// scale and center) and one activation (linear, relu, sigmoid, tanh; softmax on the last only);
// trained with SGD (with or without momentum) or Adam on sparse_categorical_crossentropy or categorical_crossentropy, with at
// most the accuracy metric. Anything else — dropout, other layers, other optimizers, losses or
// metrics, constraints, frozen layers — keeps model.fit.
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** Activation codes of native/kernels.h (DenseAct). */
export const DENSE_ACTS: Record<string, number> = { linear: 0, relu: 1, sigmoid: 3, tanh: 6, softmax: 7 };

type AnyLayer = any;

export interface DenseUnit {
  dense: AnyLayer;
  bn?: AnyLayer;
  act: string;
}

export interface DensePlan {
  units: DenseUnit[];
  categorical: boolean;
  lr: number;
  /** SGD's momentum (0: plain SGD) and whether it is Nesterov's. */
  momentum: number;
  nesterov: boolean;
  /** Adam's settings, when the optimizer is Adam. */
  adam?: { beta1: number; beta2: number; epsilon: number };
  /** TF.js's log name of the accuracy metric ('acc'), when the model has it. */
  accuracy?: string;
}

const l1l2 = (r: AnyLayer): { l1: number; l2: number } | string =>
  r == null ? { l1: 0, l2: 0 } : r.getClassName?.() === 'L1L2' ? { l1: Number(r.l1), l2: Number(r.l2) } : `a ${r.getClassName?.()} regularizer`;

/** The regularizers of a dense layer, by native slot: [l1 kernel, l2 kernel, l1 bias, l2 bias]. */
export function densePenalties(layer: AnyLayer): [number, number, number, number] {
  const k = l1l2(layer.kernelRegularizer), b = l1l2(layer.biasRegularizer);
  if (typeof k === 'string' || typeof b === 'string') throw new Error(`${layer.name}: ${typeof k === 'string' ? k : b}`);
  return [k.l1, k.l2, b.l1, b.l2];
}

function denseProblem(layer: AnyLayer): string {
  const act = layer.activation?.getClassName?.();
  if (!(act in DENSE_ACTS)) return `${layer.name}: activation ${act}`;
  if (layer.activityRegularizer || layer.kernelConstraint || layer.biasConstraint) return `${layer.name}: an activity regularizer or a constraint`;
  for (const r of [layer.kernelRegularizer, layer.biasRegularizer]) {
    const p = l1l2(r);
    if (typeof p === 'string') return `${layer.name}: ${p}`;
  }
  if (layer.input?.shape?.length !== 2) return `${layer.name}: a dense layer on a ${layer.input?.shape?.length - 1}-D input`;
  return '';
}

function bnProblem(layer: AnyLayer): string {
  const rank = layer.input?.shape?.length;
  if (rank !== 2 || !(layer.axis === -1 || layer.axis === 1)) return `${layer.name}: batch norm not over the features of a 1-D input`;
  if (!layer.center || !layer.scale) return `${layer.name}: batch norm without center or scale`;
  if (layer.gammaRegularizer || layer.betaRegularizer || layer.gammaConstraint || layer.betaConstraint) return `${layer.name}: batch norm with a regularizer or constraint`;
  return '';
}

/** The weights model.fit's optimizer updates, in its order (a Sequential model fits through its inner model). */
export function trainableWeights(model: LayersModel): AnyLayer[] {
  const m = model as AnyLayer;
  return m.model?.collectedTrainableWeights ?? m.collectedTrainableWeights ?? m.trainableWeights;
}

/** The plan of a model the compiled step can train, or why it cannot (one phrase). */
export function densePlan(model: LayersModel): DensePlan | string {
  const m = model as AnyLayer;
  if (m.getClassName() !== 'Sequential') return 'not a chain of layers';
  if (m.inputs?.length !== 1 || m.inputs[0].dtype !== 'float32') return 'not one float32 input';
  const units: DenseUnit[] = [];
  for (const layer of m.layers as AnyLayer[]) {
    const kind = layer.getClassName();
    if (kind === 'InputLayer') continue;
    if (!layer.trainable) return `${layer.name} is not trainable`;
    if (kind === 'Flatten' || kind === 'Reshape') {
      if (units.length) return `${layer.name} (${kind}) after a dense layer`;
      continue;
    }
    if (kind === 'Dense') {
      const why = denseProblem(layer);
      if (why) return why;
      units.push({ dense: layer, act: layer.activation.getClassName() });
      continue;
    }
    const last = units.at(-1);
    if (!last) return `${layer.name} (${kind}) before the first dense layer`;
    if (kind === 'BatchNormalization') {
      if (last.bn || last.act !== 'linear') return `${layer.name}: batch norm after an activation`;
      const why = bnProblem(layer);
      if (why) return why;
      last.bn = layer;
      continue;
    }
    if (kind === 'Activation') {
      const act = layer.activation?.getClassName?.();
      if (!(act in DENSE_ACTS)) return `${layer.name}: activation ${act}`;
      if (act === 'linear') continue;
      if (last.act !== 'linear') return `${layer.name}: a second activation`;
      last.act = act;
      continue;
    }
    return `${layer.name} (${kind}) is not a dense layer, batch norm or activation`;
  }
  if (!units.length) return 'no dense layer';
  if (units.slice(0, -1).some((u) => u.act === 'softmax')) return 'softmax before the last layer';
  const loss = m.loss;
  if (loss !== 'sparseCategoricalCrossentropy' && loss !== 'categoricalCrossentropy') return `the loss ${typeof loss === 'string' ? loss : 'given as a function'}`;
  const names: string[] = m.metricsNames ?? [];
  const metrics: unknown[] = [m.metrics ?? []].flat();
  if (metrics.some((x) => x !== 'accuracy' && x !== 'acc') || names.length > 2) return 'metrics other than accuracy';
  const opt = m.optimizer;
  const kind = opt?.getClassName?.();
  if (kind !== 'SGD' && kind !== 'Momentum' && kind !== 'Adam') return `the optimizer ${kind ?? 'none'}`;
  const momentum = kind === 'Momentum' ? { momentum: Number(opt.momentum), nesterov: Boolean(opt.useNesterov) } : { momentum: 0, nesterov: false };
  const adam = kind === 'Adam' ? { adam: { beta1: Number(opt.beta1), beta2: Number(opt.beta2), epsilon: Number(opt.epsilon) } } : {};
  if (kind !== 'SGD') {
    const trainable = trainableWeights(model);
    const own = units.flatMap((u) => [u.dense.kernel, u.dense.bias, u.bn?.gamma, u.bn?.beta].filter(Boolean));
    if (trainable.length !== own.length || own.some((w) => !trainable.includes(w))) return 'trainable weights the compiled step does not know';
    const lists: unknown[][] = kind === 'Momentum' ? [opt.accumulations ?? []] : [opt.accumulatedFirstMoment ?? [], opt.accumulatedSecondMoment ?? []];
    if (lists.some((l) => l.length !== 0 && l.length !== trainable.length)) return "the optimizer's accumulators do not match the weights";
  }
  return { units, categorical: loss === 'categoricalCrossentropy', lr: Number(opt.learningRate), ...momentum, ...adam, ...(names[1] ? { accuracy: names[1] } : {}) };
}
