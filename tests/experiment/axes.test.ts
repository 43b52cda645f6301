// A model parameter that feeds the train setting of the same name (hw4's `batch: batch`) is one
// axis of the report, so variants that differ only in it are compared.
import { expect, test } from 'vitest';
import { analyse } from '../../src/experiment/report/index.js';
import { results, run, variant } from './fixture.js';

test('a parameter equal to its train setting is one axis', () => {
  const runs = [run(1, 0.9, 0.3), run(2, 0.8, 0.4)];
  const r = results([
    variant('mlp batch=32', 'mlp', runs, { batch: 32 }, { batch: 32 }),
    variant('mlp batch=1', 'mlp', runs, { batch: 1 }, { batch: 1 }),
  ]);
  expect(analyse(r).axes).toEqual([{ name: 'batch', values: [32, 1] }]);
  // A train setting that differs from the parameter of its name is still an axis of its own.
  const other = results([
    variant('m w=1', 'm', runs, { batch: 4 }, { batch: 32 }),
    variant('m w=2', 'm', runs, { batch: 8 }, { batch: 16 }),
  ]);
  expect(analyse(other).axes.map((a) => a.name)).toEqual(['batch', 'train.batch']);
});
