// Run folders are untrusted input: nnc eval, nnc predict and nnc train --resume check every file
// they read and report a damaged or edited one in one line naming the file and what is wrong
// (exit 1, never an internal error), and leave the folder exactly as it was.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { nnc, tmpDir } from './helpers.js';

let dir: string;
let good: string;
const SPEC = 'model m {\n  input(2)\n  dense(8) + relu\n  dense(2) + softmax\n  train {\n    optimizer: adam(lr = 0.05)\n'
  + '    loss: sparse_categorical_crossentropy\n    epochs: 3\n    batch: 8\n  }\n}\n';
// dense: 2x8 + 8, dense_1: 8x2 + 2 = 42 float32 values.
const WEIGHT_BYTES = 168;

beforeAll(async () => {
  dir = tmpDir('runfolder');
  const rows = ['a,b,label'];
  for (let i = 0; i < 60; i++) rows.push(i % 2 ? `${1 + (i % 5) / 10},0.1,big` : `0.1,${1 + (i % 3) / 10},small`);
  fs.writeFileSync(path.join(dir, 'data.csv'), rows.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'spec.nn'), SPEC);
  const t = await nnc('train', path.join(dir, 'spec.nn'), '--data', path.join(dir, 'data.csv'), '--quiet', '--format', 'json', '--out', path.join(dir, 'runs'));
  expect(t.code).toBe(0);
  good = JSON.parse(t.out).models[0].runs[0].dir;
}, 60_000);

let copies = 0;
/** A copy of the good run folder with `edit` applied. */
function damaged(edit: (d: string) => void, from = good): string {
  const d = path.join(dir, `copy-${copies++}`);
  fs.cpSync(from, d, { recursive: true });
  edit(d);
  return d;
}
const edit = (file: string, change: (text: string) => string) => fs.writeFileSync(file, change(fs.readFileSync(file, 'utf8')));
const editJson = (file: string, change: (json: any) => void) => edit(file, (t) => {
  const json = JSON.parse(t);
  change(json);
  return JSON.stringify(json, null, 2);
});

/** Every file under `d` with a hash of its bytes. */
function snapshot(d: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(d, { recursive: true, withFileTypes: true })) {
    const p = path.join(f.parentPath, f.name);
    if (f.isFile()) out[path.relative(d, p)] = createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    else if (!f.isDirectory()) out[path.relative(d, p)] = 'special';
  }
  return out;
}

/** Runs nnc on a run folder: it must fail with exit 1 and this one line, and change nothing. */
async function fails(d: string, argv: string[], message: string | RegExp): Promise<void> {
  const before = snapshot(d);
  const r = await nnc(...argv);
  expect(r.code).toBe(1);
  const lines = r.err.trim().split('\n');
  expect(lines.at(-1)).toEqual(typeof message === 'string' ? `nnc: error: ${message}` : expect.stringMatching(message));
  expect(r.err).not.toMatch(/internal error|at .*\.(ts|js):\d+/);
  expect(snapshot(d)).toEqual(before);
}
const evalOf = (d: string) => ['eval', d, '--data', path.join(dir, 'data.csv')];
const predictOf = (d: string) => {
  fs.writeFileSync(path.join(dir, 'new.csv'), 'a,b\n1.5,0.1\n0.1,1.2\n');
  return ['predict', d, path.join(dir, 'new.csv')];
};
/** 1-based line and column of the end of `text`. */
const endOf = (text: string) => ({ line: text.split('\n').length, column: text.split('\n').at(-1)!.length + 1 });

