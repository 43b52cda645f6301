// Each kind's ts() (the TF.js call generated code makes) builds the layer its tfjs() builds: for
// every case of the TF.js differential test, the printed call, evaluated with TF.js as `tf`,
// gives the same getConfig() (all but the name), or both make no layer, or both say TF.js cannot.
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, test } from 'vitest';
import { tsArgs } from '../../src/codegen/flat.js';
import { withCellPenalty } from '../../src/layers/recurrent.js';
import { cases } from './cases.js';
import { kindOf, resolve } from './helpers.js';

const withoutName = (config: Record<string, unknown>) => {
  const { name: _, ...rest } = config;
  return rest;
};

describe("ts() and tfjs() build the same layer", () => {
  test.each(cases.map((c) => [`${c.kind} ${JSON.stringify(c.attrs ?? {})} on ${c.inputs.map((s) => s.join('x')).join(', ')}`, c] as const))('%s', (_, c) => {
    const kind = kindOf(c.kind);
    const attrs = resolve(c.kind, c.attrs);
    const input = c.inputs[0]!;
    const code = kind.ts!({ args: tsArgs(kind, attrs), input });
    const why = kind.tfjsUnsupported?.(input, attrs);
    if (why) {
      expect(code).toBe(`unsupported(${JSON.stringify(why)})`);
      return;
    }
    const built = kind.tfjs!(tfl, attrs, 'layer', input);
    if (code === null) {
      expect(built).toBeNull();
      return;
    }
    // Generated modules define withCellPenalty (recurrent layers with a kernel penalty) as recurrent.ts does.
    const layer = new Function('tf', 'withCellPenalty', `return ${code};`)({ layers: tfl.layers, regularizers: tfl.regularizers }, withCellPenalty) as typeof built;
    expect(layer!.getClassName()).toBe(built!.getClassName());
    expect(withoutName(layer!.getConfig())).toEqual(withoutName(built!.getConfig()));
  });
});
