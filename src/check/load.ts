// Reads a file and everything it imports, parses each once, and builds each file's scope:
// its own declarations (unique per file) and the declarations of the files it imports. Which
// files may be read, and how, is decided by sources.ts; all files together hold at most 8 MiB.
import * as path from 'node:path';
import type { Diagnostics } from '../diagnostics/diagnostic.js';
import { parseSource } from '../syntax/parse.js';
import type { FileAst, ImportDecl } from '../syntax/ast.js';
import type { FileScope } from './values.js';
import { LineMap } from '../diagnostics/lines.js';
import { MAX_FILE_BYTES, resolveImport, SourceProblem, type CompileHost } from './sources.js';

export type { CompileHost } from './sources.js';

export interface SourceFile {
  file: string;
  text: string;
  lines: LineMap;
  ast: FileAst;
  scope: FileScope;
}

export class Loader {
  readonly files = new Map<string, SourceFile>();
  private readonly loading: string[] = [];
  /** Characters read so far, all files together. */
  private size = 0;

  constructor(
    private readonly host: CompileHost,
    private readonly diags: Diagnostics,
    /** The project folder: imports may not leave it. */
    private readonly root: string,
  ) {}

  /** Loads the entry file, given its text or by reading it; a file that cannot be read is reported at its start. */
  loadEntry(file: string, text?: string): SourceFile | undefined {
    if (text === undefined) {
      const read = this.host.readFile(file);
      if (read instanceof Error) {
        const problem = read instanceof SourceProblem ? read : new SourceProblem('NN0104', read.message);
        const shown = problem.at?.text ?? '';
        this.files.set(file, { file, text: shown, lines: new LineMap(shown), ast: { file, decls: [], span: { file, start: 0, end: 0 } }, scope: emptyScope(file) });
        const at = problem.at?.offset ?? 0;
        this.diags.error(problem.code, { file, start: at, end: at }, problem.code === 'NN0104' ? `cannot read '${file}': ${problem.message}` : problem.message);
        return undefined;
      }
      text = read;
    }
    return this.load(file, text);
  }

  private load(file: string, text: string): SourceFile {
    const done = this.files.get(file);
    if (done) return done;
    this.size += text.length;
    const { ast, diagnostics } = parseSource(file, text);
    this.diags.items.push(...diagnostics);
    const scope = emptyScope(file);
    const source: SourceFile = { file, text, lines: new LineMap(text), ast, scope };
    this.files.set(file, source);
    this.declare(source);
    this.loading.push(file);
    for (const d of ast.decls) if (d.kind === 'import') this.importFile(source, d);
    this.loading.pop();
    return source;
  }

  private declare(source: SourceFile): void {
    for (const d of source.ast.decls) {
      if (d.kind === 'import' || d.kind === 'experiment') continue; // experiments have names of their own (check/experiment.ts)
      const prev = source.scope.own.get(d.name.name);
      if (prev) {
        const at = source.lines.position(prev.name.span.start);
        this.diags.error('NN0103', d.name.span, `'${d.name.name}' is already defined at line ${at.line}`, 'names must be unique in a file; rename one of them');
      } else source.scope.own.set(d.name.name, d);
    }
  }

  private importFile(source: SourceFile, decl: ImportDecl): void {
    const resolved = resolveImport(source.file, decl.path.value, this.root, this.host);
    if (resolved instanceof SourceProblem) {
      this.diags.error(resolved.code, decl.path.span, resolved.message, 'imports name files in the project folder: the folder of the file being compiled, or --root DIR');
      return;
    }
    const target = resolved.file;
    if (this.loading.includes(target)) {
      const cycle = [...this.loading.slice(this.loading.indexOf(target)), target].map((f) => path.basename(f)).join(' → ');
      this.diags.error('NN0105', decl.path.span, `import cycle: ${cycle}`, 'move what both files need into a third file that both import');
      return;
    }
    let imported = this.files.get(target);
    if (!imported) {
      const read = this.host.readFile(target);
      const problem = read instanceof Error ? read : this.size + read.length > MAX_FILE_BYTES ? new SourceProblem('NN0901', `the files of this compilation hold more than the limit of 8 MiB`) : undefined;
      if (problem) {
        const code = problem instanceof SourceProblem ? problem.code : 'NN0104';
        this.diags.error(code, decl.path.span, `cannot import '${decl.path.value}': ${problem.message}`, code === 'NN0104' ? `the path is relative to ${path.dirname(source.file)}` : undefined);
        return;
      }
      imported = this.load(target, read as string);
    }
    for (const [name, d] of imported.scope.own) {
      if (source.scope.own.has(name)) continue; // a file's own declarations shadow imported ones
      const prev = source.scope.imported.get(name);
      if (prev && prev.decl !== d) {
        this.diags.error('NN0103', decl.path.span, `'${name}' is defined both in ${prev.scope.file} and in ${target}`, 'rename one of them');
        continue;
      }
      source.scope.imported.set(name, { decl: d, scope: imported.scope });
    }
  }
}

function emptyScope(file: string): FileScope {
  return { file, own: new Map(), imported: new Map(), letValues: new Map() };
}
