// `nnc run` end to end on a tiny experiment: the folders, seeds and variants of results.json, a
// rerun that trains nothing, usage errors, and an experiment killed with SIGKILL that, run again,
// ends with the same numbers as an uninterrupted one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildCli, nnc, spawnCli, tmpDir } from '../runtime/helpers.js';
import type { ExperimentResults } from '../../src/experiment/types.js';

const SPEC = `model net(act = relu, w = 8) {
  input(28, 28, 1)
  flatten
  dense(w) + act
  dense(10) + softmax
  train {
    optimizer: adam(lr = 0.01)
    loss: sparse_categorical_crossentropy
    batch: 32
    epochs: 2
  }
}

experiment tiny {
  models: net
  grid {
    act: relu, tanh
    batch: 16, 32
  }
  data: mnist
  runs: 2
}
`;

const readJson = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function specIn(dir: string, text = SPEC): string {
  const file = path.join(dir, 'tiny.nn');
  fs.writeFileSync(file, text);
  return file;
}

/** The numbers of results.json that training decides (not times, dates or folders). */
function numbers(r: ExperimentResults) {
  return r.variants.map((v) => ({
    label: v.label,
    runs: v.runs.map((run) => ({ seed: run.seed, test: run.test, epochs: run.epochs.map((e) => ({ loss: e.loss, accuracy: e['accuracy'], valLoss: e.valLoss })) })),
  }));
}

/** Same structure, and every number equal to 5 decimals. */
function expectClose(a: unknown, b: unknown): void {
  const leaves = (x: unknown, at: string, out: [string, unknown][]): [string, unknown][] => {
    if (x !== null && typeof x === 'object') for (const [k, v] of Object.entries(x)) leaves(v, `${at}/${k}`, out);
    else out.push([at, x]);
    return out;
  };
  const la = leaves(a, '', []);
  const lb = leaves(b, '', []);
  expect(la.map(([k]) => k)).toEqual(lb.map(([k]) => k));
  la.forEach(([k, v], i) => {
    const w = lb[i]![1];
    if (typeof v === 'number' && typeof w === 'number') expect(v, k).toBeCloseTo(w, 5);
    else expect(v, k).toEqual(w);
  });
}

