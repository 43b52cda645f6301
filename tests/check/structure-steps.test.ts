// The structure section's steps, key for key and in order, for a spec that exercises the chain
// rules the builder applies (an activation fused, or made conditional by an optional layer between;
// modifiers summed into the regularizer) and the node references it looks up by place: a block
// called twice (its nodes made after the model's first, though written before it), a repeat, and
// a variant (a second model with nodes at the same places).
import { expect, it } from 'vitest';
import { irOf } from '../helpers.js';

const spec = `block unit(f, extra = identity) {
  dense(f) + extra + relu
}
model m(w = 4) {
  input(8)
  unit(w)
  unit(3, extra = dropout(0.5))
  repeat(2) { dense(w) + relu }
  dense(5) + bn + l2(0.1) + l1l2(l1 = 0.2) + l2(1e-3) + nobias + softmax
}
model v = m(w = 6)
`;

const expected = {
  lets: [],
  blocks: [
    {
      name: 'unit',
      params: [{ name: 'f', type: 'number' }, { name: 'extra', type: 'layer', default: { layer: 'identity' } }],
      body: [
        {
          step: 'layer',
          kind: 'dense',
          args: {
            units: { param: 'f' },
            activation: { ifAny: ['extra'], then: { str: 'linear' }, else: { str: 'relu' } },
          },
          nodes: { m: ['n1', 'n2'], v: ['n1', 'n2'] },
        },
        { step: 'optional', param: 'extra' },
        {
          step: 'activation',
          activation: { str: 'relu' },
          nodes: { m: ['n4'], v: ['n4'] },
          when: ['extra'],
        },
      ],
    },
  ],
  models: [
    {
      kind: 'model',
      name: 'm',
      params: [{ name: 'w', type: 'number', default: { num: '4' } }],
      input: { shape: { tuple: [{ num: '8' }] } },
      body: [
        { step: 'call', block: 'unit', args: { f: { param: 'w' } } },
        {
          step: 'call',
          block: 'unit',
          args: { f: { num: '3' }, extra: { layer: 'dropout', args: { rate: { num: '0.5' } } } },
        },
        {
          step: 'repeat',
          count: { num: '2' },
          body: [
            {
              step: 'layer',
              kind: 'dense',
              args: { units: { param: 'w' }, activation: { str: 'relu' } },
              nodes: { m: ['n5', 'n6'], v: ['n5', 'n6'] },
            },
          ],
        },
        {
          step: 'layer',
          kind: 'dense',
          args: {
            units: { num: '5' },
            bias: { bool: false },
            regularizer: {
              regularizer: {
                l1: { num: '0.2' },
                l2: {
                  op: '+',
                  left: { op: '+', left: { num: '0.1' }, right: { num: '0.01' } },
                  right: { num: '1e-3' },
                },
              },
            },
          },
          nodes: { m: ['n7'], v: ['n7'] },
        },
        { step: 'layer', kind: 'bn', args: {}, nodes: { m: ['n8'], v: ['n8'] } },
        { step: 'layer', kind: 'softmax', args: {}, nodes: { m: ['n9'], v: ['n9'] } },
      ],
    },
    { kind: 'variant', name: 'v', of: 'm', args: { w: { num: '6' } } },
  ],
};

it('builds the steps of blocks, repeats, modifiers and fused activations, naming the nodes each made', () => {
  const structure = irOf(spec).structure;
  // As JSON, so that the order of keys counts too.
  expect(JSON.stringify(structure)).toBe(JSON.stringify(expected));
});

it('gives each compilation its own objects, though a compilation shares equal leaves', () => {
  const a = irOf(spec).structure!;
  const b = irOf(spec).structure!;
  const stepsOf = (s: typeof a) => (s.models[0] as { body: { args?: Record<string, unknown> }[] }).body;
  expect(stepsOf(a)[1]!.args).not.toBe(stepsOf(b)[1]!.args);
  const bodyA = stepsOf(a);
  // `w` in `unit(w)` and in `dense(w)` is one `{ param: 'w' }` within a compilation, never across two.
  const repeated = (bodyA[2] as unknown as { body: { args: Record<string, unknown> }[] }).body[0]!.args['units'];
  expect(bodyA[0]!.args!['f']).toBe(repeated);
  expect(bodyA[0]!.args!['f']).not.toBe(stepsOf(b)[0]!.args!['f']);
});
