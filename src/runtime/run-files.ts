// Reading a run folder back. Its files are untrusted input (edited, truncated, copied half-way),
// so each is checked before use and any problem is one RunFolderError naming the file and what
// is wrong: run.json against its schema and its IR against the IR's checks; model.json against
// the TF.js layers format; weights.bin's size against model.json's weights; those weights'
// names and shapes against the IR recorded in run.json; the loaded model's layers against the
// IR; and for --resume the checkpoint's latest.json and state.json. Only regular files are read,
// and a file's size is checked before it is read. Nothing here writes.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { Ajv as AjvClass, ValidateFunction } from 'ajv';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { DataError } from '../data/types.js';
import { parseJson } from '../diagnostics/json.js';
import { IR_VERSION, type IrModel } from '../ir/types.js';
import { validateIr } from '../ir/validate.js';
import { formatShape } from '../layers/types.js';
import { mismatch } from './fit-data.js';
import type { EpochProbe } from './doctor/types.js';
import type { EpochRecord, RunRecord } from './record.js';
import { CHECKPOINT, epochDir } from './run-dir.js';
import { latestSchema, modelSchema, runSchema, stateSchema } from './run-schema.js';
import type { Tf } from './tf.js';

/** A run folder or one of its files is missing or damaged. */
export class RunFolderError extends DataError {}

/** Larger JSON files are refused unread (run.json and model.json of the largest specs are a few MB). */
const MAX_JSON_BYTES = 256 * 1024 * 1024;
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4 };

const validators = new Map<object, ValidateFunction>();
function validatorFor(schema: object): ValidateFunction {
  let v = validators.get(schema);
  if (!v) {
    const { Ajv } = createRequire(import.meta.url)('ajv') as { Ajv: typeof AjvClass };
    v = new Ajv({ strict: false }).compile(schema);
    validators.set(schema, v);
  }
  return v;
}

/** `/data/classes/2` as `data.classes[2]`. */
const where = (pointer: string) => pointer.split('/').slice(1).reduce((s, k) => (/^\d+$/.test(k) ? `${s}[${k}]` : s ? `${s}.${k}` : k), '') || 'the top level';

function statFile(file: string, missing = 'no such file'): fs.Stats {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new RunFolderError(`${file}: ${missing}`);
  }
  if (!stat.isFile()) throw new RunFolderError(`${file}: not a regular file`);
  return stat;
}

/** A JSON file of the run folder, parsed and checked against `schema`. */
function readJson<T>(file: string, schema: object, what: string, missing?: string): T {
  const { size } = statFile(file, missing);
  if (size > MAX_JSON_BYTES) throw new RunFolderError(`${file}: ${size} bytes, more than a run's ${what} can be`);
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new RunFolderError(`${file}: the file is empty`);
  const parsed = parseJson(text);
  if ('error' in parsed) {
    const e = parsed.error;
    throw new RunFolderError(`${file}:${e.line}:${e.column}: not valid JSON (${e.message}); the file is damaged or truncated`);
  }
  const validate = validatorFor(schema);
  if (!validate(parsed.value)) {
    const e = validate.errors![0]!;
    throw new RunFolderError(`${file}: not ${what}: ${where(e.instancePath)} ${e.message}`);
  }
  return parsed.value as T;
}

/** run.json of a run folder, checked against its schema, its IR checked like any IR. */
export function readRunRecord(runDir: string): RunRecord {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(runDir);
  } catch {
    // reported below
  }
  if (!stat?.isDirectory()) throw new RunFolderError(`'${runDir}' is not a run folder: ${stat ? 'it is a file' : 'no such folder'} (give a folder made by nnc train)`);
  const file = path.join(runDir, 'run.json');
  const record = readJson<RunRecord>(file, runSchema, 'a run record', 'no such file, so this is not a run folder (give a folder made by nnc train)');
  const { problems } = validateIr({ irVersion: IR_VERSION, file: String(record.ir.file ?? ''), models: [record.ir] });
  if (problems.length) throw new RunFolderError(`${file}: the recorded model is not valid IR: ${where(problems[0]!.path.replace(/^\/models\/0/, '/ir'))} ${problems[0]!.message}`);
  if (record.model !== record.ir.name) throw new RunFolderError(`${file}: model is '${record.model}' but the recorded IR is of '${record.ir.name}'`);
  if (!record.ir.train.loss) throw new RunFolderError(`${file}: the recorded model has no loss, so it cannot have been trained`);
  const why = mismatch(record.ir, { name: record.data.spec, classes: record.data.classes, sampleShape: record.data.sampleShape }, record.ir.train.loss);
  if (why) throw new RunFolderError(`${file}: the recorded model and data do not fit together: ${why}`);
  if (record.epochs.length > record.train.epochs) throw new RunFolderError(`${file}: ${record.epochs.length} epoch records, but the run has ${record.train.epochs} epochs`);
  return record;
}

