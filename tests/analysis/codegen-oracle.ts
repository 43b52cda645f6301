// The code generator's differential check: the TypeScript `nnc gen` writes for an IR file is
// evaluated in-process (types stripped by esbuild, TF.js injected as its import), and each model
// its `models` record builds must equal the model the runtime builds from the IR, layer by layer:
// the same Keras classes in order (the IR's, in its order where the model does not branch), the same configs (every setting TF.js reports but the name),
// output shapes and parameter counts, and the classes must be the IR nodes'.
import { transformSync } from 'esbuild';
import { expect } from 'vitest';
import { generate } from '../../src/codegen/module.js';
import type { IrFile, IrModel } from '../../src/ir/types.js';
import { buildModel } from '../../src/runtime/build.js';
import type { Tf } from '../../src/runtime/tf.js';

interface Layer {
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  outputShape: unknown;
  countParams(): number;
}
interface Built {
  layers: Layer[];
  dispose(): unknown;
}

/** The module the generator writes for `ir`, evaluated with `tf` as its TF.js import. */
export function evaluateGenerated(tf: Tf, ir: IrFile): { models: Record<string, () => Built>; code: string } {
  const code = generate({ ir, source: 'random.nn' });
  const js = transformSync(code, { loader: 'ts', format: 'cjs' }).code;
  const api = { ...tf.tfl, train: tf.core.train };
  const module = { exports: {} as Record<string, unknown> };
  new Function('require', 'module', 'exports', js)(() => api, module, module.exports);
  return { models: module.exports['models'] as Record<string, () => Built>, code };
}

const isInput = (l: Layer) => l.getClassName() === 'InputLayer';
const config = (l: Layer) => {
  const { name: _, ...rest } = l.getConfig();
  return rest;
};

/** The Keras classes of the IR's nodes that make a TF.js layer (not the input, not a flatten of a 1-D input). */
function irClasses(m: IrModel): string[] {
  const byId = new Map(m.nodes.map((n) => [n.id, n]));
  return m.nodes
    .filter((n) => n.kind !== 'input' && !(n.kind === 'flatten' && byId.get(n.inputs[0]!)!.outputShape.length <= 1))
    .map((n) => n.keras);
}

/** Asserts that every model the generated code builds is the IR's; `where` names the case in failures. */
export function expectGeneratedSameAsIr(tf: Tf, ir: IrFile, where: string): void {
  const { models, code } = evaluateGenerated(tf, ir);
  expect(Object.keys(models), `${where}: models record`).toEqual(ir.models.map((m) => m.name));
  for (const m of ir.models) {
    const generated = models[m.name]!();
    const reference = buildModel(tf, m) as unknown as Built;
    try {
      const got = generated.layers.filter((l) => !isInput(l));
      const want = reference.layers.filter((l) => !isInput(l));
      const at = `${where}, model ${m.name}\n${code}`;
      // TF.js orders a branching model's layers by depth, so there the IR's classes are compared as a multiset.
      const branching = m.nodes.some((n) => n.inputs.length > 1);
      const classes = got.map((l) => l.getClassName());
      expect(branching ? [...classes].sort() : classes, at).toEqual(branching ? irClasses(m).sort() : irClasses(m));
      expect(got.map((l) => l.getClassName()), at).toEqual(want.map((l) => l.getClassName()));
      got.forEach((l, i) => {
        const r = want[i]!;
        expect({ config: config(l), shape: l.outputShape, params: l.countParams() }, `${at}\nlayer ${i} (${l.getClassName()})`)
          .toEqual({ config: config(r), shape: r.outputShape, params: r.countParams() });
      });
    } finally {
      generated.dispose();
      reference.dispose();
    }
  }
}
