// The grammar of .nn as a Chevrotain parser producing a concrete syntax tree. It accepts a
// superset of the language (layer names are plain identifiers; the checker narrows it). One
// instance is built once and reused; with recovery on, it returns a partial tree instead of throwing.
import { CstParser, EOF, type CstNode, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import * as T from './lexer.js';

/**
 * Chevrotain validates the grammar when the parser is built. The tests (which run the sources) do;
 * the bundled CLI skips it, saving start-up time on every run, for a grammar the tests validated.
 */
const SKIP_VALIDATIONS = process.env.NNC_BUNDLED === '1';

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => {
    const previous = tokenBefore(actual);
    if (startsLineWithOperator(actual, previous)) {
      return `unexpected '${actual.image}' at the start of a line: a line continues only when the previous one ends with '${actual.image}'`;
    }
    const what = endOfStatement(expected, actual, previous);
    if (what === undefined && expected === EOF) return `unexpected ${T.describeToken(actual)}`;
    return `expected ${what ?? T.describeType(expected)} but found ${found(expected, actual)}`;
  },
  buildNotAllInputParsedMessage: ({ firstRedundant }) => `unexpected ${T.describeToken(firstRedundant)}`,
  buildNoViableAltMessage: ({ actual, ruleName }) => `expected ${EXPECTED[ruleName] ?? 'something else'} but found ${T.describeToken(actual[0])}`,
  buildEarlyExitMessage: ({ actual, ruleName }) => `expected ${EXPECTED[ruleName] ?? 'something else'} but found ${T.describeToken(actual[0])}`,
};

/** A `)` missing at the end of a line is reported at the newline, which the parser never saw. */
function found(expected: TokenType, actual: IToken): string {
  const closes = expected === T.RParen || expected === T.Comma;
  return closes && T.droppedNewlineBefore(actual) ? 'newline' : T.describeToken(actual);
}

function startsLineWithOperator(actual: IToken, previous: IToken | undefined): boolean {
  const binary = actual.tokenType === T.Plus || actual.tokenType === T.Star || actual.tokenType === T.Slash;
  return binary && previous?.tokenType === T.Newline;
}

/** When a statement is complete but more follows on its line, say that it should end here. */
function endOfStatement(expected: TokenType, actual: IToken, previous: IToken | undefined): string | undefined {
  if (actual.tokenType === EOF || T.isSeparator(actual)) return undefined;
  const afterOpen = previous === undefined || previous.tokenType === T.LBrace || T.isSeparator(previous);
  if (expected === T.Separator || (expected === EOF && !afterOpen)) return "newline or ';'";
  return expected === T.RBrace && !afterOpen ? "newline, ';' or '}'" : undefined;
}

/**
 * The token before `tok` in the input being parsed. Chevrotain's own `previous` is the last token
 * skipped when the error comes from resynchronising a repetition, so look it up by offset.
 */
function tokenBefore(tok: IToken): IToken | undefined {
  const input = parser.input;
  if (tok.tokenType === EOF) return input[input.length - 1];
  let lo = 0;
  let hi = input.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (input[mid]!.startOffset < tok.startOffset) lo = mid + 1;
    else hi = mid;
  }
  return input[lo - 1];
}

/** What a failed alternative in each rule was looking for, in the user's words. */
const EXPECTED: Record<string, string> = {
  decl: "a declaration ('model', 'block', 'let', 'import' or 'experiment')",
  setting: "a setting ('name: value') or a section ('name { ... }')",
  body: 'a layer or an expression',
  expr: 'a layer or an expression',
  primary: 'a layer or an expression',
  modelRest: "'(', '{' or '='",
  entry: 'a value (several are separated by commas)',
};