describe('weights.bin', () => {
  test('truncated, empty, missing, too long or not a regular file', async () => {
    const trunc = damaged((d) => fs.truncateSync(path.join(d, 'weights.bin'), 50));
    await fails(trunc, evalOf(trunc), `${trunc}/weights.bin: 50 bytes, but model.json's weights need ${WEIGHT_BYTES} (the file is truncated or damaged)`);
    await fails(trunc, predictOf(trunc), `${trunc}/weights.bin: 50 bytes, but model.json's weights need ${WEIGHT_BYTES} (the file is truncated or damaged)`);
    const empty = damaged((d) => fs.writeFileSync(path.join(d, 'weights.bin'), ''));
    await fails(empty, evalOf(empty), `${empty}/weights.bin: the file is empty, but model.json's weights need ${WEIGHT_BYTES} bytes`);
    const missing = damaged((d) => fs.rmSync(path.join(d, 'weights.bin')));
    await fails(missing, predictOf(missing), `${missing}/weights.bin: no such file (model.json's weights need ${WEIGHT_BYTES} bytes)`);
    const long = damaged((d) => fs.appendFileSync(path.join(d, 'weights.bin'), Buffer.alloc(8)));
    await fails(long, evalOf(long), `${long}/weights.bin: ${WEIGHT_BYTES + 8} bytes, 8 more than model.json's weights need (${WEIGHT_BYTES})`);
    const fifo = damaged((d) => {
      fs.rmSync(path.join(d, 'weights.bin'));
      execFileSync('mkfifo', [path.join(d, 'weights.bin')]);
    });
    await fails(fifo, evalOf(fifo), `${fifo}/weights.bin: not a regular file`);
  });
});

describe('model.json', () => {
  test('truncated or empty: not valid JSON, with the line and column', async () => {
    let cut = '';
    const trunc = damaged((d) => edit(path.join(d, 'model.json'), (t) => (cut = t.slice(0, t.indexOf('"units":8') + '"units":8'.length))));
    const at = endOf(cut);
    await fails(trunc, evalOf(trunc), `${trunc}/model.json:${at.line}:${at.column}: not valid JSON (Expected ',' or '}' after property value); the file is damaged or truncated`);
    const empty = damaged((d) => fs.writeFileSync(path.join(d, 'model.json'), ''));
    await fails(empty, predictOf(empty), `${empty}/model.json: the file is empty`);
    const token = damaged((d) => edit(path.join(d, 'model.json'), (t) => t.replace('"units":8', '"units":}')));
    const column = fs.readFileSync(path.join(token, 'model.json'), 'utf8').indexOf('"units":}') + '"units":}'.length;
    await fails(token, evalOf(token), `${token}/model.json:1:${column}: not valid JSON (Unexpected token '}'); the file is damaged or truncated`);
  });

  test('units changed so they no longer match the weights', async () => {
    const units = damaged((d) => edit(path.join(d, 'model.json'), (t) => t.replace('"units":8', '"units":16')));
    const message = `${units}/model.json: layer 'dense' outputs 16, but in the run's model (the IR in run.json) 8`;
    await fails(units, evalOf(units), message);
    await fails(units, predictOf(units), message);
  });

  test('weights whose shapes or names are not the recorded model\'s', async () => {
    const shape = damaged((d) => editJson(path.join(d, 'model.json'), (j) => { j.weightsManifest[0].weights[0].shape = [2, 16]; }));
    await fails(shape, evalOf(shape), `${shape}/model.json: weight 'dense/kernel' has shape 2x16, but the run's model (the IR in run.json) has 2x8`);
    const renamed = damaged((d) => editJson(path.join(d, 'model.json'), (j) => { j.weightsManifest[0].weights[1].name = 'dense/beta'; }));
    await fails(renamed, evalOf(renamed), `${renamed}/model.json: weight 'dense/beta' is not in the run's model (the IR in run.json)`);
    const dropped = damaged((d) => editJson(path.join(d, 'model.json'), (j) => { j.weightsManifest[0].weights.pop(); }));
    await fails(dropped, evalOf(dropped), `${dropped}/model.json: weight 'dense_1/bias' of the run's model (the IR in run.json) is missing`);
    const elsewhere = damaged((d) => editJson(path.join(d, 'model.json'), (j) => { j.weightsManifest[0].paths = ['../../../etc/passwd']; }));
    await fails(elsewhere, evalOf(elsewhere), `${elsewhere}/model.json: weightsManifest[0].paths must be ["weights.bin"], not ["../../../etc/passwd"]`);
  });

  test('valid JSON that is not a TF.js layers model', async () => {
    const array = damaged((d) => fs.writeFileSync(path.join(d, 'model.json'), '[]'));
    await fails(array, evalOf(array), `${array}/model.json: not a TF.js layers model: the top level must be object`);
    const dtype = damaged((d) => editJson(path.join(d, 'model.json'), (j) => { j.weightsManifest[0].weights[0].dtype = 'string'; }));
    await fails(dtype, evalOf(dtype), `${dtype}/model.json: not a TF.js layers model: weightsManifest[0].weights[0].dtype must be equal to one of the allowed values`);
    const layer = damaged((d) => edit(path.join(d, 'model.json'), (t) => t.replace('"class_name":"Dense"', '"class_name":"Nonsense"')));
    await fails(layer, evalOf(layer), new RegExp(`^nnc: error: ${layer}/model\\.json: modelTopology is not a model TF\\.js can build \\(.*Nonsense.*\\)$`));
  });
});

