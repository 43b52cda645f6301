// The values `.nn` expressions evaluate to. Layers are values too: a chain is a list of layer
// expressions closed over the environment they were written in, expanded only where used.
import type { Span } from '../diagnostics/diagnostic.js';
import type { BlockDecl, Compound, Expr, Group, LetDecl, ModelDecl, VariantDecl, Call, NameRef } from '../syntax/ast.js';
import type { Num } from './num.js';
import { formatNum } from './num.js';

/** One element of a chain: a layer, block, modifier or compound expression and where to evaluate it. */
export interface ChainItem {
  expr: Call | NameRef | Compound | Group;
  env: Env;
}

export type Value =
  | { k: 'num'; v: Num }
  | { k: 'bool'; v: boolean }
  | { k: 'str'; v: string }
  /** A bare name that is no let, parameter, layer or block (`same`). */
  | { k: 'sym'; name: string; span: Span }
  | { k: 'tuple'; items: Value[] }
  | { k: 'chain'; items: ChainItem[] }
  /** The result of an expression that already reported an error; never reported again. */
  | { k: 'error' };

export const ERROR: Value = { k: 'error' };

export type FileDecl = LetDecl | BlockDecl | ModelDecl | VariantDecl;

/** The names one file can see: its own declarations and those of the files it imports. */
export interface FileScope {
  file: string;
  own: Map<string, FileDecl>;
  imported: Map<string, { decl: FileDecl; scope: FileScope }>;
  /** Values of lets, computed once. */
  letValues: Map<string, Value>;
}

export interface Env {
  scope: FileScope;
  /** Parameters of the enclosing block or model. */
  locals: Map<string, Value>;
}

export function describe(v: Value): string {
  switch (v.k) {
    case 'num':
      return `the number ${formatNum(v.v)}`;
    case 'bool':
      return `the boolean ${v.v}`;
    case 'str':
      return `the string "${v.v}"`;
    case 'sym':
      return `the name '${v.name}'`;
    case 'tuple':
      return `a tuple of ${v.items.length}`;
    case 'chain':
      return 'a layer';
    case 'error':
      return 'an invalid value';
  }
}

export function lookupDecl(scope: FileScope, name: string): { decl: FileDecl; scope: FileScope } | undefined {
  const own = scope.own.get(name);
  if (own) return { decl: own, scope };
  return scope.imported.get(name);
}

export const declSpan = (d: Expr | FileDecl): Span => d.span;
