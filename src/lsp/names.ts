// Every name written in the loaded files, each resolved to what it names: a block, let or model
// declaration (in its file or an imported one), or a parameter of the enclosing block or model.
// Go to definition, find references, rename and document symbols read this index.
import * as path from 'node:path';
import type { SourceFile } from '../check/load.js';
import { lookupDecl } from '../check/values.js';
import type { Arg, Decl, Expr, Param, Statement } from '../syntax/ast.js';
import type { Span } from '../diagnostics/diagnostic.js';

export interface Occurrence {
  name: string;
  span: Span;
  /** What it names (`file\0name` or `file\0decl\0param`); absent for layers, symbols and unknown names. */
  target?: string;
  /** The declaration itself rather than a use. */
  declaration: boolean;
  /** For an import's path: the file it names. */
  importFile?: string;
}

export function declKey(file: string, name: string): string {
  return `${file}\0${name}`;
}

/** The occurrences of names in one file. */
export function occurrences(source: SourceFile): Occurrence[] {
  const out: Occurrence[] = [];
  const file = source.file;
  for (const d of source.ast.decls) {
    if (d.kind === 'import') {
      const target = path.normalize(path.join(path.dirname(file), d.path.value));
      out.push({ name: d.path.value, span: d.path.span, declaration: false, importFile: target });
      continue;
    }
    // Experiments have names of their own, never referred to: no target that a model of the same name could share.
    out.push({ name: d.name.name, span: d.name.span, ...(d.kind === 'experiment' ? {} : { target: declKey(file, d.name.name) }), declaration: true });
    const params: Param[] = d.kind === 'block' || d.kind === 'model' ? d.params : [];
    const local = new Map(params.map((p) => [p.name.name, `${declKey(file, d.name.name)}\0${p.name.name}`]));
    const ref = (name: string, span: Span) => {
      const found = local.get(name) ?? resolve(source, name);
      out.push({ name, span, ...(found ? { target: found } : {}), declaration: false });
    };
    for (const p of params) {
      out.push({ name: p.name.name, span: p.name.span, target: local.get(p.name.name)!, declaration: true });
      if (p.default) expr(p.default, ref);
    }
    visitDecl(d, ref);
  }
  return out;
}

function resolve(source: SourceFile, name: string): string | undefined {
  const found = lookupDecl(source.scope, name);
  return found ? declKey(found.scope.file, name) : undefined;
}

type Ref = (name: string, span: Span) => void;

function visitDecl(d: Exclude<Decl, { kind: 'import' }>, ref: Ref): void {
  if (d.kind === 'let') expr(d.value, ref);
  else if (d.kind === 'variant') {
    ref(d.base.name, d.base.span);
    args(d.args, ref);
  } else if (d.kind === 'experiment') {
    for (const e of [...d.entries, ...d.sections.flatMap((s) => s.entries)]) expr(e.value, ref);
  } else statements(d.body, ref);
}

function statements(body: Statement[], ref: Ref): void {
  for (const s of body) {
    if (s.kind === 'expr') expr(s.expr, ref);
    else for (const e of s.entries) expr(e.value, ref);
  }
}

function args(list: Arg[], ref: Ref): void {
  for (const a of list) expr(a.value, ref);
}

function expr(e: Expr, ref: Ref): void {
  switch (e.kind) {
    case 'name':
      return ref(e.name, e.span);
    case 'call':
      ref(e.callee.name, e.callee.span);
      return args(e.args, ref);
    case 'binary':
      expr(e.left, ref);
      return expr(e.right, ref);
    case 'negate':
      return expr(e.operand, ref);
    case 'tuple':
      return e.items.forEach((i) => expr(i, ref));
    case 'compound':
      args(e.args, ref);
      return statements(e.body, ref);
    case 'group':
      return statements(e.body, ref);
    default:
      return;
  }
}

/** The declaration's name span for a target key. */
export function definitionSpan(files: Map<string, SourceFile>, target: string): Span | undefined {
  const [file, name, param] = target.split('\0') as [string, string, string | undefined];
  const decl = files.get(file)?.scope.own.get(name);
  if (!decl) return undefined;
  if (param === undefined) return decl.name.span;
  const params = decl.kind === 'block' || decl.kind === 'model' ? decl.params : [];
  return params.find((p) => p.name.name === param)?.name.span;
}
