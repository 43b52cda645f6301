// The abstract syntax tree of a .nn file. Every node and every attribute carries the span
// of the text it came from. The grammar accepts a superset of the language (layer names are
// plain identifiers); the checker narrows it with diagnostics.
import type { Span } from '../diagnostics/diagnostic.js';

export interface Ident {
  name: string;
  span: Span;
}

export interface NumberLit {
  kind: 'number';
  /** The literal as written: "64", "0.5", "1e-3", ".5". */
  text: string;
  span: Span;
}

export interface StringLit {
  kind: 'string';
  /** The value with escapes resolved. */
  value: string;
  span: Span;
}

export interface BoolLit {
  kind: 'bool';
  value: boolean;
  span: Span;
}

/** A bare identifier: a let, a parameter, a layer, a block, or a symbol such as `same`. */
export interface NameRef {
  kind: 'name';
  name: string;
  span: Span;
}

/** `f(args)`: a layer, block, modifier, function (`round`...) or `input`. */
export interface Call {
  kind: 'call';
  callee: Ident;
  args: Arg[];
  span: Span;
}

export interface Arg {
  /** Present for a named argument `name = value`. */
  name?: Ident;
  value: Expr;
  span: Span;
}

export type BinaryOp = '+' | '-' | '*' | '/';

export interface Binary {
  kind: 'binary';
  op: BinaryOp;
  opSpan: Span;
  left: Expr;
  right: Expr;
  span: Span;
}

export interface Negate {
  kind: 'negate';
  operand: Expr;
  span: Span;
}

/** `(a, b, ...)` with two or more items. A single parenthesised expression is just that expression. */
export interface Tuple {
  kind: 'tuple';
  items: Expr[];
  span: Span;
}

/** `repeat(n) { ... }`, `residual(shortcut = ...) { ... }`, `concat(axis = -1) { ... }`, `add { ... }`. */
export interface Compound {
  kind: 'compound';
  keyword: 'repeat' | 'residual' | 'concat' | 'add';
  keywordSpan: Span;
  args: Arg[];
  body: Statement[];
  span: Span;
}

/** `{ statements }` used as one branch of `concat`/`add`. */
export interface Group {
  kind: 'group';
  body: Statement[];
  span: Span;
}

export type Expr = NumberLit | StringLit | BoolLit | NameRef | Call | Binary | Negate | Tuple | Compound | Group;

export interface ExprStatement {
  kind: 'expr';
  expr: Expr;
  span: Span;
}

export interface TrainEntry {
  key: Ident;
  /** `metrics: accuracy, mse` gives a tuple of the comma-separated values. */
  value: Expr;
  span: Span;
}

export interface TrainSection {
  kind: 'train';
  entries: TrainEntry[];
  span: Span;
}

export type Statement = ExprStatement | TrainSection;

export interface Param {
  name: Ident;
  default?: Expr;
  span: Span;
}

export interface ImportDecl {
  kind: 'import';
  path: StringLit;
  span: Span;
}

export interface LetDecl {
  kind: 'let';
  name: Ident;
  value: Expr;
  span: Span;
}

export interface BlockDecl {
  kind: 'block';
  name: Ident;
  params: Param[];
  body: Statement[];
  span: Span;
}

export interface ModelDecl {
  kind: 'model';
  name: Ident;
  params: Param[];
  body: Statement[];
  span: Span;
}

/** `model b = a(args)`: the body of `a` with other arguments. */
export interface VariantDecl {
  kind: 'variant';
  name: Ident;
  base: Ident;
  args: Arg[];
  span: Span;
}

/** `name { key: values ... }` inside an experiment, such as its `grid`. */
export interface SettingsSection {
  kind: 'section';
  name: Ident;
  entries: TrainEntry[];
  span: Span;
}

/** `experiment NAME { models: a, b; grid { ... }; data: mnist; runs: 5 }`: what to train, how often, on what. */
export interface ExperimentDecl {
  kind: 'experiment';
  name: Ident;
  /** `key: value` settings, in source order. */
  entries: TrainEntry[];
  /** `name { ... }` sections (`grid`), in source order. */
  sections: SettingsSection[];
  span: Span;
}

export type Decl = ImportDecl | LetDecl | BlockDecl | ModelDecl | VariantDecl | ExperimentDecl;

export interface FileAst {
  file: string;
  decls: Decl[];
  span: Span;
}