export class NnParser extends CstParser {
  constructor() {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 3, nodeLocationTracking: 'none', errorMessageProvider: messages, skipValidations: SKIP_VALIDATIONS });
    this.performSelfAnalysis();
  }

  /**
   * `x? (sep x?)*` is `sep? (x (sep x)*)? sep?` once runs of separators are collapsed (joinLines),
   * and it lets Chevrotain resynchronise at the next separator after an error inside a repetition.
   */
  file = this.RULE('file', () => {
    this.OPTION(() => this.SUBRULE(this.decl));
    this.MANY(() => {
      this.CONSUME(T.Separator);
      this.OPTION2(() => this.SUBRULE2(this.decl));
    });
  });

  decl = this.RULE('decl', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.letDecl) },
      { ALT: () => this.SUBRULE(this.blockDecl) },
      { ALT: () => this.SUBRULE(this.modelDecl) },
      { ALT: () => this.SUBRULE(this.experimentDecl) },
    ]);
  });

  importDecl = this.RULE('importDecl', () => {
    this.CONSUME(T.Import);
    this.CONSUME(T.StringLiteral);
  });

  letDecl = this.RULE('letDecl', () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr);
  });

  blockDecl = this.RULE('blockDecl', () => {
    this.CONSUME(T.Block);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.params));
    this.SUBRULE(this.body);
  });

  /** `model NAME(params)? { ... }` or the variant `model NAME = BASE(args)?`. */
  modelDecl = this.RULE('modelDecl', () => {
    this.CONSUME(T.Model);
    this.CONSUME(T.Identifier);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Equals);
          this.CONSUME2(T.Identifier, { LABEL: 'base' });
          this.OPTION(() => this.SUBRULE(this.args));
        },
      },
      {
        ALT: () => {
          this.OPTION2(() => this.SUBRULE(this.params));
          this.SUBRULE(this.body);
        },
      },
    ]);
  });

  /** `experiment NAME { models: a, b; grid { act: relu, sigmoid } ... }`: settings and sections. */
  experimentDecl = this.RULE('experimentDecl', () => {
    this.CONSUME(T.Experiment);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LBrace);
    this.OPTION(() => this.SUBRULE(this.setting));
    this.MANY(() => {
      this.CONSUME(T.Separator);
      this.OPTION2(() => this.SUBRULE2(this.setting));
    });
    this.CONSUME(T.RBrace);
  });

  /** `name: a, b` (an entry) or `name { entries }` (a section such as `grid`); the checker knows the names. */
  setting = this.RULE('setting', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.entry) },
      { ALT: () => this.SUBRULE(this.section) },
    ]);
  });

  section = this.RULE('section', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LBrace);
    this.OPTION(() => this.SUBRULE(this.entry));
    this.MANY(() => {
      this.CONSUME(T.Separator);
      this.OPTION2(() => this.SUBRULE2(this.entry));
    });
    this.CONSUME(T.RBrace);
  });

  params = this.RULE('params', () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.param) });
    this.CONSUME(T.RParen);
  });

  param = this.RULE('param', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expr);
    });
  });

  /** A statement is a train section or an expression (inlined: `statementAt`). */
  body = this.RULE('body', () => {
    this.CONSUME(T.LBrace);
    this.OPTION(() => this.statementAt(1));
    this.MANY(() => {
      this.CONSUME(T.Separator);
      this.OPTION2(() => this.statementAt(2));
    });
    this.CONSUME(T.RBrace);
  });

  private statementAt(idx: 1 | 2): void {
    this.or(idx, [{ ALT: () => this.subrule(idx, this.trainSection) }, { ALT: () => this.subrule(idx, this.expr) }]);
  }

  trainSection = this.RULE('trainSection', () => {
    this.CONSUME(T.Train);
    this.CONSUME(T.LBrace);
    this.OPTION(() => this.SUBRULE(this.entry));
    this.MANY(() => {
      this.CONSUME(T.Separator);
      this.OPTION2(() => this.SUBRULE2(this.entry));
    });
    this.CONSUME(T.RBrace);
  });

  entry = this.RULE('entry', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expr) });
  });

  /**
   * Operands with operators of both precedences in one flat list: fewer nested rules make
   * parsing faster; to-ast.ts applies precedence (`*` `/` before `+` `-`, all left-associative).
   */
  expr = this.RULE('expr', () => {
    this.SUBRULE(this.primary);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Plus) },
        { ALT: () => this.CONSUME(T.Minus) },
        { ALT: () => this.CONSUME(T.Star) },
        { ALT: () => this.CONSUME(T.Slash) },
      ]);
      this.SUBRULE2(this.primary);
    });
  });

  /** An operand, after any number of unary `-` (a loop, so `- - - x` cannot deepen the stack). */
  primary = this.RULE('primary', () => {
    this.MANY(() => this.CONSUME(T.Minus));
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      // A name, or a call of a layer, block, modifier or function.
      {
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.OPTION(() => this.SUBRULE(this.args));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Input);
          this.SUBRULE2(this.args);
        },
      },
      { ALT: () => this.compound() },
      // `(e)` is just `e`; `(a, b, ...)` is a tuple.
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expr) });
          this.CONSUME(T.RParen);
        },
      },
      // A braced group: one branch of `concat`/`add`.
      { ALT: () => this.SUBRULE(this.body) },
    ]);
  });

  /** `repeat(n) { ... }` and the like, inlined into `primary`. */
  private compound(): void {
    this.OR2([
      { ALT: () => this.CONSUME(T.Repeat) },
      { ALT: () => this.CONSUME(T.Residual) },
      { ALT: () => this.CONSUME(T.Concat) },
      { ALT: () => this.CONSUME(T.Add) },
    ]);
    this.OPTION2(() => this.SUBRULE3(this.args));
    this.SUBRULE2(this.body);
  }

  /** `(a, b, name = c)`: each `name =` belongs to the expression right after it (see to-ast.ts). */
  args = this.RULE('args', () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        this.OPTION(() => {
          this.CONSUME(T.Identifier, { LABEL: 'name' });
          this.CONSUME(T.Equals);
        });
        this.SUBRULE(this.expr);
      },
    });
    this.CONSUME(T.RParen);
  });

  /** An inserted token takes the position just past the previous real token, not NaN. */
  protected override getTokenToInsert(tokType: TokenType): IToken {
    const tok = super.getTokenToInsert(tokType);
    const prev = this.LA(0);
    const at = prev.tokenType === EOF || Number.isNaN(prev.startOffset) ? 0 : prev.startOffset + prev.image.length;
    tok.startOffset = at;
    tok.endOffset = at - 1;
    return tok;
  }
}

/** The one parser instance; building it analyses the grammar, which is slow, so it happens once. */
export const parser = new NnParser();

/** Parses a token stream (from `lex`) into a CST; never throws for bad input. */
export function parseTokens(tokens: IToken[]): { cst: CstNode; errors: typeof parser.errors } {
  parser.input = tokens;
  const cst = parser.file();
  return { cst, errors: parser.errors };
}
