// The grammar of .nn as a Chevrotain parser producing a concrete syntax tree. It accepts a
// superset of the language (layer names are plain identifiers; the checker narrows it). One
// instance is built once and reused; with recovery on, it returns a partial tree instead of throwing.
import { CstParser, EOF, type CstNode, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import * as T from './lexer.js';

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => {
    const what = endOfStatement(expected, actual, tokenBefore(actual));
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
  decl: "a declaration ('model', 'block', 'let' or 'import')",
  statement: 'a layer or an expression',
  expr: 'a layer or an expression',
  term: 'a layer or an expression',
  unary: 'a layer or an expression',
  primary: 'a layer or an expression',
  modelRest: "'(', '{' or '='",
  compoundKeyword: "'repeat', 'residual', 'concat' or 'add'",
};

export class NnParser extends CstParser {
  constructor() {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 3, nodeLocationTracking: 'onlyOffset', errorMessageProvider: messages });
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

  params = this.RULE('params', () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.param);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.param);
      });
    });
    this.CONSUME(T.RParen);
  });

  param = this.RULE('param', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expr);
    });
  });

  body = this.RULE('body', () => {
    this.CONSUME(T.LBrace);
    this.OPTION(() => this.SUBRULE(this.statement));
    this.MANY(() => {
      this.CONSUME(T.Separator);
      this.OPTION2(() => this.SUBRULE2(this.statement));
    });
    this.CONSUME(T.RBrace);
  });

  statement = this.RULE('statement', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.trainSection) }, { ALT: () => this.SUBRULE(this.expr) }]);
  });

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
    this.SUBRULE(this.expr);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expr);
    });
  });

  expr = this.RULE('expr', () => {
    this.SUBRULE(this.term);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      this.SUBRULE2(this.term);
    });
  });

  term = this.RULE('term', () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Star) }, { ALT: () => this.CONSUME(T.Slash) }]);
      this.SUBRULE2(this.unary);
    });
  });

  unary = this.RULE('unary', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Minus);
          this.SUBRULE(this.unary);
        },
      },
      { ALT: () => this.SUBRULE(this.primary) },
    ]);
  });

  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.SUBRULE(this.nameOrCall) },
      { ALT: () => this.SUBRULE(this.inputCall) },
      { ALT: () => this.SUBRULE(this.compound) },
      { ALT: () => this.SUBRULE(this.parenthesized) },
      { ALT: () => this.SUBRULE(this.body) },
    ]);
  });

  nameOrCall = this.RULE('nameOrCall', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.args));
  });

  inputCall = this.RULE('inputCall', () => {
    this.CONSUME(T.Input);
    this.SUBRULE(this.args);
  });

  compound = this.RULE('compound', () => {
    this.SUBRULE(this.compoundKeyword);
    this.OPTION(() => this.SUBRULE(this.args));
    this.SUBRULE(this.body);
  });

  compoundKeyword = this.RULE('compoundKeyword', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Repeat) },
      { ALT: () => this.CONSUME(T.Residual) },
      { ALT: () => this.CONSUME(T.Concat) },
      { ALT: () => this.CONSUME(T.Add) },
    ]);
  });

  /** `(e)` is just `e`; `(a, b, ...)` is a tuple. */
  parenthesized = this.RULE('parenthesized', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expr);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expr);
    });
    this.CONSUME(T.RParen);
  });

  args = this.RULE('args', () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.arg);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.arg);
      });
    });
    this.CONSUME(T.RParen);
  });

  arg = this.RULE('arg', () => {
    this.OPTION(() => {
      this.CONSUME(T.Identifier, { LABEL: 'name' });
      this.CONSUME(T.Equals);
    });
    this.SUBRULE(this.expr);
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
