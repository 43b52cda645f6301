// Which TF.js models the compiled step (compiled-step.ts) runs exactly as model.fit would: a
// Sequential model of an input, then 2-D convolutions (channels last, any kernel and
// strides, 'same' or 'valid' padding), a flatten, then dense layers (for a chain without
// convolutions, an optional flatten/reshape first). Each convolution or dense layer has a bias or
// not and L1/L2 on kernel and bias, optionally batch normalization (training-mode statistics, scale
// and center) and one activation (linear, relu, sigmoid, tanh; softmax on the last only), then up
// to four dropout and max-pooling layers (pooling after convolutions); trained with SGD (with or
// without momentum) or Adam on sparse_categorical_crossentropy or categorical_crossentropy, with at
// most the accuracy metric. Anything else — other layers, optimizers, losses or metrics,
// constraints, frozen layers, dropout with a noise shape — keeps model.fit.
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** Activation codes of native/kernels.h (DenseAct). */
export const STEP_ACTS: Record<string, number> = { linear: 0, relu: 1, sigmoid: 3, tanh: 6, softmax: 7 };

type AnyLayer = any;

export interface StepUnit {
  /** The Dense or Conv2D layer. */
  dense: AnyLayer;
  conv: boolean;
  bn?: AnyLayer;
  act: string;
  /** The Dropout (rate in (0, 1)) and MaxPooling2D layers after the activation, in order. */
  ops: AnyLayer[];
}

/** At most this many dropout and pooling layers after one unit (CHAIN_MAX_OPS in native/kernels.h). */
export const MAX_OPS = 4;

export interface StepPlan {
  units: StepUnit[];
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
export function layerPenalties(layer: AnyLayer): [number, number, number, number] {
  const k = l1l2(layer.kernelRegularizer), b = l1l2(layer.biasRegularizer);
  if (typeof k === 'string' || typeof b === 'string') throw new Error(`${layer.name}: ${typeof k === 'string' ? k : b}`);
  return [k.l1, k.l2, b.l1, b.l2];
}

function denseProblem(layer: AnyLayer): string {
  const act = layer.activation?.getClassName?.();
  if (!(act in STEP_ACTS)) return `${layer.name}: activation ${act}`;
  if (layer.getClassName() === 'Conv2D') {
    if (layer.dataFormat !== 'channelsLast') return `${layer.name}: channels first`;
    if (layer.padding !== 'same' && layer.padding !== 'valid') return `${layer.name}: padding ${layer.padding}`;
    if ([layer.dilationRate].flat().some((d: number) => d !== 1)) return `${layer.name}: a dilated convolution`;
    if (layer.input?.shape?.length !== 4) return `${layer.name}: a convolution on a ${layer.input?.shape?.length - 2}-D input`;
    if (act === 'softmax') return `${layer.name}: softmax on a convolution`;
  } else if (layer.input?.shape?.length !== 2) return `${layer.name}: a dense layer on a ${layer.input?.shape?.length - 1}-D input`;
  if (layer.activityRegularizer || layer.kernelConstraint || layer.biasConstraint) return `${layer.name}: an activity regularizer or a constraint`;
  for (const r of [layer.kernelRegularizer, layer.biasRegularizer]) {
    const p = l1l2(r);
    if (typeof p === 'string') return `${layer.name}: ${p}`;
  }
  return '';
}

function bnProblem(layer: AnyLayer): string {
  const rank = layer.input?.shape?.length;
  if (!(rank === 2 || rank === 4) || !(layer.axis === -1 || layer.axis === rank - 1)) return `${layer.name}: batch norm not over the last axis`;
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
export function stepPlan(model: LayersModel): StepPlan | string {
  const m = model as AnyLayer;
  if (m.getClassName() !== 'Sequential') return 'not a chain of layers';
  if (m.inputs?.length !== 1 || m.inputs[0].dtype !== 'float32') return 'not one float32 input';
  const units: StepUnit[] = [];
  let flat = false;
  for (const layer of m.layers as AnyLayer[]) {
    const kind = layer.getClassName();
    if (kind === 'InputLayer') continue;
    if (!layer.trainable) return `${layer.name} is not trainable`;
    if (kind === 'Flatten' || kind === 'Reshape') {
      if (flat || units.some((u) => !u.conv) || (kind === 'Reshape' && units.length)) return `${layer.name} (${kind}) after a dense layer`;
      flat = true;
      continue;
    }
    if (kind === 'Dense' || kind === 'Conv2D') {
      if (kind === 'Conv2D' && (flat || units.some((u) => !u.conv))) return `${layer.name} (Conv2D) after a flatten or dense layer`;
      if (kind === 'Dense' && units.some((u) => u.conv) && !flat) return `${layer.name} (Dense) on a convolution's output without a flatten`;
      const why = denseProblem(layer);
      if (why) return why;
      units.push({ dense: layer, conv: kind === 'Conv2D', act: layer.activation.getClassName(), ops: [] });
      continue;
    }
    const last = units.at(-1);
    if (!last) return `${layer.name} (${kind}) before the first dense layer`;
    if (kind === 'Dropout' || kind === 'MaxPooling2D') {
      if (kind === 'Dropout') {
        if (layer.noiseShape != null) return `${layer.name}: dropout with a noise shape`;
        if (!(layer.rate > 0 && layer.rate < 1)) continue;  // TF.js passes the input through
      } else {
        if (!last.conv || flat) return `${layer.name} (MaxPooling2D) after a flatten or dense layer`;
        if (layer.dataFormat !== 'channelsLast' || (layer.padding !== 'same' && layer.padding !== 'valid')) return `${layer.name}: pooling not channels last with same or valid padding`;
      }
      if (last.ops.length === MAX_OPS) return `${layer.name}: more than ${MAX_OPS} dropout and pooling layers in a row`;
      last.ops.push(layer);
      continue;
    }
    if (last.ops.length) return `${layer.name} (${kind}) after dropout or pooling`;
    if (kind === 'BatchNormalization') {
      if (last.bn || last.act !== 'linear') return `${layer.name}: batch norm after an activation`;
      const why = bnProblem(layer);
      if (why) return why;
      last.bn = layer;
      continue;
    }
    if (kind === 'Activation') {
      const act = layer.activation?.getClassName?.();
      if (!(act in STEP_ACTS)) return `${layer.name}: activation ${act}`;
      if (act === 'linear') continue;
      if (last.act !== 'linear') return `${layer.name}: a second activation`;
      if (last.conv && act === 'softmax') return `${layer.name}: softmax on a convolution`;
      last.act = act;
      continue;
    }
    return `${layer.name} (${kind}) is not a dense or convolution layer, batch norm, activation, dropout or max pooling`;
  }
  if (!units.length || units.at(-1)!.conv) return 'no dense layer last';
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
