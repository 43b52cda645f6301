// The spec's structure, as the IR carries it next to the expanded nodes: lets, blocks with typed
// parameters and defaults, and each root model's body as steps (a layer, a block call, a repeat,
// branches merged by add or concat, a layer a parameter holds), with arguments as small expression
// trees over the parameters. The checker has already applied the language's rules (an activation
// fused into the layer before it, modifiers changing the nearest weighted layer), so a generator
// prints steps without knowing them. Each step that makes layers names the IR nodes it made.

/** An argument, default or count as written: numbers exact as text, names resolved to what they are. */
export type IrExpr =
  /** A number literal, as written when every target reads it the same (`0.001`, `1e-5`). */
  | { num: string }
  | { str: string }
  | { bool: boolean }
  /** A bare word an attribute takes (`same`, `bilinear`). */
  | { sym: string }
  /** A parameter of the enclosing block or model. */
  | { param: string }
  /** A `let` of the file (see `IrStructure.lets`). */
  | { let: string }
  | { fn: 'round' | 'floor' | 'ceil' | 'min' | 'max'; args: IrExpr[] }
  | { neg: IrExpr }
  | { op: '+' | '-' | '*' | '/'; left: IrExpr; right: IrExpr }
  | { tuple: IrExpr[] }
  /** A layer as a value: an activation (`relu`), `identity`, or an optional layer (`dropout(0.5)`). */
  | { layer: string; args?: Record<string, IrExpr> }
  /** A kernel regularizer: the sums of the factors of the `l1`, `l2` and `l1l2` modifiers on the layer. */
  | { regularizer: { l1?: IrExpr; l2?: IrExpr } }
  /** `then` when any of these layer parameters holds a layer (not `identity`), else `else`. */
  | { ifAny: string[]; then: IrExpr; else: IrExpr };

/** What a parameter holds: a value type, an activation, or a layer (`identity` meaning none). */
export type IrParamType = 'number' | 'boolean' | 'string' | 'symbol' | 'tuple' | 'activation' | 'layer';

export interface IrParam {
  name: string;
  type: IrParamType;
  default?: IrExpr;
  /** For `symbol` parameters: the words the attributes it is passed to accept. */
  values?: string[];
}

/** The IR nodes a step made, by model name (a block's steps make nodes at every call). */
export type IrNodeRefs = Record<string, string[]>;

export type IrStep =
  /** A layer of the registry, with the attributes the spec sets (fused activation and modifiers included). */
  | { step: 'layer'; kind: string; args: Record<string, IrExpr>; nodes?: IrNodeRefs; when?: string[] }
  /** An Activation layer whose activation is an expression (a parameter holding one). */
  | { step: 'activation'; activation: IrExpr; nodes?: IrNodeRefs; when?: string[] }
  /** The layer a `layer` parameter holds, when it holds one. */
  | { step: 'optional'; param: string }
  | { step: 'call'; block: string; args: Record<string, IrExpr> }
  | { step: 'repeat'; count: IrExpr; body: IrStep[] }
  /**
   * Branches from the same input merged by `add` or `concat`; a null branch is the input itself.
   * `residual` is an add whose first branch is the shortcut.
   */
  | { step: 'merge'; kind: 'add' | 'concat'; args: Record<string, IrExpr>; branches: (IrStep[] | null)[]; nodes?: IrNodeRefs };

export interface IrBlock {
  /** Unique among the structure's blocks (the spec's name, numbered when imports repeat it). */
  name: string;
  params: IrParam[];
  body: IrStep[];
}

export interface IrRootModel {
  name: string;
  params: IrParam[];
  input: { shape: IrExpr; dtype?: IrExpr };
  /** The steps after `input(...)`. */
  body: IrStep[];
}

export interface IrVariant {
  name: string;
  /** The root model it builds, through any chain of variants. */
  of: string;
  /** Every argument given along the chain, the last one winning, in parameter order. */
  args: Record<string, IrExpr>;
}

export interface IrStructure {
  lets: { name: string; value: IrExpr }[];
  /** Callees before callers. */
  blocks: IrBlock[];
  /** The file's models and variants, in the order of the file. */
  models: ({ kind: 'model' } & IrRootModel | { kind: 'variant' } & IrVariant)[];
}
