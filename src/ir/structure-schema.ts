// The JSON Schema of the IR's structure section (ir/structure.ts): expressions and steps are
// recursive, so each is one definition that refers to itself.
import { layers } from '../layers/registry.js';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });
const obj = (properties: Schema, required = Object.keys(properties)): Schema => ({ type: 'object', required, additionalProperties: false, properties });
const name = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' };
const names = { type: 'array', items: name, minItems: 1 };
const record = (value: Schema): Schema => ({ type: 'object', additionalProperties: value });
const nodeRefs = record({ type: 'array', items: { type: 'string', pattern: '^n[0-9]+$' } });

export function structureDefinitions(): Schema {
  const expr = {
    oneOf: [
      obj({ num: { type: 'string', pattern: '^-?[0-9.]+([eE][+-]?[0-9]+)?$' } }),
      obj({ str: { type: 'string' } }),
      obj({ bool: { type: 'boolean' } }),
      obj({ sym: { type: 'string' } }),
      obj({ param: name }),
      obj({ let: name }),
      obj({ fn: { enum: ['round', 'floor', 'ceil', 'min', 'max'] }, args: { type: 'array', items: ref('expr') } }),
      obj({ neg: ref('expr') }),
      obj({ op: { enum: ['+', '-', '*', '/'] }, left: ref('expr'), right: ref('expr') }),
      obj({ tuple: { type: 'array', items: ref('expr') } }),
      obj({ layer: { enum: layers.map((k) => k.name) }, args: record(ref('expr')) }, ['layer']),
      obj({ regularizer: obj({ l1: ref('expr'), l2: ref('expr') }, []) }),
      obj({ ifAny: names, then: ref('expr'), else: ref('expr') }),
    ],
  };
  const steps = { type: 'array', items: ref('step') };
  const step = {
    oneOf: [
      obj({ step: { const: 'layer' }, kind: { enum: layers.map((k) => k.name) }, args: record(ref('expr')), nodes: nodeRefs, when: names }, ['step', 'kind', 'args']),
      obj({ step: { const: 'activation' }, activation: ref('expr'), nodes: nodeRefs, when: names }, ['step', 'activation']),
      obj({ step: { const: 'optional' }, param: name }),
      obj({ step: { const: 'call' }, block: name, args: record(ref('expr')) }),
      obj({ step: { const: 'repeat' }, count: ref('expr'), body: steps }),
      obj({
        step: { const: 'merge' }, kind: { enum: ['add', 'concat'] }, args: record(ref('expr')),
        branches: { type: 'array', items: { anyOf: [steps, { type: 'null' }] }, minItems: 2 }, nodes: nodeRefs,
      }, ['step', 'kind', 'args', 'branches']),
    ],
  };
  const param = obj({
    name, type: { enum: ['number', 'boolean', 'string', 'symbol', 'tuple', 'activation', 'layer'] }, default: ref('expr'), values: { type: 'array', items: { type: 'string' } },
  }, ['name', 'type']);
  const params = { type: 'array', items: ref('param') };
  const structure = obj({
    lets: { type: 'array', items: obj({ name, value: ref('expr') }) },
    blocks: { type: 'array', items: obj({ name, params, body: steps }) },
    models: {
      type: 'array',
      items: {
        oneOf: [
          obj({ kind: { const: 'model' }, name, params, input: obj({ shape: ref('expr'), dtype: ref('expr') }, ['shape']), body: steps }),
          obj({ kind: { const: 'variant' }, name, of: name, args: record(ref('expr')) }),
        ],
      },
    },
  });
  return { expr, step, param, structure };
}
