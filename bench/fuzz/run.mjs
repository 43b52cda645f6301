// Fuzzing, benchmark-style (not run by CI): mutates every .nn file of the repository (specs,
// fixtures, golden cases, the limits fixture too) by deleting, duplicating, swapping and inserting
// tokens, inserting random bytes, truncating and repeating runs of tokens; compiles each case
// in-process, and runs every generator (summary as text and JSON, TypeScript generation with
// prettier) on each case that compiles. It also replays hostile IR JSON: the IR of every spec,
// mutated (huge, negative and fractional numbers, wrong types, dropped and duplicated entries),
// through the IR reader and, when it is accepted, the summary. Reports crashes (any thrown
// exception, or an "internal error" diagnostic), hangs (a case over 5 s; one slow only because the
// workers share a busy machine is timed again alone, by CPU time, and counts as a hang only if it
// is still over 5 s), the slowest case (also timed again alone) and peak memory.
//
//   node bench/fuzz/run.mjs [--cases N] [--seed S] [--ir-cases N] [--workers N]   (uses dist/: npm ci first)
//   node bench/fuzz/run.mjs --only N [--seed S] [--cases N]   one case, made again from its number
//   node bench/fuzz/run.mjs --replay FILE                     one saved case
//
// Each case is made by its own generator, seeded by the seed and the case number, so case N can be
// made again alone. The text of every crashing, hanging or slow case is saved as
// bench/fuzz/cases/<seed>-<case>.nn (or .json; git-ignored).
//
// The cases run in worker threads of this process (two by default, each taking every second case);
// the main thread watches them, and a case still running after 60 s is recorded as a hang and its
// worker restarted after it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HANG_MS = 5000;
const KILL_MS = 60_000;
/** Where the text of every crashing, hanging or slow case is saved (git-ignored). */
const CASES_DIR = path.join(root, 'bench/fuzz/cases');
const USAGE = 'usage: node bench/fuzz/run.mjs [--cases N] [--seed S] [--ir-cases N] [--workers N] [--only N] [--replay FILE]';