interface WeightEntry { name: string; shape: number[]; dtype: string; group?: string }
interface ModelJson {
  modelTopology: object;
  trainingConfig?: object;
  weightsManifest: { paths: string[]; weights: WeightEntry[] }[];
}

/** model.json and weights.bin of `dir`, checked against each other and against the run's IR. */
export function readSavedModel(dir: string, ir: IrModel): { json: ModelJson; weights: WeightEntry[]; data: ArrayBuffer } {
  const modelFile = path.join(dir, 'model.json');
  const json = readJson<ModelJson>(modelFile, modelSchema, 'a TF.js layers model');
  const group = json.weightsManifest[0]!;
  if (group.paths.length !== 1 || group.paths[0] !== 'weights.bin') {
    throw new RunFolderError(`${modelFile}: weightsManifest[0].paths must be ["weights.bin"], not ${JSON.stringify(group.paths)}`);
  }
  checkWeightsAgainstIr(modelFile, group.weights, ir);
  const need = group.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[w.dtype]!, 0);
  const weightsFile = path.join(dir, 'weights.bin');
  const { size } = statFile(weightsFile, `no such file (model.json's weights need ${need} bytes)`);
  if (size !== need) {
    const problem = size === 0 ? `the file is empty, but model.json's weights need ${need} bytes`
      : size < need ? `${size} bytes, but model.json's weights need ${need} (the file is truncated or damaged)`
        : `${size} bytes, ${size - need} more than model.json's weights need (${need})`;
    throw new RunFolderError(`${weightsFile}: ${problem}`);
  }
  const bytes = fs.readFileSync(weightsFile);
  return { json, weights: group.weights, data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
}

/** The model's weights (optimizer state aside) must be exactly the IR's, by name and shape. */
function checkWeightsAgainstIr(file: string, weights: WeightEntry[], ir: IrModel): void {
  const expected = new Map<string, number[]>(ir.nodes.flatMap((n) => n.weights.map((w): [string, number[]] => [`${n.name}/${w.name}`, w.shape])));
  const seen = new Set<string>();
  for (const w of weights) {
    if (w.group === 'optimizer') continue;
    const want = expected.get(w.name);
    if (!want) throw new RunFolderError(`${file}: weight '${w.name}' is not in the run's model (the IR in run.json)`);
    if (seen.has(w.name)) throw new RunFolderError(`${file}: weight '${w.name}' is listed twice`);
    seen.add(w.name);
    if (formatShape(want) !== formatShape(w.shape)) {
      throw new RunFolderError(`${file}: weight '${w.name}' has shape ${formatShape(w.shape)}, but the run's model (the IR in run.json) has ${formatShape(want)}`);
    }
  }
  const missing = [...expected.keys()].find((k) => !seen.has(k));
  if (missing) throw new RunFolderError(`${file}: weight '${missing}' of the run's model (the IR in run.json) is missing`);
}

/** Loads the checked model of `dir` with TF.js and checks its layers against the IR. */
export async function loadSavedModel(tf: Tf, dir: string, ir: IrModel): Promise<LayersModel> {
  const { json, weights, data } = readSavedModel(dir, ir);
  const file = path.join(dir, 'model.json');
  let model: LayersModel;
  try {
    model = await tf.tfl.loadLayersModel(tf.core.io.fromMemory({
      modelTopology: json.modelTopology, weightSpecs: weights as never, weightData: data, trainingConfig: json.trainingConfig as never,
    }));
  } catch (e) {
    // The weights are the IR's, so the topology is at fault: say where, if TF.js can build it.
    const why = await topologyProblem(tf, json.modelTopology, ir) ?? `the model does not load with its weights (${firstLine(e)})`;
    throw new RunFolderError(`${file}: ${why}`);
  }
  const why = layerProblem(model, ir);
  if (why) {
    model.dispose();
    throw new RunFolderError(`${file}: ${why}`);
  }
  return model;
}

