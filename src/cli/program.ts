// The `nnc` command line as commander defines it: every command, its options and its help. Loaded
// by main.ts for any command line its quick path does not take (quick.ts). Commands that only
// compile (check, ir) load no TensorFlow.js: heavier commands import their modules only when they run.
import { createRequire } from 'node:module';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { runCheck } from './commands/check.js';
import { runIr } from './commands/ir.js';
import { runCompare, runSummary, type AnalysisOptions, type SummaryOptions } from './commands/summary.js';
import { EXIT, UsageError } from './output.js';
import { BACKENDS } from '../runtime/backends/names.js';
import { limits } from '../check/limits.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

interface GenCliOptions {
  target: string;
  model?: string;
  out?: string;
  root?: string;
  tfjs: 'tfjs' | 'node' | 'node-gpu';
}

export function program(setCode: (code: number) => void): Command {
  const p = new Command('nnc')
    .description('nnspec: check, analyse, generate code for and train neural networks written as .nn specs')
    .version(version, '-v, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(s.replace(/^error: /, 'nnc: error: ')) });

  const ROOT_HELP = 'the project folder imports must stay in (default: the folder of each file)';

  p.command('check')
    .description('check .nn files and report every error (exit 0: clean, 1: errors, 2: usage)')
    .argument('<files...>', '.nn files, directories or glob patterns (specs/**/*.nn)')
    .option('--json', 'print diagnostics as a JSON array of {code, severity, message, file, line, column, endLine, endColumn}')
    .option('--root <dir>', ROOT_HELP)
    .action((files: string[], opts: { json?: boolean; root?: string }) => setCode(runCheck(files, opts)));

  p.command('ir')
    .description('print the intermediate representation (JSON) of the models in a file')
    .argument('<file>', 'a .nn file (or an IR .json file, which is validated)')
    .option('-m, --model <names>', 'only these models (comma-separated); default: all models of the file')
    .option('--root <dir>', ROOT_HELP)
    .action((file: string, opts: { model?: string; root?: string }) => setCode(runIr(file, opts)));

  p.command('summary')
    .description('count parameters (trainable and not), MACs and memory of the models in a file, layer by layer, from the spec alone')
    .argument('<file>', 'a .nn file')
    .option('-m, --model <names>', 'only these models (comma-separated); default: all models of the file')
    .option('-f, --format <format>', 'text (a Keras-like table), md (Markdown), json or csv', 'text')
    .option('-b, --batch <n>', 'also estimate training memory for this batch size (weights, gradients, optimizer state, activations)')
    .option('-e, --expand', 'show every layer inside blocks (large models show one row per top-level block call by default)')
    .option('--root <dir>', ROOT_HELP)
    .addHelpText('after', `
Exit codes: 0 ok, 1 errors in the spec (printed as by 'nnc check'), 2 usage (missing file, unknown model or format).
JSON: {"models":[{"name","file","totals":{"params","trainable","nonTrainable","macs","activations",...},
       "layers":[{"name","kind","outputShape","params","trainable","nonTrainable","macs",...}]}]}
Counting conventions (Keras's; MACs without bias adds): see docs/analysis.md.

Examples:
  nnc summary specs/classic/resnet50.nn --model resnet50
  nnc summary specs/hw4/part2.nn --format json --batch 32`)
    .action((file: string, opts: SummaryOptions) => setCode(runSummary(file, opts)));

  p.command('compare')
    .description('compare models side by side: totals, ratio to the first, parameters by layer family, largest layer')
    .argument('<models...>', 'a .nn file (all its models) or file.nn#model, one or more')
    .option('-f, --format <format>', 'text (a table, one column per model), md, json or csv', 'text')
    .option('-b, --batch <n>', 'also estimate training memory for this batch size')
    .option('--root <dir>', ROOT_HELP)
    .addHelpText('after', `
Exit codes: 0 ok, 1 errors in a spec, 2 usage (missing file, unknown model or format).

Examples:
  nnc compare specs/hw4/part2.nn
  nnc compare specs/classic/vgg16.nn specs/classic/resnet50.nn#resnet50 specs/classic/mobilenet.nn#mobilenet`)
    .action((models: string[], opts: AnalysisOptions) => setCode(runCompare(models, opts)));

  p.command('fmt')
    .description('format .nn files in the canonical layout, keeping every comment (prints the result unless --write or --check)')
    .argument('<files...>', '.nn files, directories or glob patterns')
    .option('--check', 'list the files that are not formatted; exit 1 if there are any')
    .option('--write', 'rewrite the files that are not formatted')
    .addHelpText('after', `
Exit codes: 0 ok, 1 a file has syntax errors (left as it is) or, with --check, is not formatted, 2 usage.`)
    .action(async (files: string[], opts: { check?: boolean; write?: boolean }) => {
      // Loaded only when used: the formatter brings in prettier's document printer.
      const { runFmt } = await import('./commands/fmt.js');
      setCode(runFmt(files, opts));
    });

  p.command('draw')
    .description("draw a model's architecture: one box per layer or block call with its output shape and parameters")
    .argument('<file>', 'a .nn file (or an IR .json file)')
    .option('-m, --model <name>', "the model to draw (default: the file's first)")
    .option('-e, --expand', 'one box per layer inside block calls too (default: one box per top-level block call)')
    .option('-f, --format <format>', 'svg (laid out with ELK), dot (Graphviz) or mermaid', 'svg')
    .option('-o, --out <file>', 'write the figure to a file instead of stdout')
    .addHelpText('after', `
Exit codes: 0 ok, 1 errors in the spec, 2 usage (missing file, unknown model or format).`)
    .action(async (file: string, opts: { model?: string; expand?: boolean; format?: string; out?: string }) => {
      // Loaded only when used: the layout engine is large.
      const { runDraw } = await import('./commands/draw.js');
      setCode(await runDraw(file, opts));
    });

  p.command('lsp')
    .description('run the language server (diagnostics, hovers, inlay hints, completion, definitions, formatting) for editors')
    .option('--stdio', 'speak the Language Server Protocol on stdin/stdout')
    .action(async (opts: { stdio?: boolean }) => setCode(await (await import('./commands/lsp.js')).runLsp(opts)));

  p.command('gen')
    .description('generate code from a .nn file: a TypeScript (or PyTorch) module with a builder per model (stdout without --out)')
    .argument('<file>', 'a .nn file, or a directory of them (needs --out; the folder structure is mirrored)')
    .requiredOption('-t, --target <target>', 'what to generate: ts (TypeScript for TensorFlow.js) or pytorch (Python for PyTorch)')
    .option('-m, --model <names>', 'only these models (comma-separated); default: all models of the file')
    .option('-o, --out <dir>', 'write <dir>/<spec>.ts (.py) instead of printing (written to a temporary file, then renamed)')
    .option('--root <dir>', ROOT_HELP)
    .addOption(new Option('--tfjs <package>', 'the one TF.js package the module imports: tfjs (@tensorflow/tfjs), node (@tensorflow/tfjs-node) or node-gpu (@tensorflow/tfjs-node-gpu)')
      .choices(['tfjs', 'node', 'node-gpu']).default('tfjs'))
    .action(async (file: string, opts: GenCliOptions) => {
      // Loaded only when used: code generation brings in prettier.
      const { runGen } = await import('./commands/gen.js');
      setCode(await runGen(file, opts));
    });

  const int = (min: number, max = Number.MAX_SAFE_INTEGER) => (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(max === Number.MAX_SAFE_INTEGER ? `expected an integer of at least ${min}` : `expected an integer from ${min} to ${max.toLocaleString('en-US')}`);
    }
    return n;
  };
  // The language's own bounds: train { epochs }, an experiment's runs, and (a batch being a tensor
  // dimension) the largest dimension of the IR.
  const EPOCHS = int(1, limits.maxEpochs), RUNS = int(1, limits.maxRuns), BATCH = int(1, limits.maxInt);
  const backend = () => new Option('--backend <name>', 'TF.js backend (see nnc backends)').choices(['auto', ...BACKENDS]);
  const format = () => new Option('--format <format>', 'results as text, markdown or JSON').choices(['text', 'md', 'json']).default('text');
  const delimiter = (v: string) => {
    const d = v === 'tab' || v === '\\t' ? '\t' : v;
    if ([...d].length !== 1 || /["\r\n]/.test(d)) throw new InvalidArgumentError("expected one character, such as ',' or ';', or 'tab'");
    return d;
  };
  const delimiterOption = () => new Option('--delimiter <char>', "CSV: the delimiter, such as ';' or tab (default: ',', ';' or tab, as the header line shows)").argParser(delimiter);
  const dataOptions = (c: Command) => c
    .option('--limit <n>', 'use only the first N training samples', int(1))
    .option('--data-size <n>', 'number of training images to generate for shapes and stripes (default 2000)', int(4))
    .option('--label <name>', "CSV: the column that holds the classes (default: 'label')")
    .addOption(delimiterOption())
    .option('--skip-bad', 'skip unreadable images and bad CSV rows (listed) instead of stopping');

  dataOptions(p.command('train')
    .description('train models of a .nn file and print test accuracy and loss per run, with mean ± std')
    .argument('[file]', 'a .nn file (omit with --resume)')
    .option('-m, --model <names>', 'models to train (comma-separated); default: all models of the file')
    .option('-d, --data <data>', 'mnist, shapes[:N], stripes[:N], a folder with one sub-folder of images per class, or a .csv file')
    .option('--epochs <n>', "epochs (default: the spec's train section)", EPOCHS)
    .option('--batch <n>', "batch size (default: the spec's train section)", BATCH)
    .option('--runs <n>', 'independent runs per model, with seeds S, S+1, ...', RUNS, 1)
    .option('--seed <s>', "first seed (default: the spec's seed, else 1)", int(0))
    .addOption(backend())
    .option('-o, --out <dir>', 'where run folders go', 'runs')
    .addOption(format())
    .option('-q, --quiet', 'no progress bar: one line per epoch')
    .option('--resume <run_dir>', 'continue a killed run from its last finished epoch')
    .option('--root <dir>', ROOT_HELP))
    .action(async (file: string | undefined, opts) => setCode(await (await import('./commands/train.js')).runTrain(file, opts)));

  dataOptions(p.command('run')
    .description("run an experiment declared in a .nn file: every variant of its grid, each --runs times; resumes a killed one; writes a report")
    .argument('<file>', 'a .nn file with an experiment declaration')
    .option('-x, --experiment <name>', 'the experiment to run (needed when the file declares several)')
    .option('-d, --data <data>', "override the experiment's data: mnist, shapes[:N], stripes[:N], an image folder or a .csv file")
    .option('--runs <n>', "runs per variant (default: the experiment's runs)", RUNS)
    .option('--epochs <n>', "epochs of every run (default: each variant's)", EPOCHS)
    .option('--batch <n>', "batch size of every run (default: each variant's)", BATCH)
    .addOption(backend())
    .option('-o, --out <dir>', 'where the experiment folder goes', 'runs')
    .addOption(new Option('--format <format>', 'results on stdout as a text table or JSON (results.json)').choices(['text', 'json']).default('text'))
    .option('-q, --quiet', 'no progress bar: one line per epoch')
    .option('--root <dir>', ROOT_HELP)
    .addHelpText('after', `
Runs go to <out>/<experiment>/<variant>/seed-<s>/ and the report to <out>/<experiment>/report/
(report.md, report.html, results.json). Rerunning the same command skips finished runs and resumes
an unfinished one from its last checkpoint. Exit codes: 0 ok, 1 errors in the spec or data, 2 usage.`))
    .action(async (file: string, opts) => setCode(await (await import('./commands/run.js')).runRun(file, opts)));

  dataOptions(p.command('eval')
    .description('evaluate a trained run on data: loss and accuracy on its test split')
    .argument('<run_dir>', 'a run folder made by nnc train')
    .requiredOption('-d, --data <data>', 'mnist, shapes[:N], stripes[:N], an image folder or a .csv file')
    .addOption(backend())
    .addOption(format()))
    .action(async (dir: string, opts) => setCode(await (await import('./commands/eval.js')).runEval(dir, opts)));

  p.command('predict')
    .description('predict the class of images or of the rows of a CSV file with a trained run')
    .argument('<run_dir>', 'a run folder made by nnc train')
    .argument('<inputs...>', 'image files (PNG/JPEG) or a .csv file of feature rows')
    .addOption(delimiterOption())
    .addOption(backend())
    .addOption(format())
    .action(async (dir: string, inputs: string[], opts) => setCode(await (await import('./commands/predict.js')).runPredict(dir, inputs, opts)));

  p.command('doctor')
    .description('explain a trained run: findings with a code, the measured numbers and a fix (see docs/doctor.md)')
    .argument('<run_dir>', 'a run folder made by nnc train')
    .option('--json', 'print the findings as a JSON array of {code, severity, message, fix, layer?, values}')
    .action(async (dir: string, opts: { json?: boolean }) => setCode(await (await import('./commands/doctor.js')).runDoctor(dir, opts)));

  p.command('playground')
    .description('serve the playground (editor, summary, diagram, generated code, training in the browser) on 127.0.0.1')
    .option('-p, --port <n>', 'port to listen on (0 picks a free one)', (v: string) => {
      const n = int(0)(v);
      if (n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
      return n;
    }, 8080)
    .option('--open', 'open it in the default browser')
    .addHelpText('after', `
The page runs the compiler in the browser; links made by its Share button hold the spec in the
URL fragment. Runs until interrupted (Ctrl+C). Exit codes: 0 stopped, 2 usage (port in use, not built).`)
    .action(async (opts: { port: number; open?: boolean }) => setCode(await (await import('./commands/playground.js')).runPlayground(opts)));

  p.command('backends')
    .description('list the TF.js backends, whether each loads here, and if not why and how to get it')
    .option('--json', 'print the list as JSON')
    .action(async (opts: { json?: boolean }) => setCode(await (await import('./commands/backends.js')).runBackends(opts)));

  p.command('build-native')
    .description("compile the fast backend's native kernels (C++) of this installation, e.g. when its install script did not run")
    .addHelpText('after', `
Needs a C++ compiler (g++ or $CXX). Writes native/build/nnfast.node inside the nnspec package.
Exit codes: 0 built, 1 not built (the reason is printed).`)
    .action(async () => setCode(await (await import('./commands/build-native.js')).runBuildNative()));

  return p;
}

/**
 * Parses `argv` with commander and runs its command; returns the exit code (usage errors: 2). In the
 * CLI bundle this module is built apart from main.ts, with its own UsageError, so it reports its own.
 */
export async function runProgram(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  try {
    await program((c) => (code = c)).parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      const done = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(e.code);
      return done ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`nnc: error: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}