describe('run.json', () => {
  test('missing, truncated or with a syntax error: the file and where', async () => {
    const missing = damaged((d) => fs.rmSync(path.join(d, 'run.json')));
    await fails(missing, evalOf(missing), `${missing}/run.json: no such file, so this is not a run folder (give a folder made by nnc train)`);
    let cut = '';
    const trunc = damaged((d) => edit(path.join(d, 'run.json'), (t) => (cut = t.slice(0, 1000))));
    const end = endOf(cut);
    await fails(trunc, predictOf(trunc), new RegExp(`^nnc: error: ${trunc}/run\\.json:${end.line}:${end.column}: not valid JSON \\(.+\\); the file is damaged or truncated$`));
    const token = damaged((d) => edit(path.join(d, 'run.json'), (t) => t.replace('"status": "done"', '"status": ]')));
    const lines = fs.readFileSync(path.join(token, 'run.json'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('"status": ]'));
    await fails(token, evalOf(token), `${token}/run.json:${line + 1}:${lines[line]!.indexOf(']') + 1}: not valid JSON (Unexpected token ']'); the file is damaged or truncated`);
  });

  test('keys of the wrong type, a recorded model that does not fit its data or its weights', async () => {
    const classes = damaged((d) => editJson(path.join(d, 'run.json'), (j) => { j.data.classes = 'big'; }));
    await fails(classes, evalOf(classes), `${classes}/run.json: not a run record: data.classes must be array`);
    const noIr = damaged((d) => editJson(path.join(d, 'run.json'), (j) => { delete j.ir; }));
    await fails(noIr, predictOf(noIr), `${noIr}/run.json: not a run record: the top level must have required property 'ir'`);
    const three = damaged((d) => editJson(path.join(d, 'run.json'), (j) => { j.data.classes.push('huge'); }));
    await fails(three, evalOf(three), `${three}/run.json: the recorded model and data do not fit together: model m ends in 2 units but 'data.csv' has 3 classes (big, small, huge); make its last layer dense(3)`
      .replace("'data.csv'", `'${path.join(dir, 'data.csv')}'`));
    const ir = damaged((d) => editJson(path.join(d, 'run.json'), (j) => { j.ir.nodes[2].weights[0].shape = [16, 2]; }));
    await fails(ir, evalOf(ir), `${ir}/model.json: weight 'dense_1/kernel' has shape 8x2, but the run's model (the IR in run.json) has 16x2`);
    const badIr = damaged((d) => editJson(path.join(d, 'run.json'), (j) => { j.ir.output = 'n9'; }));
    await fails(badIr, evalOf(badIr), `${badIr}/run.json: the recorded model is not valid IR: ir.output output 'n9' is not a node`);
  });

  test('not a folder at all', async () => {
    const r = await nnc(...evalOf(path.join(dir, 'nowhere')));
    expect(r.code).toBe(1);
    expect(r.err).toBe(`nnc: error: '${path.join(dir, 'nowhere')}' is not a run folder: no such folder (give a folder made by nnc train)\n`);
    const f = await nnc('predict', path.join(dir, 'data.csv'), path.join(dir, 'data.csv'));
    expect(f.code).toBe(1);
    expect(f.err).toBe(`nnc: error: '${path.join(dir, 'data.csv')}' is not a run folder: it is a file (give a folder made by nnc train)\n`);
  });
});

/** The good run made resumable: killed after its 3rd of 5 epochs. */
function resumable(d: string): void {
  editJson(path.join(d, 'run.json'), (j) => {
    j.status = 'running';
    j.train.epochs = 5;
    delete j.test;
    delete j.finished;
  });
  for (const f of ['model.json', 'weights.bin', 'plot.svg']) fs.rmSync(path.join(d, f));
}

describe('train --resume', () => {
  test('damaged checkpoint files stop it before anything is written', async () => {
    const base = damaged(resumable);
    const ckpt = (d: string) => path.join(d, 'checkpoint');
    const latest = damaged((d) => fs.writeFileSync(path.join(ckpt(d), 'latest.json'), '{"epoch":3,'), base);
    await fails(latest, ['train', '--resume', latest], `${ckpt(latest)}/latest.json:1:12: not valid JSON (Expected double-quoted property name); the file is damaged or truncated`);
    const escape = damaged((d) => fs.writeFileSync(path.join(ckpt(d), 'latest.json'), '{"epoch":3,"dir":"../../.."}'), base);
    await fails(escape, ['train', '--resume', escape], `${ckpt(escape)}/latest.json: dir must be 'epoch-0003' for epoch 3, not '../../..'`);
    const late = damaged((d) => fs.writeFileSync(path.join(ckpt(d), 'latest.json'), '{"epoch":9,"dir":"epoch-0009"}'), base);
    await fails(late, ['train', '--resume', late], `${ckpt(late)}/latest.json: epoch 9, but the run has 5 epochs (run.json)`);
    const gone = damaged((d) => fs.rmSync(path.join(ckpt(d), 'epoch-0003'), { recursive: true }), base);
    await fails(gone, ['train', '--resume', gone], `${ckpt(gone)}/epoch-0003: no such folder (${ckpt(gone)}/latest.json points at it)`);
    const state = damaged((d) => editJson(path.join(ckpt(d), 'epoch-0003', 'state.json'), (j) => { j.epochs.pop(); }), base);
    await fails(state, ['train', '--resume', state], `${ckpt(state)}/epoch-0003/state.json: records epochs [1,2], but the checkpoint is after epoch 3`);
    const weights = damaged((d) => fs.truncateSync(path.join(ckpt(d), 'epoch-0003', 'weights.bin'), 100), base);
    await fails(weights, ['train', '--resume', weights], new RegExp(`^nnc: error: ${ckpt(weights)}/epoch-0003/weights\\.bin: 100 bytes, but model\\.json's weights need \\d+ \\(the file is truncated or damaged\\)$`));
    const units = damaged((d) => edit(path.join(ckpt(d), 'epoch-0003', 'model.json'), (t) => t.replace('"units":8', '"units":16')), base);
    await fails(units, ['train', '--resume', units], `${ckpt(units)}/epoch-0003/model.json: layer 'dense' outputs 16, but in the run's model (the IR in run.json) 8`);
    const run = damaged((d) => edit(path.join(d, 'run.json'), (t) => t.slice(0, 500)), base);
    await fails(run, ['train', '--resume', run], new RegExp(`^nnc: error: ${run}/run\\.json:\\d+:\\d+: not valid JSON`));
  });
});

describe('train --resume from any working folder', () => {
  test('run.json records the data\'s absolute path and the working folder; older records say where to resume from', async () => {
    const start = fs.realpathSync(fs.mkdtempSync(path.join(dir, 'start-')));
    const elsewhere = fs.realpathSync(fs.mkdtempSync(path.join(dir, 'elsewhere-')));
    fs.copyFileSync(path.join(dir, 'data.csv'), path.join(start, 'data.csv'));
    fs.writeFileSync(path.join(start, 'spec.nn'), SPEC);
    const cwd = process.cwd();
    let runDir = '';
    try {
      process.chdir(start);
      const t = await nnc('train', 'spec.nn', '--data', 'data.csv', '--quiet', '--format', 'json', '--out', 'runs');
      expect(t.code).toBe(0);
      runDir = path.resolve(JSON.parse(t.out).models[0].runs[0].dir);
    } finally {
      process.chdir(cwd);
    }
    const record = JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8'));
    expect(record.cwd).toBe(start);
    expect(record.data).toMatchObject({ spec: 'data.csv', path: path.join(start, 'data.csv'), label: 'label', delimiter: ',', features: ['a', 'b'] });
    resumable(runDir);
    const old = damaged((d) => editJson(path.join(d, 'run.json'), (j) => {
      delete j.cwd;
      delete j.data.path;
    }), runDir);
    const cwdOnly = damaged((d) => editJson(path.join(d, 'run.json'), (j) => { delete j.data.path; }), runDir);
    try {
      process.chdir(elsewhere);
      const r = await nnc('train', '--resume', runDir, '--format', 'json');
      expect(r.code).toBe(0);
      expect(r.err).toContain(`resuming ${runDir} after epoch 3 of 5`);
      const after = JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8'));
      expect(after.status).toBe('done');
      expect(after.epochs.map((e: { epoch: number }) => e.epoch)).toEqual([1, 2, 3, 4, 5]);
      expect(after.cwd).toBe(start);
      expect(after.data).toMatchObject({ spec: 'data.csv', path: path.join(start, 'data.csv'), train: 48, test: 12 });
      // A record with the working folder but not the data's path: the data is found from it.
      const c = await nnc('train', '--resume', cwdOnly, '--quiet', '--format', 'json');
      expect(c.code).toBe(0);
      expect(JSON.parse(fs.readFileSync(path.join(cwdOnly, 'run.json'), 'utf8')).data.path).toBe(path.join(start, 'data.csv'));
      // A record without either: only from the folder the run started in.
      const o2 = await nnc('train', '--resume', old);
      expect([o2.code, o2.err]).toEqual([2, `nnc: error: ${old}/run.json gives the data as 'data.csv', relative to the folder the run was started in, which it does not record; resume from that folder\n`]);
      process.chdir(start);
      const o = await nnc('train', '--resume', old, '--quiet', '--format', 'json');
      expect(o.code).toBe(0);
      expect(JSON.parse(fs.readFileSync(path.join(old, 'run.json'), 'utf8')).epochs).toHaveLength(5);
    } finally {
      process.chdir(cwd);
    }
  });

  test('data that changed since the run started stops it before anything is written', async () => {
    const copy = path.join(dir, 'changed.csv');
    fs.copyFileSync(path.join(dir, 'data.csv'), copy);
    const d = damaged((x) => {
      resumable(x);
      editJson(path.join(x, 'run.json'), (j) => { j.data.path = copy; });
    });
    fs.appendFileSync(copy, '1.1,0.1,big\n0.1,1.1,small\n1.2,0.1,big\n0.1,1.2,small\n1.3,0.1,big\n');
    await fails(d, ['train', '--resume', d], `the data '${copy}' has changed since the run started: 52 training samples, not 48; the run cannot continue on it`);
    fs.appendFileSync(copy, '1.1,0.1,huge\n');
    await fails(d, ['train', '--resume', d], `the data '${copy}' has changed since the run started: its classes are big, huge, small, not big, small; the run cannot continue on it`);
  });
});
