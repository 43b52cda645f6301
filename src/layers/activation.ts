// The twelve activation layers (relu, softmax, ...): each its own kind, all Keras `Activation`,
// shape-preserving and weightless.
import { activationNames, tsLayer, type ActivationName } from './common.js';
import { shapeOk, type LayerKind } from './types.js';

const docs: Record<ActivationName, string> = {
  linear: 'Identity activation: passes values through (Keras Activation("linear")).',
  relu: 'Rectified linear unit, max(x, 0) (Keras Activation("relu")).',
  relu6: 'ReLU capped at 6, min(max(x, 0), 6) (Keras Activation("relu6")).',
  sigmoid: 'Logistic sigmoid, 1 / (1 + exp(-x)) (Keras Activation("sigmoid")).',
  tanh: 'Hyperbolic tangent (Keras Activation("tanh")).',
  softmax: 'Softmax over the last axis: non-negative values summing to 1 (Keras Activation("softmax")).',
  softplus: 'Softplus, log(1 + exp(x)) (Keras Activation("softplus")).',
  softsign: 'Softsign, x / (1 + |x|) (Keras Activation("softsign")).',
  elu: 'Exponential linear unit with alpha = 1 (Keras Activation("elu")).',
  selu: 'Scaled exponential linear unit (Keras Activation("selu")).',
  swish: 'Swish (SiLU), x * sigmoid(x) (Keras Activation("swish")).',
  gelu: 'Gaussian error linear unit (Keras Activation("gelu")).',
};

function activationKind(name: ActivationName): LayerKind {
  return {
    name,
    doc: docs[name],
    family: 'activation',
    attrs: [],
    keras: () => 'Activation',
    inferShape: ([input]) => shapeOk([...input!]),
    weights: () => [],
    tfjs: (tf, _attrs, layerName) => tf.layers.activation({ name: layerName, activation: name }),
    ts: () => tsLayer('activation', { activation: JSON.stringify(name) }),
  };
}

/** One kind per activation name, in the order of `activationNames`. */
export const activations: readonly LayerKind[] = activationNames.map(activationKind);
