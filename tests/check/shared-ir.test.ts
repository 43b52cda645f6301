// Nodes whose weights or output shape equal another's share the object: a deep model's IR holds
// far fewer of them. The IR reads the same, as objects and as JSON.
import { expect, it } from 'vitest';
import { irOf } from '../helpers.js';

const spec = 'model m {\n  input(8, 8, 4)\n  conv(4, 3, padding = same) + bn\n  conv(4, 3, padding = same) + bn + relu\n  dropout(0.5)\n  conv(6, 1)\n}\n';

it('shares equal weights and shapes between nodes, and their JSON is each node\'s own', () => {
  const nodes = irOf(spec).models[0]!.nodes;
  expect(nodes.map((n) => n.kind)).toEqual(['input', 'conv', 'bn', 'conv', 'bn', 'relu', 'dropout', 'conv']);
  const [input, conv1, bn1, conv2, bn2, relu, dropout, conv3] = nodes;
  // conv(4, 3) after 4 channels, twice: one list of weights; conv(6, 1) has its own.
  expect(conv2!.weights).toBe(conv1!.weights);
  expect(bn2!.weights).toBe(bn1!.weights);
  expect(conv3!.weights).not.toBe(conv1!.weights);
  expect(JSON.stringify(conv1!.weights)).toBe('[{"name":"kernel","shape":[3,3,4,4],"trainable":true},{"name":"bias","shape":[4],"trainable":true}]');
  expect(JSON.stringify(conv3!.weights)).toBe('[{"name":"kernel","shape":[1,1,4,6],"trainable":true},{"name":"bias","shape":[6],"trainable":true}]');
  // Every layer up to the last keeps the input's shape, and so holds the input's array.
  for (const n of [conv1, bn1, conv2, bn2, relu, dropout]) expect(n!.outputShape).toBe(input!.outputShape);
  expect(conv3!.outputShape).toEqual([8, 8, 6]);
  expect(JSON.stringify(nodes.map((n) => n.outputShape))).toBe('[[8,8,4],[8,8,4],[8,8,4],[8,8,4],[8,8,4],[8,8,4],[8,8,4],[8,8,6]]');
});