describe('nnc run', () => {
  test('trains every variant x seed into its folder and writes results.json and the report', async () => {
    const dir = tmpDir('run');
    const spec = specIn(dir);
    const out = path.join(dir, 'out');
    const args = ['run', spec, '--limit', '200', '--epochs', '1', '--backend', 'cpu', '--quiet', '--out', out];
    const r = await nnc(...args);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('tiny: 4 variants x 2 runs = 8 runs on mnist (200 training samples), backend cpu');
    expect(r.err).toMatch(/to do: 8 runs; estimated time \d+ (s|min \d+ s) \(measured [\d.–]+ GFLOP\/s at batch 16, [\d.–]+ GFLOP\/s at batch 32\)/);
    const root = path.join(out, 'tiny');
    const folders = ['net_act=relu_batch=16', 'net_act=relu_batch=32', 'net_act=tanh_batch=16', 'net_act=tanh_batch=32'];
    expect(fs.readdirSync(root).sort()).toEqual([...folders, 'report'].sort());
    expect(fs.readdirSync(path.join(root, 'report'))).toEqual(expect.arrayContaining(['report.html', 'report.md', 'results.json']));
    const results = readJson(path.join(root, 'report', 'results.json')) as ExperimentResults;
    expect(results).toMatchObject({ name: 'tiny', file: spec, data: 'mnist', runs: 2, backend: 'cpu' });
    expect(results.variants.map((v) => [v.label, v.args, v.settings])).toEqual([
      ['net act=relu batch=16', { act: 'relu', batch: 16 }, { epochs: 1, batch: 16, lr: 0.01 }],
      ['net act=relu batch=32', { act: 'relu', batch: 32 }, { epochs: 1, batch: 32, lr: 0.01 }],
      ['net act=tanh batch=16', { act: 'tanh', batch: 16 }, { epochs: 1, batch: 16, lr: 0.01 }],
      ['net act=tanh batch=32', { act: 'tanh', batch: 32 }, { epochs: 1, batch: 32, lr: 0.01 }],
    ]);
    // 784 * 8 + 8 + 8 * 10 + 10 parameters; MACs without bias adds.
    expect(results.variants[0]!.static).toEqual({ params: 6_370, trainable: 6_370, nonTrainable: 0, macs: 6_352, flops: 12_704 });
    for (const [k, v] of results.variants.entries()) {
      expect(v.runs.map((run) => [run.seed, run.dir])).toEqual([1, 2].map((s) => [s, path.join('..', folders[k]!, `seed-${s}`)]));
      for (const run of v.runs) {
        const record = readJson(path.join(root, 'report', run.dir, 'run.json'));
        expect(record).toMatchObject({ status: 'done', seed: run.seed, model: 'net', train: { epochs: 1, batch: v.settings.batch } });
        expect(record.test.accuracy).toBe(run.test.accuracy);
        expect(run.epochs).toHaveLength(1);
      }
    }
    // The two seeds of a variant are different runs.
    expect(results.variants[0]!.runs[0]!.test.loss).not.toBe(results.variants[0]!.runs[1]!.test.loss);
    expect(r.out.split('\n')[0]).toMatch(/^variant\s+runs\s+accuracy\s+loss$/);
    expect(r.out.trim().split('\n')).toHaveLength(5);
    expect(r.err).toContain(`report: ${path.join(root, 'report', 'report.md')}`);
    expect(fs.readFileSync(path.join(root, 'report', 'report.md'), 'utf8')).toContain('net act=tanh batch=32');

    // The same command again trains nothing and gives the same results.
    const stamp = readJson(path.join(root, folders[0]!, 'seed-1', 'run.json')).finished;
    const again = await nnc(...args, '--format', 'json');
    expect(again.code, again.err).toBe(0);
    expect(again.err).toContain('every run has finished already; writing the report');
    expect(readJson(path.join(root, folders[0]!, 'seed-1', 'run.json')).finished).toBe(stamp);
    expect(numbers(JSON.parse(again.out))).toEqual(numbers(results));
    // The report keeps the times of the invocation that trained.
    const { started, finished, estimateSeconds, elapsedSeconds } = JSON.parse(again.out) as ExperimentResults;
    expect({ started, finished, estimateSeconds, elapsedSeconds }).toEqual({ started: results.started, finished: results.finished, estimateSeconds: results.estimateSeconds, elapsedSeconds: results.elapsedSeconds });
    expect(estimateSeconds).toBeGreaterThan(0);
    // Without the last results.json, the span of the runs' own times, and no estimate.
    fs.rmSync(path.join(root, 'report', 'results.json'));
    const bare = JSON.parse((await nnc(...args, '--format', 'json')).out) as ExperimentResults;
    const records = folders.flatMap((f) => [1, 2].map((seed) => readJson(path.join(root, f, `seed-${seed}`, 'run.json'))));
    expect([bare.started, bare.finished, bare.estimateSeconds]).toEqual([records.map((x) => x.started).sort()[0], records.map((x) => x.finished).sort().at(-1), undefined]);
    expect(fs.readFileSync(path.join(root, 'report', 'report.md'), 'utf8')).not.toContain('**Time:**');

    // More runs reuse the finished ones and train only the new seeds.
    const more = await nnc(...args, '--runs', '3');
    expect(more.code, more.err).toBe(0);
    expect(more.err).toContain('to do: 4 runs (8 done already)');
    const three = readJson(path.join(root, 'report', 'results.json')) as ExperimentResults;
    expect(three.variants.map((v) => v.runs.map((run) => run.seed))).toEqual([[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]]);
    expect(numbers(three).map((v) => v.runs.slice(0, 2))).toEqual(numbers(results).map((v) => v.runs));
  }, 240_000);

  test("a data file named in the experiment is found next to the spec, whatever the working folder", async () => {
    const dir = tmpDir('run-csv');
    const rows = ['a,b,label', ...Array.from({ length: 40 }, (_, i) => `${i % 5},${(i * 3) % 7},${i % 2}`)];
    fs.writeFileSync(path.join(dir, 'points.csv'), rows.join('\n') + '\n');
    const spec = specIn(dir, `model p(units = 4) {
  input(2)
  dense(units) + relu
  dense(2) + softmax
  train { loss: sparse_categorical_crossentropy; epochs: 1; batch: 8 }
}
experiment small {
  models: p
  grid { units: 2, 4 }
  data: "points.csv"
}
`);
    const r = await nnc('run', spec, '--backend', 'cpu', '--quiet', '--out', path.join(dir, 'out'), '--format', 'json');
    expect(r.code, r.err).toBe(0);
    const results = JSON.parse(r.out) as ExperimentResults;
    expect(results.data).toBe(path.join(dir, 'points.csv'));
    expect(results.variants.map((v) => [v.label, v.runs.length, v.static.params])).toEqual([['p units=2', 1, 2 * 2 + 2 + 2 * 2 + 2], ['p units=4', 1, 2 * 4 + 4 + 4 * 2 + 2]]);
    expect(results.variants.map((v) => v.settings.batch)).toEqual([8, 8]);

    // --batch overrides every variant's batch size; runs trained with another size are trained again.
    const b = await nnc('run', spec, '--backend', 'cpu', '--quiet', '--out', path.join(dir, 'out'), '--format', 'json', '--batch', '3');
    expect(b.code, b.err).toBe(0);
    expect(b.err).toContain('to do: 2 runs;');
    expect(b.err).toMatch(/GFLOP\/s at batch 3\)/);
    expect((JSON.parse(b.out) as ExperimentResults).variants.map((v) => v.settings.batch)).toEqual([3, 3]);
    expect(readJson(path.join(dir, 'out', 'small', 'p_units=4', 'seed-1', 'run.json')).train.batch).toBe(3);
  });

  test('a diverged run is reported and kept, and the experiment goes on', async () => {
    const dir = tmpDir('run-nan');
    // Linear outputs, mse and a learning rate far too high (as in tests/runtime/reliability.test.ts).
    const rows = ['x1,x2,x3,x4,label'];
    for (let i = 0; i < 50; i++) rows.push(`${10 + (i % 7)},${-8 - (i % 3)},${9 + (i % 5)},${12 - (i % 4)},${i % 2}`);
    fs.writeFileSync(path.join(dir, 'data.csv'), rows.join('\n') + '\n');
    const spec = specIn(dir, `model blowup {
  input(4)
  dense(2)
  train { optimizer: sgd(lr = 0.01); loss: mse; batch: 4; epochs: 5; shuffle: false }
}
experiment e {
  models: blowup
  grid { lr: 0.01, 0.00001 }
  data: "data.csv"
}
`);
    const r = await nnc('run', spec, '--backend', 'cpu', '--quiet', '--out', path.join(dir, 'out'), '--format', 'json');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/\[1\/2\] the loss became (NaN|Infinity) in epoch \d+/);
    const results = JSON.parse(r.out);
    expect(results.variants.map((v: ExperimentResults['variants'][number]) => [v.label, v.runs.length])).toEqual([['blowup lr=0.01', 1], ['blowup lr=0.00001', 1]]);
    expect(results.variants[0].runs[0].test).toEqual({ accuracy: null, loss: null, dataLoss: null, penalty: 0 });
    expect(Number.isFinite(results.variants[1].runs[0].test.loss)).toBe(true);
    expect(readJson(path.join(dir, 'out', 'e', 'blowup_lr=0.01', 'seed-1', 'run.json')).status).toBe('diverged');
    // Diverged is finished: running again trains nothing.
    const again = await nnc('run', spec, '--backend', 'cpu', '--quiet', '--out', path.join(dir, 'out'));
    expect(again.err).toContain('every run has finished already');
  });

  test('usage errors: several experiments, an unknown one, none, no data', async () => {
    const dir = tmpDir('run-usage');
    const two = specIn(dir, SPEC + 'experiment other {\n  models: net\n}\n');
    let r = await nnc('run', two);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`nnc: error: ${two} declares 2 experiments; choose one with --experiment NAME: tiny, other\n`);
    r = await nnc('run', two, '--experiment', 'nope');
    expect(r.code).toBe(2);
    expect(r.err).toBe(`nnc: error: no experiment 'nope' in ${two}; experiments: tiny, other\n`);
    r = await nnc('run', two, '--experiment', 'other', '--out', path.join(dir, 'out'));
    expect(r.code).toBe(2);
    expect(r.err).toBe("nnc: error: experiment 'other' names no data; add 'data: ...' to it or give --data\n");
    r = await nnc('run', two, '--runs', '100000000');
    expect([r.code, r.err]).toEqual([2, "nnc: error: option '--runs <n>' argument '100000000' is invalid. expected an integer from 1 to 1,000\n"]);
    r = await nnc('run', two, '--epochs', '1000001');
    expect([r.code, r.err]).toEqual([2, "nnc: error: option '--epochs <n>' argument '1000001' is invalid. expected an integer from 1 to 1,000,000\n"]);
    const none = path.join(dir, 'none.nn');
    fs.writeFileSync(none, 'model m { input(4) }\n');
    r = await nnc('run', none);
    expect(r.code).toBe(2);
    expect(r.err).toContain('declares no experiment');
    const bad = path.join(dir, 'bad.nn');
    fs.writeFileSync(bad, 'model m { input(4) }\nexperiment e { models: m, x }\n');
    r = await nnc('run', bad);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${bad}:2:27 - error NN0107: unknown model 'x'`);
  });
});

describe('nnc run after SIGKILL', () => {
  let mainJs: string;
  beforeAll(() => {
    mainJs = buildCli();
  }, 120_000);

  test('skips the finished runs, resumes the unfinished one, and ends with the numbers of an uninterrupted run', async () => {
    const dir = tmpDir('run-kill');
    const spec = specIn(dir, SPEC.replace('batch: 16, 32', 'batch: 16').replace('runs: 2', 'runs: 1'));
    const args = (out: string) => ['run', spec, '--limit', '2000', '--epochs', '4', '--backend', 'cpu', '--quiet', '--format', 'json', '--out', path.join(dir, out)];
    const child = spawnCli(mainJs, args('killed'));
    const exited = new Promise<number | null>((r) => child.on('exit', (code, signal) => r(signal ? -1 : code)));
    // Kill once the second variant has its first checkpoint: the first is done, the second half-way.
    const second = path.join(dir, 'killed', 'tiny', 'net_act=tanh_batch=16', 'seed-1');
    for (let i = 0; i < 2400 && !fs.existsSync(path.join(second, 'checkpoint', 'latest.json')); i++) await sleep(50);
    child.kill('SIGKILL');
    expect(await exited).toBe(-1);
    expect(readJson(path.join(dir, 'killed', 'tiny', 'net_act=relu_batch=16', 'seed-1', 'run.json')).status).toBe('done');
    const before = readJson(path.join(second, 'run.json'));
    expect(before.status).toBe('running');
    const latest = readJson(path.join(second, 'checkpoint', 'latest.json')).epoch as number;
    expect(latest).toBeLessThan(4);

    const resumed = await nnc(...args('killed'));
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.err).toContain('to do: 1 run (1 done already), 1 resumed from a checkpoint');
    expect(resumed.err).toContain(`[1/1] net act=tanh batch=16, seed 1 (resuming after epoch ${latest})`);
    const whole = await nnc(...args('whole'));
    expect(whole.code, whole.err).toBe(0);
    const a = readJson(path.join(dir, 'killed', 'tiny', 'report', 'results.json')) as ExperimentResults;
    const b = readJson(path.join(dir, 'whole', 'tiny', 'report', 'results.json')) as ExperimentResults;
    expect(a.variants.map((v) => v.runs.length)).toEqual([1, 1]);
    // The finished run is the same; the resumed one agrees to float32 rounding, as `nnc train --resume` does.
    expect(numbers(a)[0]).toEqual(numbers(b)[0]);
    expectClose(numbers(a), numbers(b));
    expectClose(numbers(JSON.parse(resumed.out)), numbers(b));
  }, 300_000);
});
