// Reads a file and everything it imports, parses each once, and builds each file's scope:
// its own declarations (unique per file) and the declarations of the files it imports.
import * as path from 'node:path';
import type { Diagnostics } from '../diagnostics/diagnostic.js';
import { parseSource } from '../syntax/parse.js';
import type { FileAst, ImportDecl } from '../syntax/ast.js';
import type { FileScope } from './values.js';
import { LineMap } from '../diagnostics/lines.js';

export interface CompileHost {
  /** The file's text, or an Error saying why it cannot be read. */
  readFile(file: string): string | Error;
}

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

  constructor(
    private readonly host: CompileHost,
    private readonly diags: Diagnostics,
  ) {}

  /** Loads a file given its text (the entry file) or by reading it. */
  load(file: string, text?: string): SourceFile | undefined {
    const done = this.files.get(file);
    if (done) return done;
    if (text === undefined) {
      const read = this.host.readFile(file);
      if (read instanceof Error) return undefined;
      text = read;
    }
    const { ast, diagnostics } = parseSource(file, text);
    this.diags.items.push(...diagnostics);
    const scope: FileScope = { file, own: new Map(), imported: new Map(), letValues: new Map() };
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
      if (d.kind === 'import') continue;
      const prev = source.scope.own.get(d.name.name);
      if (prev) {
        const at = source.lines.position(prev.name.span.start);
        this.diags.error('NN0103', d.name.span, `'${d.name.name}' is already defined at line ${at.line}`, 'names must be unique in a file; rename one of them');
      } else source.scope.own.set(d.name.name, d);
    }
  }

  private importFile(source: SourceFile, decl: ImportDecl): void {
    const target = path.normalize(path.join(path.dirname(source.file), decl.path.value));
    if (this.loading.includes(target)) {
      const cycle = [...this.loading.slice(this.loading.indexOf(target)), target].map((f) => path.basename(f)).join(' → ');
      this.diags.error('NN0105', decl.path.span, `import cycle: ${cycle}`, 'move what both files need into a third file that both import');
      return;
    }
    const read = this.files.has(target) ? undefined : this.host.readFile(target);
    if (read instanceof Error) {
      this.diags.error('NN0104', decl.path.span, `cannot import '${decl.path.value}': ${read.message}`, `the path is relative to ${path.dirname(source.file)}`);
      return;
    }
    const imported = this.load(target, read);
    if (!imported) return;
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
