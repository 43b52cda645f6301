// The registry as a whole: every kind the language names is there once, documented, with
// unique attribute names, positional attributes first, and defaults that satisfy their types.
import { describe, expect, test } from 'vitest';
import { findLayer, layers } from '../../src/layers/registry.js';
import type { AttrType, AttrValue } from '../../src/layers/types.js';

const expected = `dense conv dwconv sepconv deconv maxpool avgpool gap gmp flatten reshape zeropad upsample dropout bn ln
relu relu6 sigmoid tanh softmax softplus softsign elu selu swish gelu linear leaky_relu embedding rnn lstm gru identity
input add concat`.split(/\s+/);

const isInt = (v: AttrValue): v is number => typeof v === 'number' && Number.isInteger(v);

/** Whether `value` is a valid value of `type`. Null is allowed as a default: "not given" (pool stride, regularizer). */
function satisfies(type: AttrType, value: AttrValue): boolean {
  if (value === null) return true;
  switch (type.t) {
    case 'int':
      return isInt(value) && value >= (type.min ?? -Infinity) && value <= (type.max ?? Infinity);
    case 'number':
      return typeof value === 'number' && value >= (type.min ?? -Infinity) && (type.maxExclusive ? value < type.max! : value <= (type.max ?? Infinity));
    case 'bool':
      return typeof value === 'boolean';
    case 'symbol':
      return typeof value === 'string' && type.values.includes(value);
    case 'string':
      return typeof value === 'string' && (!type.values || type.values.includes(value));
    case 'ints':
      return (Array.isArray(value) ? value : [value]).every((v) => isInt(v) && v >= (type.min ?? 1));
    case 'padding':
      return isInt(value) || (Array.isArray(value) && value.flat().every(isInt));
    case 'dims':
      return Array.isArray(value) && value.every(isInt);
    case 'regularizer':
      return typeof value === 'object' && !Array.isArray(value) && typeof value['l1'] === 'number' && typeof value['l2'] === 'number';
  }
}

describe('registry', () => {
  test('holds exactly the catalogue, each name once', () => {
    expect(layers.map((k) => k.name).sort()).toEqual([...expected].sort());
    for (const name of expected) expect(findLayer(name)?.name).toBe(name);
    expect(findLayer('convv')).toBeUndefined();
  });

  test.each(layers.map((k) => [k.name, k] as const))('%s is documented and consistent', (_name, kind) => {
    expect(kind.doc.length).toBeGreaterThan(10);
    expect(kind.name).toMatch(/^[a-z][a-z0-9_]*$/);
    const names = kind.attrs.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    const firstNamed = kind.attrs.findIndex((a) => !a.positional);
    if (firstNamed >= 0) expect(kind.attrs.slice(firstNamed).some((a) => a.positional)).toBe(false);
    for (const attr of kind.attrs) {
      expect(attr.doc.length, `${kind.name}.${attr.name} doc`).toBeGreaterThan(3);
      if (attr.default !== undefined) expect(satisfies(attr.type, attr.default), `${kind.name}.${attr.name} default`).toBe(true);
    }
    expect(typeof kind.tfjs).toBe('function');
  });

  test('weighted layers with a kernel take bias and regularizer; conv-like ones also an activation', () => {
    const withKernel = layers.filter((k) => k.hasKernel).map((k) => k.name).sort();
    expect(withKernel).toEqual(['conv', 'deconv', 'dense', 'dwconv', 'gru', 'lstm', 'rnn', 'sepconv']);
    for (const name of withKernel) {
      const attrs = findLayer(name)!.attrs.map((a) => a.name);
      expect(attrs).toEqual(expect.arrayContaining(['bias', 'regularizer']));
      expect(attrs.includes('activation')).toBe(!['rnn', 'lstm', 'gru'].includes(name));
    }
    expect(layers.filter((k) => k.multiInput).map((k) => k.name).sort()).toEqual(['add', 'concat']);
  });
});
