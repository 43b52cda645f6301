// The differential check: a model's static summary against the TF.js model the builder makes from
// the same IR — total, trainable and non-trainable counts, and every layer's output shape and count.
import { expect } from 'vitest';
import { summarize } from '../../src/analysis/summary.js';
import type { IrModel } from '../../src/ir/types.js';
import { buildModel } from '../../src/runtime/build.js';
import type { Tf } from '../../src/runtime/tf.js';

const size = (s: readonly (number | null)[]) => s.reduce<number>((a, b) => a * (b ?? 1), 1);

/** What TF.js says about the built model, in the summary's terms. */
export function tfjsFacts(tf: Tf, model: IrModel) {
  const built = buildModel(tf, model);
  try {
    const names = new Set(built.layers.map((l) => l.name));
    const layers: Record<string, { outputShape: unknown; params: number }> = {};
    for (const node of model.nodes) {
      if (!names.has(node.name)) continue;
      const layer = built.getLayer(node.name);
      layers[node.name] = { outputShape: layer.outputShape, params: layer.countParams() };
    }
    return {
      params: built.countParams(),
      trainable: built.trainableWeights.reduce((a, w) => a + size(w.shape), 0),
      nonTrainable: built.nonTrainableWeights.reduce((a, w) => a + size(w.shape), 0),
      output: built.outputs[0]!.shape,
      input: built.inputs[0]!.shape,
      layers,
    };
  } finally {
    built.dispose();
  }
}

/** Asserts the static summary of `model` equals TF.js's; `where` names the case in failures. */
export function expectSameAsTfjs(tf: Tf, model: IrModel, where: string): void {
  const s = summarize(model);
  const facts = tfjsFacts(tf, model);
  expect({ params: s.totals.params, trainable: s.totals.trainable, nonTrainable: s.totals.nonTrainable }, where)
    .toEqual({ params: facts.params, trainable: facts.trainable, nonTrainable: facts.nonTrainable });
  expect(facts.output, `${where}: model output`).toEqual([null, ...s.output]);
  expect(facts.input, `${where}: model input`).toEqual([null, ...model.input.shape]);
  for (const row of s.layers) {
    const t = facts.layers[row.name];
    if (!t) {
      // Only nodes with no TF.js layer may be missing: the input of a Sequential model, flatten on 1-D.
      expect(['input', 'flatten'], `${where}: ${row.name} (${row.kind}) missing from the TF.js model`).toContain(row.kind);
      continue;
    }
    expect({ shape: t.outputShape, params: t.params }, `${where}: layer ${row.name} (${row.kind})`)
      .toEqual({ shape: [null, ...row.outputShape], params: row.params });
  }
}
