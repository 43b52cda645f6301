// The compiler's entry point: a .nn file (and its imports) in, validated IR and every
// diagnostic out. It never throws for user input; a thrown exception here is a compiler bug.
import * as path from 'node:path';
import { Diagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { IR_VERSION, type IrFile } from '../ir/types.js';
import { Evaluator, LimitReached } from './evaluate.js';
import { emitExperiment, emitModel } from './emit.js';
import { checkExperiments } from './experiment.js';
import { limits } from './limits.js';
import { Loader, type SourceFile } from './load.js';
import { diskHost, isInside, type CompileHost } from './sources.js';
import { compileModel, type CompiledModel } from './model.js';
import { buildStructure } from './structure.js';
import type { Statement } from '../syntax/ast.js';
import type { Env } from './values.js';

export interface CompileResult {
  /** Present only when there are no errors. */
  ir?: IrFile;
  diagnostics: Diagnostic[];
  /** Every file read, by path: the texts diagnostics point into. */
  files: Map<string, SourceFile>;
}

export interface CompileOptions {
  /** The file's text, when an editor or a test has it already (otherwise it is read). */
  text?: string;
  /** Where files are read from: the disk by default. */
  host?: CompileHost;
  /** The project folder imports must stay in; default: the folder of `file`. */
  root?: string;
  /** Whether the IR gets its structure section (default true); counting and checking need only the models. */
  structure?: boolean;
}

/** Compiles a file from disk (or from `text` when given, for editors and tests). */
export function compile(file: string, options: CompileOptions = {}): CompileResult {
  const diags = new Diagnostics();
  const root = options.root ?? path.dirname(file);
  const loader = new Loader(options.host ?? diskHost, diags, root);
  if (!isInside(path.resolve(file), path.resolve(root))) {
    diags.error('NN0109', { file, start: 0, end: 0 }, `'${file}' is not inside the project folder '${root}'`);
    return { diagnostics: diags.items, files: loader.files };
  }
  const entry = loader.loadEntry(file, options.text);
  if (!entry) return { diagnostics: diags.items, files: loader.files };
  const ev = new Evaluator(diags);
  const models: CompiledModel[] = [];
  const used = new Set<string>();
  for (const d of entry.ast.decls) {
    if (d.kind !== 'model' && d.kind !== 'variant') continue;
    if (entry.scope.own.get(d.name.name) !== d) continue; // a duplicate, already reported
    const m = compileModel(d, entry.scope, ev, diags);
    if (m) models.push(m);
    m?.usedBlocks.forEach((b) => used.add(b));
  }
  const experiments = checkExperiments(entry, ev, diags);
  checkUnused(loader, ev, used);
  const diagnostics = finish(withoutCascades(diags.items, loader.files));
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics, files: loader.files };
  const structure = options.structure === false ? undefined : buildStructure(entry, models);
  const ir: IrFile = { irVersion: IR_VERSION, file, models: models.map((m) => emitModel(m, loader.files)), ...(structure ? { structure } : {}) };
  if (experiments.length) ir.experiments = experiments.map((x) => emitExperiment(x, loader.files));
  return { ir, diagnostics, files: loader.files };
}

/** Lets and blocks no model uses are still checked, as a compiler checks a function nobody calls. */
function checkUnused(loader: Loader, ev: Evaluator, used: Set<string>): void {
  for (const source of loader.files.values()) {
    for (const d of source.ast.decls) {
      ev.site = d.span;
      if (d.kind === 'let' && source.scope.own.get(d.name.name) === d) {
        const ref = { kind: 'name', name: d.name.name, span: d.name.span } as const;
        guard(() => ev.eval(ref, { scope: source.scope, locals: new Map() }));
      }
      if (d.kind === 'block' && !used.has(`${source.file}\0${d.name.name}`)) checkBlockNames(d, source, ev);
      ev.site = undefined;
    }
  }
}

/** Evaluates an unused block's statements without shapes: unknown layers and names still surface. */
function checkBlockNames(d: Extract<SourceFile['ast']['decls'][number], { kind: 'block' }>, source: SourceFile, ev: Evaluator): void {
  const locals: Env['locals'] = new Map(d.params.map((p) => [p.name.name, { k: 'error' } as const]));
  const env: Env = { scope: source.scope, locals };
  const walk = (stmts: Statement[]): void => {
    for (const stmt of stmts) {
      if (stmt.kind !== 'expr') continue;
      const v = ev.eval(stmt.expr, env);
      if (v.k === 'sym') ev.unknownLayer(v.name, v.span, env);
      if (v.k !== 'chain') continue;
      for (const item of v.items) if (item.expr.kind === 'compound' || item.expr.kind === 'group') walk(item.expr.body);
    }
  };
  guard(() => walk(d.body));
}

/** Runs `f`, stopping quietly where it reached a limit (already reported). */
function guard(f: () => void): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof LimitReached)) throw e;
  }
}

const SYNTAX = new Set(['NN0001', 'NN0002', 'NN0003', 'NN0004', 'NN0005']);

/**
 * Drops what a line's syntax error may have caused: the parser's recovery leaves a partial
 * statement, and checking it would report consequences rather than mistakes.
 */
function withoutCascades(items: Diagnostic[], files: Map<string, SourceFile>): Diagnostic[] {
  const lineOf = (d: Diagnostic) => `${d.span.file}:${files.get(d.span.file)?.lines.position(d.span.start).line}`;
  const broken = new Set(items.filter((d) => SYNTAX.has(d.code)).map(lineOf));
  // NN0906 here is the parser's own: it stopped, on a line with a syntax error.
  return broken.size ? items.filter((d) => SYNTAX.has(d.code) || d.code === 'NN0906' || !broken.has(lineOf(d))) : items;
}

/** Sorts by position, drops repeats (a block used twice reports once), caps the count. */
function finish(items: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique = items.filter((d) => {
    const key = `${d.code}\0${d.span.file}\0${d.span.start}\0${d.span.end}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  unique.sort((a, b) => (a.span.file === b.span.file ? a.span.start - b.span.start : a.span.file < b.span.file ? -1 : 1));
  if (unique.length <= limits.maxDiagnostics) return unique;
  const shown = unique.slice(0, limits.maxDiagnostics);
  const rest = unique.length - shown.length;
  shown.push({ code: 'NN0906', severity: 'error', message: `${rest} more error${rest === 1 ? '' : 's'} not shown`, span: unique[limits.maxDiagnostics]!.span });
  // Where the parser stopped (after too many syntax errors) is shown however many come before it.
  return [...shown, ...unique.slice(limits.maxDiagnostics).filter((d) => d.code === 'NN0906')];
}