const firstLine = (e: unknown) => String((e as Error).message).split('\n')[0];

async function topologyProblem(tf: Tf, modelTopology: object, ir: IrModel): Promise<string | undefined> {
  let bare: LayersModel;
  try {
    bare = await tf.tfl.models.modelFromJSON({ modelTopology } as never);
  } catch (e) {
    return `modelTopology is not a model TF.js can build (${firstLine(e)})`;
  }
  try {
    return layerProblem(bare, ir);
  } finally {
    bare.dispose();
  }
}

/** The first layer whose name, output shape or weight shapes differ from the IR's node. */
function layerProblem(model: LayersModel, ir: IrModel): string | undefined {
  const nodes = new Map(ir.nodes.map((n) => [n.name, n]));
  const inIr = "the run's model (the IR in run.json)";
  for (const layer of model.layers) {
    const node = nodes.get(layer.name);
    if (!node) return `layer '${layer.name}' is not in ${inIr}`;
    const out = layer.outputShape;
    const got = formatShape((Array.isArray(out[0]) ? out[0] : out).slice(1) as number[]);
    if (got !== formatShape(node.outputShape)) return `layer '${layer.name}' outputs ${got}, but in ${inIr} ${formatShape(node.outputShape)}`;
    const want = new Map(node.weights.map((w) => [`${node.name}/${w.name}`, formatShape(w.shape)]));
    const differs = layer.weights.length !== want.size || layer.weights.some((w) => want.get(w.originalName) !== formatShape(w.shape as number[]));
    if (differs) {
      const list = (ws: [string, string][]) => ws.map(([n, sh]) => `${n.split('/').at(-1)} ${sh}`).join(', ') || 'none';
      const have = list(layer.weights.map((w) => [w.originalName, formatShape(w.shape as number[])]));
      return `layer '${layer.name}' has weights ${have}, but in ${inIr} ${list([...want])}`;
    }
  }
  return undefined;
}

export interface Checkpoint { epoch: number; dir: string; epochs: EpochRecord[]; probes?: EpochProbe[]; started: string }

/** The run's current checkpoint, checked; undefined when none was completed. */
export function readCheckpoint(runDir: string, record: RunRecord): Checkpoint | undefined {
  const root = path.join(runDir, CHECKPOINT);
  const latestFile = path.join(root, 'latest.json');
  if (!fs.existsSync(latestFile)) return undefined;
  const latest = readJson<{ epoch: number; dir: string }>(latestFile, latestSchema, 'a checkpoint pointer');
  if (latest.dir !== epochDir(latest.epoch)) throw new RunFolderError(`${latestFile}: dir must be '${epochDir(latest.epoch)}' for epoch ${latest.epoch}, not '${latest.dir}'`);
  if (latest.epoch > record.train.epochs) throw new RunFolderError(`${latestFile}: epoch ${latest.epoch}, but the run has ${record.train.epochs} epochs (run.json)`);
  const dir = path.join(root, latest.dir);
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new RunFolderError(`${dir}: no such folder (${latestFile} points at it)`);
  const stateFile = path.join(dir, 'state.json');
  const state = readJson<{ epochs: EpochRecord[]; probes?: EpochProbe[]; started: string }>(stateFile, stateSchema, 'a checkpoint state');
  const numbers = state.epochs.map((e) => e.epoch).join(',');
  const want = Array.from({ length: latest.epoch }, (_, i) => i + 1).join(',');
  if (numbers !== want) throw new RunFolderError(`${stateFile}: records epochs [${numbers}], but the checkpoint is after epoch ${latest.epoch}`);
  readSavedModel(dir, record.ir);
  return { epoch: latest.epoch, dir, epochs: state.epochs, ...(state.probes ? { probes: state.probes } : {}), started: state.started };
}
