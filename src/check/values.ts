// The values `.nn` expressions evaluate to. Layers are values too: a chain is a list of layer
// expressions closed over the environment they were written in, expanded only where used.
import type { Span } from '../diagnostics/diagnostic.js';
import type { BlockDecl, Call, Compound, Group, LetDecl, ModelDecl, NameRef, VariantDecl } from '../syntax/ast.js';
import type { Num } from './num.js';

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

export function lookupDecl(scope: FileScope, name: string): { decl: FileDecl; scope: FileScope } | undefined {
  const own = scope.own.get(name);
  if (own) return { decl: own, scope };
  return scope.imported.get(name);
}
