// The language server on experiments: hovering an experiment's name shows its size and variants,
// and the names it uses resolve to the models they name.
import { expect, test } from 'vitest';
import { hoverAt } from '../../src/lsp/info.js';
import { occurrences } from '../../src/lsp/names.js';
import { compileText } from '../helpers.js';

const SPEC = `model m(act = relu) {
  input(4)
  dense(2) + act
  train { loss: mse }
}
experiment m {
  models: m
  grid { act: relu, tanh, sigmoid; batch: 8, 16, 32 }
  data: "shapes:40"
  runs: 2
}
`;

test('hover on an experiment name and the names in it', () => {
  const result = compileText(SPEC);
  const source = result.files.get('main.nn')!;
  const names = occurrences(source);
  const analysis = { result, facts: undefined, names: new Map([['main.nn', names]]) };
  const at = SPEC.indexOf('experiment m') + 'experiment '.length;
  expect(hoverAt(analysis, 'main.nn', at)).toBe([
    '**experiment m**', '', '9 variants × 2 runs = 18 runs on shapes:40', '',
    '- m act=relu batch=8', '- m act=relu batch=16', '- m act=relu batch=32', '- m act=tanh batch=8',
    '- m act=tanh batch=16', '- m act=tanh batch=32', '- m act=sigmoid batch=8', '- m act=sigmoid batch=16', '- … 1 more',
  ].join('\n'));
  // The experiment's name is its own; `models: m` names the model.
  const own = names.find((o) => o.span.start === at)!;
  expect(own).toMatchObject({ name: 'm', declaration: true });
  expect(own.target).toBeUndefined();
  const use = names.find((o) => o.span.start === SPEC.indexOf('models: m') + 'models: '.length)!;
  expect(use).toMatchObject({ name: 'm', declaration: false, target: 'main.nn\0m' });
});
