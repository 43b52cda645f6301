// The cheap per-epoch probe: one fixed batch (the first training samples) through the model in
// inference mode, measuring per layer the dead ReLU units, the saturated sigmoid/tanh outputs,
// and the norms of the data loss's gradient and of the weights. One forward and one backward pass
// on at most 64 samples per epoch; nothing changes in the model (no moving-statistics update).
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { Tf } from '../tf.js';
import type { LayerProbe } from './types.js';

export const PROBE_SAMPLES = 64;
/** An output this close to a bound of sigmoid (0, 1) or tanh (-1, 1) counts as saturated. */
export const SATURATION_MARGIN = 0.01;

type Watched = NonNullable<LayerProbe['activation']>;
const WATCHED: readonly string[] = ['relu', 'sigmoid', 'tanh'];

/** The activation a TF.js layer ends in, when it is one the probe watches. */
function activationOf(layer: LayersModel['layers'][number]): Watched | undefined {
  if (layer.getClassName() === 'ReLU') return 'relu';
  const a = layer.getConfig()['activation'];
  return typeof a === 'string' && WATCHED.includes(a) ? (a as Watched) : undefined;
}

export class Probe {
  private readonly outputsModel: LayersModel;
  private readonly layers: LayersModel['layers'];
  private readonly norms: LayersModel['layers'];
  /** Where each batch norm's input is among the outputs model's outputs. */
  private readonly normInputs: number[];

  constructor(private readonly tf: Tf, private readonly model: LayersModel) {
    this.layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
    this.norms = this.layers.filter((l) => l.getClassName() === 'BatchNormalization');
    // Every layer's output, then each batch norm's input that is not one of them (the model's input).
    const outputs: unknown[] = this.layers.map((l) => l.output);
    this.normInputs = this.norms.map((l) => {
      const at = outputs.indexOf(l.input);
      return at >= 0 ? at : outputs.push(l.input) - 1;
    });
    this.outputsModel = tf.tfl.model({ inputs: model.inputs, outputs: outputs as never });
  }

  /** Measures every layer on (x, y); the last layer (the classifier) is not watched for activations. */
  measure(x: Tensor, y: Tensor): LayerProbe[] {
    const { core } = this.tf;
    const probes: LayerProbe[] = this.layers.map((l) => ({ layer: l.name }));
    core.tidy(() => {
      const outs = [this.outputsModel.predict(x)].flat() as Tensor[];
      this.layers.forEach((layer, i) => {
        const act = i < this.layers.length - 1 ? activationOf(layer) : undefined;
        if (!act) return;
        const out = outs[i]!;
        const units = out.shape.at(-1)!;
        const flat = core.reshape(out, [-1, units]);
        const p = probes[i]!;
        p.activation = act;
        p.units = units;
        if (act === 'relu') {
          const fired = core.max(flat, 0).dataSync();
          p.dead = round(fired.filter((v) => v <= 0).length / units);
        } else {
          const lo = act === 'sigmoid' ? 0 : -1;
          const near = core.logicalOr(core.less(flat, lo + SATURATION_MARGIN), core.greater(flat, 1 - SATURATION_MARGIN));
          p.saturated = round(core.mean(core.cast(near, 'float32')).dataSync()[0]!);
        }
      });
      this.norms.forEach((layer, k) => this.normStats(layer, outs[this.normInputs[k]!]!, probes[this.layers.indexOf(layer)]!));
    });
    this.gradients(x, y, probes);
    return probes;
  }

  /** Batch norm's moving statistics against those of its input on the batch. */
  private normStats(layer: LayersModel['layers'][number], input: Tensor, p: LayerProbe): void {
    const { core } = this.tf;
    const weight = (part: string) => layer.weights.find((w) => w.name.includes(part))?.read();
    const movingMean = weight('moving_mean'), movingVar = weight('moving_variance');
    if (!movingMean || !movingVar) return;
    const channels = input.shape.at(-1)!;
    const flat = core.reshape(input, [-1, channels]);
    const { mean, variance } = core.moments(flat, 0);
    const std = core.sqrt(core.add(variance, 1e-3));
    p.bnShift = round(core.mean(core.div(core.abs(core.sub(mean, movingMean)), std)).dataSync()[0]!);
    const ratios = Array.from(core.div(movingVar, core.add(variance, 1e-3)).dataSync()).sort((a, b) => a - b);
    p.bnVarRatio = Number(ratios[Math.floor(ratios.length / 2)]!.toPrecision(4));
  }

  private gradients(x: Tensor, y: Tensor, probes: LayerProbe[]): void {
    const { core } = this.tf;
    // A Sequential model keeps its compiled loss on the functional model inside it.
    const compiled = (this.model as LayersModel & { model?: LayersModel }).model ?? this.model;
    const lossFn = compiled.lossFunctions[0]!;
    const owner = new Map<number, number>();
    const vars: Variable[] = [];
    this.layers.forEach((l, i) => l.trainableWeights.forEach((w) => {
      const v = w.read() as Variable;
      owner.set(vars.length, i);
      vars.push(v);
    }));
    if (vars.length === 0) return;
    core.tidy(() => {
      const { grads } = core.variableGrads(() => core.mean(lossFn(y, this.model.apply(x, { training: false }) as Tensor)) as never, vars);
      const g2 = new Map<number, number>(), w2 = new Map<number, number>();
      vars.forEach((v, k) => {
        const i = owner.get(k)!;
        g2.set(i, (g2.get(i) ?? 0) + core.sum(core.square(grads[v.name]!)).dataSync()[0]!);
        w2.set(i, (w2.get(i) ?? 0) + core.sum(core.square(v)).dataSync()[0]!);
      });
      for (const [i, s] of g2) {
        probes[i]!.gradNorm = Number(Math.sqrt(s).toPrecision(4));
        probes[i]!.weightNorm = Number(Math.sqrt(w2.get(i)!).toPrecision(4));
      }
    });
  }

  /** The first layer whose weights hold a NaN or infinity, else the first whose output on x does. */
  nanLayer(x: Tensor): string | undefined {
    const { core } = this.tf;
    const bad = (t: Tensor) => core.tidy(() => core.any(core.logicalNot(core.isFinite(t))).dataSync()[0] === 1);
    const byWeights = this.layers.find((l) => l.getWeights().some(bad));
    if (byWeights) return byWeights.name;
    return core.tidy(() => {
      const outs = [this.outputsModel.predict(x)].flat() as Tensor[];
      const i = outs.findIndex(bad);
      return i >= 0 ? this.layers[i]!.name : undefined;
    });
  }
}

const round = (v: number) => Number(v.toFixed(4));
