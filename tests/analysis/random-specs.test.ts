// Differential test against TF.js on 1,000 randomly generated valid specs (tests/analysis/random-spec.ts,
// seeds 0..999): for every model, the static totals, trainable/non-trainable split and every layer's
// output shape and parameter count equal those of the TF.js model built from the same IR; and the
// TypeScript the code generator writes for the IR builds that same model, layer by layer.
import { beforeAll, describe, expect, test } from 'vitest';
import { loadTf, type Tf } from '../../src/runtime/tf.js';
import { compileText } from '../helpers.js';
import { validateIr } from '../../src/ir/validate.js';
import { randomSpec } from './random-spec.js';
import { expectSameAsTfjs } from './tfjs-oracle.js';
import { expectGeneratedSameAsIr } from './codegen-oracle.js';

const SPECS = Number(process.env["NNC_RANDOM_SPECS"] ?? 1000);
const CHUNK = 100;

let tf: Tf;
beforeAll(async () => {
  tf = await loadTf();
});

const seen = { kinds: new Set<string>(), models: 0, branching: 0, structured: 0 };

describe(`${SPECS} random specs`, () => {
  for (let start = 0; start < SPECS; start += CHUNK) {
    test(`seeds ${start}..${start + CHUNK - 1}`, () => {
      for (let seed = start; seed < start + CHUNK; seed++) {
        const text = randomSpec(seed);
        const r = compileText(text);
        expect(r.diagnostics.map((d) => `${d.code} ${d.message}`), `seed ${seed}:\n${text}`).toEqual([]);
        expect(validateIr(JSON.parse(JSON.stringify(r.ir))).problems, `seed ${seed}`).toEqual([]);
        expectGeneratedSameAsIr(tf, r.ir!, `seed ${seed}:\n${text}`);
        if (r.ir!.structure) seen.structured++;
        for (const m of r.ir!.models) {
          expectSameAsTfjs(tf, m, `seed ${seed}, model ${m.name}:\n${text}`);
          seen.models++;
          if (m.nodes.some((n) => n.inputs.length > 1)) seen.branching++;
          for (const n of m.nodes) seen.kinds.add(n.kind);
        }
      }
    });
  }

  test('the specs exercise every kind, and branch often', () => {
    expect([...seen.kinds].sort()).toEqual(expect.arrayContaining([
      'add', 'avgpool', 'bn', 'concat', 'conv', 'deconv', 'dense', 'dropout', 'dwconv', 'elu', 'embedding', 'flatten', 'gap', 'gelu',
      'gmp', 'gru', 'input', 'leaky_relu', 'linear', 'ln', 'lstm', 'maxpool', 'relu', 'relu6', 'reshape', 'rnn', 'selu', 'sepconv',
      'sigmoid', 'softmax', 'softplus', 'softsign', 'swish', 'tanh', 'upsample', 'zeropad',
    ]));
    expect(seen.models).toBeGreaterThan(SPECS);
    expect(seen.branching).toBeGreaterThan(SPECS / 5);
    // Most specs keep their structure (blocks, loops, parameters) in the generated code.
    expect(seen.structured).toBeGreaterThan(SPECS / 2);
  });
});
