// Builds the IR's JSON Schema from the layer registry, so the schema's per-layer attributes
// can never drift from the layers themselves. `ir/schema.json` is this function's output,
// committed, and a test fails when it is stale.
import { layers } from '../layers/registry.js';
import type { AttrSpec, AttrType, LayerKind } from '../layers/types.js';
import { structureDefinitions } from './structure-schema.js';

type Schema = Record<string, unknown>;

const intSchema = (min?: number): Schema => (min === undefined ? { type: 'integer' } : { type: 'integer', minimum: min });

function typeSchema(t: AttrType): Schema {
  switch (t.t) {
    case 'int':
      return intSchema(t.min);
    case 'number':
      return { type: 'number' };
    case 'bool':
      return { type: 'boolean' };
    case 'symbol':
      return { enum: [...t.values] };
    case 'string':
      return t.values ? { enum: [...t.values] } : { type: 'string' };
    case 'ints':
      return { anyOf: [intSchema(t.min ?? 1), { type: 'array', items: intSchema(t.min ?? 1), minItems: 1 }] };
    case 'padding': {
      const pair = { type: 'array', items: intSchema(0), minItems: 2, maxItems: 2 };
      return { anyOf: [intSchema(0), { type: 'array', items: { anyOf: [intSchema(0), pair] }, minItems: 2, maxItems: 2 }] };
    }
    case 'dims':
      return { type: 'array', items: { type: 'integer', minimum: -1 } };
    case 'regularizer':
      return { type: 'object', required: ['l1', 'l2'], additionalProperties: false, properties: { l1: { type: 'number', minimum: 0 }, l2: { type: 'number', minimum: 0 } } };
    default:
      return {};
  }
}

function attrSchema(a: AttrSpec): Schema {
  const s = typeSchema(a.type);
  const withNull = a.default === null ? { anyOf: [s, { type: 'null' }] } : s;
  return { description: a.doc, ...withNull };
}

function attrsSchema(kind: LayerKind): Schema {
  const properties: Schema = {};
  for (const a of kind.attrs) properties[a.name] = attrSchema(a);
  return { type: 'object', properties, required: kind.attrs.map((a) => a.name), additionalProperties: false };
}

const shape = { type: 'array', items: { type: 'integer', minimum: 1 } };
const location = {
  type: 'object',
  required: ['file', 'line', 'column', 'endLine', 'endColumn'],
  additionalProperties: false,
  properties: Object.fromEntries(['file', 'line', 'column', 'endLine', 'endColumn'].map((k) => [k, k === 'file' ? { type: 'string' } : intSchema(1)])),
};

const gridValue = { type: ['number', 'string', 'boolean'] };

function experimentDefinitions(): Schema {
  return {
    variant: {
      type: 'object',
      required: ['label', 'folder', 'model', 'args', 'ir'],
      additionalProperties: false,
      properties: {
        label: { type: 'string', minLength: 1 },
        folder: { type: 'string', pattern: '^[A-Za-z0-9_=.-]+$' },
        model: { type: 'string' },
        args: { type: 'object', additionalProperties: gridValue },
        ir: { $ref: '#/definitions/model' },
      },
    },
    experiment: {
      type: 'object',
      required: ['name', 'file', 'data', 'runs', 'seed', 'axes', 'variants', 'loc'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
        file: { type: 'string' },
        data: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        runs: intSchema(1),
        seed: { anyOf: [intSchema(0), { type: 'null' }] },
        axes: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'kind', 'values'],
            additionalProperties: false,
            properties: { name: { type: 'string' }, kind: { enum: ['param', 'train'] }, values: { type: 'array', minItems: 1, items: gridValue } },
          },
        },
        variants: { type: 'array', minItems: 1, items: { $ref: '#/definitions/variant' } },
        loc: { $ref: '#/definitions/location' },
      },
    },
  };
}

export function irSchema(): Schema {
  const kindRules = layers.map((k) => ({
    if: { properties: { kind: { const: k.name } } },
    then: { properties: { attrs: { $ref: `#/definitions/attrs/${k.name}` } } },
  }));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'nnspec IR, version 2 (version 1: the same without structure and trainGiven)',
    type: 'object',
    required: ['irVersion', 'file', 'models'],
    additionalProperties: false,
    properties: {
      irVersion: { enum: [1, 2] },
      file: { type: 'string' },
      models: { type: 'array', items: { $ref: '#/definitions/model' } },
      structure: { $ref: '#/definitions/structure' },
      experiments: { type: 'array', items: { $ref: '#/definitions/experiment' } },
    },
    definitions: {
      ...experimentDefinitions(),
      ...structureDefinitions(),
      shape,
      location,
      attrs: Object.fromEntries(layers.map((k) => [k.name, attrsSchema(k)])),
      weight: {
        type: 'object',
        required: ['name', 'shape', 'trainable'],
        additionalProperties: false,
        properties: { name: { type: 'string' }, shape: { type: 'array', items: intSchema(1) }, trainable: { type: 'boolean' } },
      },
      node: {
        type: 'object',
        required: ['id', 'name', 'kind', 'keras', 'attrs', 'inputs', 'outputShape', 'weights', 'loc', 'scope'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^n[0-9]+$' },
          name: { type: 'string', minLength: 1 },
          kind: { enum: layers.map((k) => k.name) },
          keras: { type: 'string' },
          attrs: { type: 'object' },
          inputs: { type: 'array', items: { type: 'string', pattern: '^n[0-9]+$' } },
          outputShape: { $ref: '#/definitions/shape' },
          weights: { type: 'array', items: { $ref: '#/definitions/weight' } },
          loc: { $ref: '#/definitions/location' },
          scope: { type: 'array', items: { type: 'string' } },
        },
        allOf: kindRules,
      },
      train: {
        type: 'object',
        required: ['optimizer', 'loss', 'metrics', 'batch', 'epochs', 'validation', 'shuffle', 'seed'],
        additionalProperties: false,
        properties: {
          optimizer: {
            type: 'object',
            required: ['name', 'lr'],
            properties: { name: { enum: ['sgd', 'adam', 'rmsprop', 'adagrad', 'adamax', 'adadelta'] }, lr: { type: 'number', minimum: 0 } },
            additionalProperties: { type: 'number' },
          },
          loss: { anyOf: [{ type: 'string' }, { type: 'null' }] },
          metrics: { type: 'array', items: { type: 'string' } },
          batch: intSchema(1),
          epochs: intSchema(1),
          validation: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
          shuffle: { type: 'boolean' },
          seed: { anyOf: [intSchema(0), { type: 'null' }] },
        },
      },
      model: {
        type: 'object',
        required: ['name', 'file', 'params', 'input', 'nodes', 'output', 'train', 'loc'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
          file: { type: 'string' },
          params: { type: 'object' },
          variantOf: { type: 'string' },
          input: {
            type: 'object',
            required: ['shape', 'dtype'],
            additionalProperties: false,
            properties: { shape: { $ref: '#/definitions/shape' }, dtype: { enum: ['float32', 'int32'] } },
          },
          nodes: { type: 'array', minItems: 1, items: { $ref: '#/definitions/node' } },
          output: { type: 'string', pattern: '^n[0-9]+$' },
          train: { $ref: '#/definitions/train' },
          trainGiven: { type: 'boolean' },
          loc: { $ref: '#/definitions/location' },
        },
      },
    },
  };
}
