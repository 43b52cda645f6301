// CSV data through the command line: --label and --delimiter, a label column that is missing or
// holds one huge number, evaluation data with fewer classes than the run, prediction from
// columns in another order.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { nnc, tmpDir } from './helpers.js';

let dir: string;
let spec: string;
let run: string;

const SPEC = 'model m {\n  input(2)\n  dense(8) + relu\n  dense(2) + softmax\n  train {\n    optimizer: adam(lr = 0.05)\n'
  + '    loss: sparse_categorical_crossentropy\n    epochs: 20\n    batch: 8\n  }\n}\n';
const write = (name: string, text: string) => {
  fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};
/** 60 rows, `big` when a is large, `small` when b is; `sep` between cells. */
const rows = (sep: string, header = `a${sep}b${sep}label`) => [header, ...Array.from({ length: 60 }, (_, i) =>
  (i % 2 ? [`${1 + (i % 5) / 10}`, '0.1', 'big'] : ['0.1', `${1 + (i % 3) / 10}`, 'small']).join(sep))].join('\n') + '\n';

beforeAll(async () => {
  dir = tmpDir('datacli');
  spec = write('spec.nn', SPEC);
  const t = await nnc('train', spec, '--data', write('data.csv', rows(';')), '--quiet', '--format', 'json', '--out', path.join(dir, 'runs'));
  expect(t.code).toBe(0);
  run = JSON.parse(t.out).models[0].runs[0].dir;
  expect(JSON.parse(t.out).models[0].runs[0].accuracy).toBe(1);
}, 60_000);

describe('labels', () => {
  test('one row labelled 999999999 is one class, not a billion', async () => {
    const f = write('huge.csv', 'a,b,label\n1,2,999999999\n');
    const r = await nnc('train', spec, '--data', f, '--quiet');
    expect([r.code, r.err]).toEqual([1, `nnc: error: model m ends in 2 units but '${f}' has 1 class (999999999); make its last layer dense(1)\n`]);
  });

  test('a missing label column is an error; --label names another', async () => {
    const f = write('kind.csv', rows(',', 'a,b,kind'));
    const r = await nnc('train', spec, '--data', f, '--quiet');
    expect([r.code, r.err]).toEqual([1, `nnc: error: ${f}:1: no 'label' column (columns: 'a', 'b', 'kind'); name the column that holds the classes with --label NAME\n`]);
    const named = await nnc('train', spec, '--data', f, '--label', 'kind', '--epochs', '1', '--quiet', '--format', 'json', '--out', path.join(dir, 'kind'));
    expect(named.code).toBe(0);
    const record = JSON.parse(fs.readFileSync(path.join(JSON.parse(named.out).models[0].runs[0].dir, 'run.json'), 'utf8'));
    expect(record.data).toMatchObject({ label: 'kind', delimiter: ',', features: ['a', 'b'], classes: ['big', 'small'], train: 48, test: 12 });
  });

  test('the class names are recorded; predict prints them', async () => {
    const record = JSON.parse(fs.readFileSync(path.join(run, 'run.json'), 'utf8'));
    expect(record.data).toMatchObject({ label: 'label', delimiter: ';', features: ['a', 'b'], classes: ['big', 'small'] });
    const p = await nnc('predict', run, write('new.csv', 'a;b\n1.5;0.1\n0.1;1.2\n'));
    expect(p.code).toBe(0);
    expect(p.out.split('\n').slice(1, 3).map((l) => l.split(/\s+/).slice(0, 2))).toEqual([[`${path.join(dir, 'new.csv')}:2`, 'big'], [`${path.join(dir, 'new.csv')}:3`, 'small']]);
  });
});

describe('--delimiter', () => {
  test('is used as given; a bad one is a usage error', async () => {
    // The header line has more ',' than ';': without --delimiter it reads as one column.
    const f = write('semi.csv', rows(';', 'a;b;label,x,y'));
    const r = await nnc('train', spec, '--data', f, '--quiet');
    expect([r.code, r.err]).toEqual([1, `nnc: error: ${f}:1: no 'label' column (columns: 'a;b;label', 'x', 'y'); name the column that holds the classes with --label NAME\n`]);
    const given = await nnc('train', spec, '--data', f, '--delimiter', ';', '--label', 'label,x,y', '--epochs', '1', '--quiet', '--out', path.join(dir, 'semi'));
    expect(given.code).toBe(0);
    const bad = await nnc('train', spec, '--data', f, '--delimiter', 'ab');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("option '--delimiter <char>' argument 'ab' is invalid. expected one character, such as ',' or ';', or 'tab'");
  });
});

describe('evaluation and prediction data', () => {
  test('evaluation data with fewer classes is numbered as the run\'s classes; an unknown class is an error', async () => {
    const small = write('small.csv', ['a,b,label', ...Array.from({ length: 10 }, (_, i) => `0.1,${1 + (i % 3) / 10},small`)].join('\n'));
    const r = await nnc('eval', run, '--data', small, '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ samples: 2, accuracy: 1 });
    const huge = write('unknown.csv', 'a,b,label\n1,2,huge\n');
    const u = await nnc('eval', run, '--data', huge);
    expect([u.code, u.err]).toEqual([1, `nnc: error: '${huge}' has class 'huge', which the run was not trained on (its classes: big, small)\n`]);
  });

  test('predict picks the trained columns by name, whatever their order; a missing one is an error', async () => {
    const ab = await nnc('predict', run, write('ab.csv', 'a,b\n1.5,0.1\n0.1,1.2\n'), '--format', 'json');
    const ba = await nnc('predict', run, write('ba.csv', 'label,b,a\n?,0.1,1.5\n?,1.2,0.1\n'), '--format', 'json');
    expect(ab.code).toBe(0);
    expect(ba.code).toBe(0);
    const strip = (out: string) => JSON.parse(out).predictions.map((p: { class: string; probability: number }) => [p.class, p.probability]);
    expect(strip(ba.out)).toEqual(strip(ab.out));
    expect(strip(ab.out).map((p: [string, number]) => p[0])).toEqual(['big', 'small']);
    const f = write('c.csv', 'a,c\n1,2\n');
    const m = await nnc('predict', run, f);
    expect([m.code, m.err]).toEqual([1, `nnc: error: ${f}:1: no column 'b', which the model was trained on (columns: 'a', 'c')\n`]);
  });
});
