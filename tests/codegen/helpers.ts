// Shared by the code generation tests: generating a module for a spec, type-checking generated
// files with the TypeScript compiler under --strict, and building every model of a generated
// module with TF.js (cpu backend) to compare with the IR's static numbers.
import * as path from 'node:path';
import * as tfc from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import ts from 'typescript';
import { expect } from 'vitest';
import { compile } from '../../src/check/compile.js';
import { displayPath, generateTs } from '../../src/codegen/module.js';
import type { IrFile, IrModel } from '../../src/ir/types.js';
import { installChainedOps } from '../../src/runtime/tfjs-chained-ops.js';
import { params } from '../helpers.js';

export async function generateFor(spec: string): Promise<{ code: string; ir: IrFile }> {
  const r = compile(spec);
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return { code: await generateTs({ ir: r.ir!, source: displayPath(spec) }), ir: r.ir! };
}

/** Type errors of the given .ts files under --strict, as `file:line: message`. */
export function typeErrors(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${path.relative(process.cwd(), d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

let ready: Promise<void> | undefined;
export function cpuBackend(): Promise<void> {
  ready ??= (async () => {
    installChainedOps(tfc);
    await tfc.setBackend('cpu');
  })();
  return ready;
}

interface BuiltModel {
  countParams(): number;
  trainableWeights: { shape: number[] }[];
  nonTrainableWeights: { shape: number[] }[];
  layers: { outputShape: unknown }[];
  outputs: { shape: (number | null)[] }[];
  dispose(): unknown;
}

const size = (ws: { shape: number[] }[]): number => ws.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
const sampleShape = (s: unknown): string => JSON.stringify((s as (number | null)[]).slice(1));

/** The IR's numbers for a model in the form a TF.js build is compared with. */
export function expected(m: IrModel) {
  const byId = new Map(m.nodes.map((n) => [n.id, n]));
  // TF.js has no layer for a flatten of a 1-D input: the builder skips it.
  const built = m.nodes.filter((n) => !(n.kind === 'flatten' && byId.get(n.inputs[0]!)!.outputShape.length <= 1));
  return {
    ...params(m),
    layers: built.length,
    shapes: built.map((n) => JSON.stringify(n.outputShape)).sort(),
    output: byId.get(m.output)!.outputShape,
  };
}

export function actual(model: BuiltModel) {
  const trainable = size(model.trainableWeights);
  const nonTrainable = size(model.nonTrainableWeights);
  return {
    total: model.countParams(),
    trainable,
    nonTrainable,
    layers: model.layers.length,
    shapes: model.layers.map((l) => sampleShape(l.outputShape)).sort(),
    output: model.outputs[0]!.shape.slice(1),
  };
}

/** Builds each model of the IR with the generated module's `models` record and compares. */
export async function checkBuilds(mod: { models: Record<string, () => unknown> }, ir: IrFile): Promise<void> {
  await cpuBackend();
  expect(Object.keys(mod.models).sort()).toEqual(ir.models.map((m) => m.name).sort());
  for (const m of ir.models) {
    const model = mod.models[m.name]!() as BuiltModel;
    const want = expected(m);
    expect({ model: m.name, ...actual(model) }).toEqual({ model: m.name, ...want });
    model.dispose();
  }
}