function parseArgs(argv) {
  const opts = { cases: 100_000, seed: 1, irCases: undefined, workers: Math.max(1, Math.min(2, os.cpus().length)), only: undefined, replay: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--replay') {
      if (argv[i + 1] === undefined) throw new Error(`--replay needs a file; ${USAGE}`);
      opts.replay = argv[++i];
      continue;
    }
    const value = Number(argv[i + 1]);
    if (argv[i] === '--cases') opts.cases = value;
    else if (argv[i] === '--seed') opts.seed = value;
    else if (argv[i] === '--ir-cases') opts.irCases = value;
    else if (argv[i] === '--workers') opts.workers = Math.max(1, value);
    else if (argv[i] === '--only') opts.only = value;
    else throw new Error(`unknown argument '${argv[i]}'; ${USAGE}`);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${argv[i]} needs a non-negative integer`);
    i++;
  }
  opts.irCases ??= Math.ceil(opts.cases / 10);
  return opts;
}

// ---- the worker: runs cases ----

const TOKEN = /\s+|#[^\n]*|"(?:[^"\\\n]|\\.)*"?|[A-Za-z_][A-Za-z0-9_]*|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[^]/g;
const PIECES = ['(', ')', '{', '}', ',', '+', '-', '*', '/', '=', ':', ';', '\n', '"', '#', '.', '1e9', '0', '-1', '2147483647', '1e400', '0.5',
  'repeat', 'residual', 'concat', 'add', 'input', 'train', 'model', 'block', 'let', 'import', '"../x.nn"', '"/dev/zero"', 'identity', 'l2', 'nobias',
  '\ufeff', '\u0000', '\u001b[2J', '\u202e', 'é', '\t', '\r\n'];

const pick = (r, xs) => xs[Math.floor(r() * xs.length)];
const int = (r, n) => Math.floor(r() * n);

/** One to four mutations of `text`, at the level of its tokens. */
function mutate(text, r, names) {
  let toks = text.match(TOKEN) ?? [];
  const edits = r() < 0.5 ? 1 : 1 + int(r, 4);
  for (let e = 0; e < edits; e++) {
    const at = int(r, toks.length + 1);
    const len = 1 + int(r, 8);
    switch (int(r, 9)) {
      case 0: toks.splice(at, len); break; // delete
      case 1: toks.splice(at, 0, ...toks.slice(at, at + len)); break; // duplicate
      case 2: { const b = int(r, toks.length); [toks[at], toks[b]] = [toks[b], toks[at]]; break; } // swap
      case 3: toks.splice(at, 0, r() < 0.5 ? pick(r, PIECES) : pick(r, names)); break; // insert a token
      case 4: toks.splice(at, 0, String.fromCharCode(...Array.from({ length: 1 + int(r, 6) }, () => int(r, r() < 0.8 ? 128 : 0x10000)))); break; // random characters
      case 5: toks = toks.slice(0, at); break; // truncate
      case 6: toks.splice(at, 0, ...Array(2 + int(r, r() < 0.9 ? 50 : 3000)).fill(toks.slice(at, at + len)).flat()); break; // a run repeated
      case 7: toks[at] = String(pick(r, [0, 1, -1, 3, 1e9, 2 ** 31, 1e12, 0.5, 1e-9, 7919])); break; // a number
      default: toks.splice(at, 0, `${pick(r, ['+', ' + ', '\n  ', '(', ', '])}${pick(r, names)}`); // a name in a new place
    }
  }
  return toks.join('');
}

const HOSTILE = [1e308, -1, 0, 2 ** 31 - 1, 2 ** 31, 0.5, 1e-300, null, true, 'x', '', 'n0', 'n99', '__proto__', 'conv', 'input', [], {}, [1e308], [0], [2 ** 31, 2]];

/** One to three changes a hostile file could make: a value replaced, an entry dropped or duplicated. */
function mutateJson(value, r) {
  const copy = structuredClone(value);
  for (let k = 1 + int(r, 3); k > 0; k--) {
    let parent = null;
    let key = null;
    let node = copy;
    // A random walk down: stop at a leaf, or now and then on the way.
    while (node && typeof node === 'object' && (parent === null || r() < 0.85)) {
      const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
      if (!keys.length) break;
      [parent, key, node] = [node, pick(r, keys), node[pick(r, keys)]];
      node = parent[key];
    }
    if (parent === null) continue;
    const op = int(r, 6);
    if (op === 0 && Array.isArray(parent)) parent.splice(key, 1);
    else if (op === 0) delete parent[key];
    else if (op === 1 && Array.isArray(parent)) parent.splice(key, 0, structuredClone(parent[key]));
    else if (op === 2 && typeof node === 'number') parent[key] = node * pick(r, [1000, -1, 1e300, 0.5]) + pick(r, [0, 1]);
    else parent[key] = structuredClone(pick(r, HOSTILE));
  }
  return copy;
}

/** The compiler's modules and the repository's specs, loaded once per thread. */
async function setUp() {
  const dist = (p) => import(path.join(root, 'dist', p));
  const { compile } = await dist('check/compile.js');
  const { summarize } = await dist('analysis/summary.js');
  const { formatSummary } = await dist('analysis/format-summary.js');
  const { generateTs } = await dist('codegen/module.js');
  const { readIrText } = await dist('ir/read.js');
  const { mulberry32 } = await dist('random.js');
  const files = walk(root).map((f) => ({ file: path.relative(root, f), text: fs.readFileSync(f, 'utf8') }));
  const byPath = new Map(files.map((f) => [path.normalize(f.file), f.text]));
  const host = { readFile: (f) => byPath.get(path.normalize(f)) ?? new Error('no such file') };
  const build = (file, text) => compile(file, { text, host, root: path.dirname(file) });
  const names = [...new Set(files.flatMap((f) => f.text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []))];
  const irs = files.map((f) => build(f.file, f.text).ir).filter(Boolean);
  return { compile: build, summarize, formatSummary, generateTs, readIrText, files, names, irs, mulberry32 };
}

/**
 * One case through every stage: a .nn text compiled, summarised and generated, or IR JSON read
 * and summarised. Returns what it reached; a thrown exception is a crash of the stage named.
 */
async function runCase(m, kind, file, text) {
  const stage = async (name, f) => {
    try {
      return await f();
    } catch (e) {
      throw Object.assign(new Error(String(e?.stack ?? e)), { stage: name });
    }
  };
  if (kind === 'nn') {
    const result = await stage('compile', () => {
      const compiled = m.compile(file, text);
      // The parser turns an exception it did not expect (a stack overflow) into a diagnostic: still a bug.
      const internal = compiled.diagnostics.find((d) => d.message.startsWith('internal error'));
      if (internal) throw new Error(`${internal.code} at ${internal.span.start}: ${internal.message}`);
      return compiled;
    });
    if (!result.ir) return {};
    await stage('summary', () => {
      const summaries = result.ir.models.map((x) => m.summarize(x, { batch: 32 }));
      m.formatSummary(summaries, 'text', {});
      m.formatSummary(summaries, 'json', {});
    });
    await stage('gen ts', () => m.generateTs({ ir: result.ir, files: result.files, source: file }));
    return { compiled: true };
  }
  return stage('ir', () => {
    const read = m.readIrText('hostile.json', text);
    if ('ir' in read) {
      m.formatSummary(read.ir.models.map((x) => m.summarize(x, {})), 'json', {});
      return { irAccepted: true };
    }
    if (!read.errors.length || read.errors.some((e) => !/^hostile\.json(:\d+:\d+ -|:) error: /.test(e))) throw new Error(`bad error list: ${JSON.stringify(read.errors)}`);
    return {};
  });
}

/**
 * Case `i` of seed `seed`, made from its own generator (seeded by the seed and the case number), so
 * any case can be made again without the ones before it. Cases below `cases` are .nn texts, the
 * rest IR JSON.
 */
function makeCase(m, seed, cases, i) {
  const r = m.mulberry32(seed * 1_000_003 + i);
  const nn = i < cases;
  const base = nn ? m.files[i % m.files.length] : { file: 'hostile.json' };
  if (nn) return { nn, base, text: mutate(base.text, r, m.names) };
  const ir = m.irs[i % m.irs.length];
  const text = r() < 0.1 ? JSON.stringify(ir, null, 2).slice(0, int(r, 2000)) : JSON.stringify(mutateJson(ir, r));
  return { nn, base, text };
}

async function worker({ cases, seed, irCases, start, stride, state }) {
  const m = await setUp();
  const shared = new Float64Array(state);
  const stats = { compiled: 0, generated: 0, irAccepted: 0, slowestMs: 0, slowestCase: -1 };
  for (let i = start; i < cases + irCases; i += stride) {
    shared[0] = i;
    shared[1] = performance.now() + performance.timeOrigin;
    const { nn, base, text } = makeCase(m, seed, cases, i);
    try {
      const reached = await runCase(m, nn ? 'nn' : 'ir', base.file, text);
      if (reached.compiled) stats.compiled++, stats.generated++;
      if (reached.irAccepted) stats.irAccepted++;
    } catch (e) {
      parentPort.postMessage({ type: 'crash', i, kind: e.stage ?? 'harness', file: base.file, text, error: e.message });
    }
    const ms = performance.now() + performance.timeOrigin - shared[1];
    if (ms > stats.slowestMs) [stats.slowestMs, stats.slowestCase] = [ms, i];
    if (ms > HANG_MS) parentPort.postMessage({ type: 'slow', i, ms, file: base.file, nn, text });
    if (i % 1000 < stride) parentPort.postMessage({ type: 'progress', i, stats });
  }
  parentPort.postMessage({ type: 'done', stats });
}

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.') || e.name === 'dist') continue;
    const p = path.join(dir, e.name);
    if (p === CASES_DIR) continue; // saved cases are not inputs: they would change every case after them
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && e.name.endsWith('.nn')) out.push(p);
  }
  return out.sort();
}

// ---- the main thread: starts and watches the worker ----

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  process.chdir(root);
  if (opts.only !== undefined || opts.replay !== undefined) return runOne(opts);
  const started = performance.now();
  const crashes = [];
  const hangs = [];
  const slow = [];
  let peakRss = 0;
  const perWorker = [];
  let stopped; // the compiler loaded in this thread, once a case has been stopped
  const total = opts.cases + opts.irCases;
  const progress = () => {
    const done = perWorker.reduce((n, w) => n + w.i, 0);
    const s = ((performance.now() - started) / 1000).toFixed(0);
    const mb = Math.round(peakRss / 2 ** 20);
    process.stderr.write(`\r${done.toLocaleString('en-US')} cases, ${crashes.length} crashes, ${hangs.length} hangs, ${slow.length} over 5 s, peak ${mb} MB, ${s} s`);
  };
  /** Runs the cases first, first + stride, ... in a worker, restarting it after a case that hangs. */
  async function run(first, stride, slot) {
    const state = new SharedArrayBuffer(16);
    const shared = new Float64Array(state);
    let start = first;
    for (;;) {
      // No case runs until the worker has loaded the compiler: its start-up is not a case's time.
      shared[0] = start;
      shared[1] = Infinity;
      const w = new Worker(fileURLToPath(import.meta.url), { workerData: { ...opts, start, stride, state } });
      const watch = setInterval(() => {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        if (shared[1] !== Infinity && performance.now() + performance.timeOrigin - shared[1] > KILL_MS) w.terminate();
      }, 100);
      const outcome = await new Promise((resolve) => {
        w.on('message', (m) => {
          if (m.type === 'crash') {
            crashes.push(m);
            m.saved = save(opts.seed, m.i, m.file !== 'hostile.json', m.text);
            process.stderr.write(`\ncrash in ${m.kind} at case ${m.i}: ${m.error.split('\n').slice(0, 3).join(' | ')}\n`);
          } else if (m.type === 'slow') {
            slow.push({ i: m.i, ms: m.ms, file: m.file, nn: m.nn, text: m.text, saved: save(opts.seed, m.i, m.nn, m.text) });
            process.stderr.write(`\nslow case ${m.i}: ${(m.ms / 1000).toFixed(1)} s\n`);
          } else if (m.type === 'progress') {
            perWorker[slot] = { ...m.stats, i: Math.floor((m.i - first) / stride) + 1 };
            progress();
          } else if (m.type === 'done') {
            perWorker[slot] = { ...m.stats, i: Math.ceil((total - first) / stride) };
            resolve('done');
          }
        });
        w.on('error', (e) => resolve({ error: e }));
        w.on('exit', () => resolve('exit'));
      });
      clearInterval(watch);
      if (outcome === 'done') return;
      const stuck = shared[0];
      w.removeAllListeners();
      // The worker is gone with the case's text: make the case again here to save it.
      stopped ??= await setUp();
      const again = makeCase(stopped, opts.seed, opts.cases, stuck);
      const saved = save(opts.seed, stuck, again.nn, again.text);
      hangs.push({ i: stuck, error: outcome?.error ? String(outcome.error) : `over ${KILL_MS / 1000} s`, saved });
      start = stuck + stride;
      if (start >= total) return;
    }
  }
  await Promise.all(Array.from({ length: opts.workers }, (_, k) => run(k, opts.workers, k)));
  const sum = (key) => perWorker.reduce((n, w) => n + (w?.[key] ?? 0), 0);
  const slowestOf = perWorker.reduce((a, w) => (w && w.slowestMs > a.slowestMs ? w : a), { slowestMs: 0, slowestCase: -1 });
  const stats = { compiled: sum('compiled'), generated: sum('generated'), irAccepted: sum('irAccepted'), slowestMs: slowestOf.slowestMs, slowestCase: slowestOf.slowestCase };
  const seconds = (performance.now() - started) / 1000;
  // A case run again here, on the main thread (whose stack is smaller than a worker's, as the CLI's
  // is), may fail where it passed in the worker: a crash too.
  const aloneCrash = (i, saved, e) => {
    crashes.push({ i, kind: e.stage ?? 'harness', error: e.message, saved });
    process.stderr.write(`\ncrash in ${e.stage} at case ${i}, run again on the main thread: ${e.message.split('\n')[0]}\n`);
  };
  // A case over 5 s among busy workers (on a shared machine) is timed again alone, by CPU time:
  // it is a hang only if it still takes over 5 s.
  const m = await setUp();
  for (const c of slow) {
    const before = process.cpuUsage();
    const t = performance.now();
    await runCase(m, c.nn ? 'nn' : 'ir', c.file, c.text).catch((e) => aloneCrash(c.i, c.saved, e));
    const cpu = process.cpuUsage(before);
    c.alone = { ms: performance.now() - t, cpuMs: (cpu.user + cpu.system) / 1000 };
    if (c.alone.cpuMs > HANG_MS) hangs.push({ i: c.i, error: `${(c.alone.cpuMs / 1000).toFixed(1)} s of CPU alone` });
  }
  // The slowest case, timed again alone by CPU time (its time above is wall-clock among workers).
  let slowestAlone;
  if (stats.slowestCase >= 0) {
    const again = makeCase(m, opts.seed, opts.cases, stats.slowestCase);
    const before = process.cpuUsage();
    await runCase(m, again.nn ? 'nn' : 'ir', again.base.file, again.text).catch((e) => aloneCrash(stats.slowestCase, save(opts.seed, stats.slowestCase, again.nn, again.text), e));
    const used = process.cpuUsage(before);
    slowestAlone = Math.round((used.user + used.system) / 1000);
  }
  const allHangs = hangs;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const report = {
    cases: opts.cases,
    irCases: opts.irCases,
    compiled: stats.compiled,
    generated: stats.generated,
    irAccepted: stats.irAccepted,
    crashes: crashes.length,
    hangs: allHangs.length,
    slowestCaseMs: Math.round(stats.slowestMs),
    slowestCase: stats.slowestCase,
    slowestCaseAloneCpuMs: slowestAlone,
    over5sAmongWorkers: slow.map((c) => ({ case: c.i, ms: Math.round(c.ms), aloneMs: Math.round(c.alone.ms), aloneCpuMs: Math.round(c.alone.cpuMs) })),
    peakRssMB: Math.round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 1024 / 1024),
    seconds: Math.round(seconds),
    workers: opts.workers,
    machine: `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.versions.node}, load ${os.loadavg()[0].toFixed(1)}`,
    seed: opts.seed,
  };
  process.stderr.write('\n');
  for (const h of allHangs) process.stderr.write(`hang at case ${h.i}: ${h.error}\n`);
  const saved = [...crashes, ...allHangs, ...slow].map((c) => c.saved).filter(Boolean);
  if (saved.length) process.stderr.write(`cases saved (replay one with --replay FILE): ${[...new Set(saved)].join(' ')}\n`);
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  process.exitCode = crashes.length || allHangs.length ? 1 : 0;
}

/** Saves a case's text as bench/fuzz/cases/<seed>-<case>.nn (or .json) and returns its path. */
function save(seed, i, nn, text) {
  fs.mkdirSync(CASES_DIR, { recursive: true });
  const file = path.join(CASES_DIR, `${seed}-${i}.${nn ? 'nn' : 'json'}`);
  fs.writeFileSync(file, text);
  return path.relative(root, file);
}

/**
 * One case alone in this thread, `--only N` (made from the seed, and saved) or `--replay FILE`:
 * prints what it reached, its time, CPU time and peak memory. A saved case named <seed>-<case>.nn
 * is compiled as the file it was made from, so its imports resolve as they did.
 */
async function runOne(opts) {
  const m = await setUp();
  let c;
  if (opts.replay !== undefined) {
    const file = path.resolve(opts.replay);
    const text = fs.readFileSync(file, 'utf8');
    const nn = !file.endsWith('.json');
    const named = /^(\d+)-(\d+)\.nn$/.exec(path.basename(file));
    const base = !nn ? { file: 'hostile.json' } : named ? m.files[Number(named[2]) % m.files.length] : { file: path.relative(root, file) };
    c = { nn, base, text, saved: path.relative(root, file) };
  } else {
    c = makeCase(m, opts.seed, opts.cases, opts.only);
    c.saved = save(opts.seed, opts.only, c.nn, c.text);
  }
  const before = process.cpuUsage();
  const t = performance.now();
  let reached;
  let crash;
  try {
    reached = await runCase(m, c.nn ? 'nn' : 'ir', c.base.file, c.text);
  } catch (e) {
    crash = { stage: e.stage ?? 'harness', error: e.message };
  }
  const cpu = process.cpuUsage(before);
  const report = {
    case: opts.only ?? null,
    seed: opts.only !== undefined ? opts.seed : null,
    saved: c.saved,
    file: c.base.file,
    chars: c.text.length,
    reached: crash ? 'crash' : reached.compiled ? 'compiled and generated' : reached.irAccepted ? 'IR accepted' : 'diagnostics',
    ...(crash ?? {}),
    ms: Math.round(performance.now() - t),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  process.exitCode = crash || report.cpuMs > HANG_MS ? 1 : 0;
}

if (isMainThread) {
  try {
    await main();
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 2;
  }
} else await worker(workerData);
