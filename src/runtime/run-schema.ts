// JSON Schemas for the files of a run folder, as far as nnc reads them back: run.json, model.json
// (TF.js layers format with one weights file), checkpoint/latest.json and a checkpoint's
// state.json. Other keys are allowed, so newer records stay readable.
import { BACKENDS } from './backends/index.js';

type Schema = Record<string, unknown>;

const int = (minimum = 0): Schema => ({ type: 'integer', minimum });
const str: Schema = { type: 'string' };
/** A metric: JSON writes NaN and infinities as null. */
const num: Schema = { type: ['number', 'null'] };
const obj = (properties: Record<string, Schema>, required = Object.keys(properties)): Schema => ({ type: 'object', required, properties });
const array = (items: Schema, minItems = 0): Schema => ({ type: 'array', items, minItems });

const epochRecord = obj({ epoch: int(1), loss: num, seconds: num, samplesPerSecond: num }, ['epoch', 'loss']);

export const runSchema: Schema = obj({
  nnc: str,
  cwd: str,
  status: { enum: ['running', 'done', 'diverged'] },
  spec: obj({ path: str, sha256: str }),
  model: str,
  ir: { type: 'object' },
  backend: { enum: [...BACKENDS] },
  seed: int(),
  data: obj({
    spec: str, path: str, label: str, delimiter: str, features: array(str),
    limit: int(1), size: int(4), skipBad: { type: 'boolean' },
    classes: array(str, 1), sampleShape: array(int(1), 1),
    train: int(), validation: int(), test: int(), skipped: int(),
  }, ['spec', 'classes', 'sampleShape']),
  train: obj({ batch: int(1), epochs: int(1) }),
  epochs: array(epochRecord),
  test: obj({ loss: num }),
  started: str,
}, ['status', 'spec', 'model', 'ir', 'backend', 'seed', 'data', 'train', 'epochs']);

const weightSpec: Schema = {
  ...obj({ name: str, shape: array(int()), dtype: { enum: ['float32', 'int32'] }, group: str }, ['name', 'shape', 'dtype']),
  not: { required: ['quantization'] },
};

export const modelSchema: Schema = obj({
  modelTopology: { type: 'object' },
  weightsManifest: { ...array(obj({ paths: array(str), weights: array(weightSpec) }), 1), maxItems: 1 },
}, ['modelTopology', 'weightsManifest']);

export const latestSchema: Schema = obj({ epoch: int(1), dir: str });

export const stateSchema: Schema = obj({ epochs: array(epochRecord), started: str });
