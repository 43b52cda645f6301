// Shared test helpers: run a registry kind on input shapes with defaults filled in,
// and sum its weights the way Keras's summary does.
import { withDefaults } from '../../src/layers/common.js';
import { findLayer } from '../../src/layers/registry.js';
import type { Attrs, LayerKind, Shape, ShapeError } from '../../src/layers/types.js';

export function kindOf(name: string): LayerKind {
  const kind = findLayer(name);
  if (!kind) throw new Error(`no layer kind ${name}`);
  return kind;
}

export const resolve = (name: string, attrs: Attrs = {}): Attrs => withDefaults(kindOf(name).attrs, attrs);

export function shape(name: string, inputs: Shape[], attrs: Attrs = {}): Shape {
  const result = kindOf(name).inferShape(inputs, resolve(name, attrs));
  if ('error' in result) throw new Error(`unexpected error: ${result.error.message}`);
  return result.shape;
}

export function shapeErr(name: string, inputs: Shape[], attrs: Attrs = {}): ShapeError {
  const result = kindOf(name).inferShape(inputs, resolve(name, attrs));
  if (!('error' in result)) throw new Error(`expected an error, got ${JSON.stringify(result.shape)}`);
  return result.error;
}

const size = (s: Shape) => s.reduce((a, b) => a * b, 1);

export function params(name: string, inputs: Shape[], attrs: Attrs = {}) {
  const weights = kindOf(name).weights(inputs, resolve(name, attrs));
  const trainable = weights.filter((w) => w.trainable).reduce((n, w) => n + size(w.shape), 0);
  const nonTrainable = weights.filter((w) => !w.trainable).reduce((n, w) => n + size(w.shape), 0);
  return { total: trainable + nonTrainable, trainable, nonTrainable };
}

export function macs(name: string, inputs: Shape[], attrs: Attrs = {}): number {
  const kind = kindOf(name);
  const resolved = resolve(name, attrs);
  return kind.macs?.(inputs, shape(name, inputs, attrs), resolved) ?? 0;
}
