// The grammar of .nn as a Chevrotain parser producing a concrete syntax tree. It accepts a
// superset of the language (layer names are plain identifiers; the checker narrows it). One
// instance is built on first use and reused; with recovery on, it returns a partial tree instead
// of throwing. A file without syntax errors is parsed by direct.ts instead, which follows this
// grammar without building a tree; this parser reports the errors and recovers from them.
// Chevrotain is loaded with it (chevrotain.ts): the class is defined when the parser is built.
import type { CstNode, IParserErrorMessageProvider, IRecognitionException, ISerializedGast, IToken, TokenType } from 'chevrotain';
import type { Chevrotain } from './chevrotain.js';
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
    if (what === undefined && expected === EOF()) return `unexpected ${describeToken(actual)}`;
    return `expected ${what ?? describeType(expected)} but found ${found(expected, actual)}`;
  },
  buildNotAllInputParsedMessage: ({ firstRedundant }) => `unexpected ${describeToken(firstRedundant)}`,
  buildNoViableAltMessage: ({ actual, ruleName }) => `expected ${EXPECTED[ruleName] ?? 'something else'} but found ${describeToken(actual[0])}`,
  buildEarlyExitMessage: ({ actual, ruleName }) => `expected ${EXPECTED[ruleName] ?? 'something else'} but found ${describeToken(actual[0])}`,
};

/** Chevrotain's end-of-input token type (Chevrotain is loaded once the parser is built). */
const EOF = (): TokenType => T.chevrotainTokens().EOF;

/** How a token type reads in a message: "')'", "a name", "newline". */
function describeType(type: TokenType): string {
  if (type === EOF()) return 'end of file';
  return type.LABEL ?? type.name;
}

/** How an actual token reads in a message: "')'", "name 'relu'", "newline", "end of file". */
function describeToken(tok: IToken | undefined): string {
  if (tok === undefined || tok.tokenType === EOF()) return 'end of file';
  const type = tok.tokenType;
  if (type === T.Newline) return 'newline';
  if (type === T.Identifier) return `name '${tok.image}'`;
  if (type === T.NumberLiteral) return `number ${tok.image}`;
  if (type === T.StringLiteral || type === T.UnterminatedString) return 'a string';
  return `'${tok.image}'`;
}

/** A `)` missing at the end of a line is reported at the newline, which the parser never saw. */
function found(expected: TokenType, actual: IToken): string {
  const closes = expected === T.RParen || expected === T.Comma;
  return closes && T.droppedNewlineBefore(actual) ? 'newline' : describeToken(actual);
}

function startsLineWithOperator(actual: IToken, previous: IToken | undefined): boolean {
  const binary = actual.tokenType === T.Plus || actual.tokenType === T.Star || actual.tokenType === T.Slash;
  return binary && previous?.tokenType === T.Newline;
}

/** When a statement is complete but more follows on its line, say that it should end here. */
function endOfStatement(expected: TokenType, actual: IToken, previous: IToken | undefined): string | undefined {
  if (actual.tokenType === EOF() || T.isSeparator(actual)) return undefined;
  const afterOpen = previous === undefined || previous.tokenType === T.LBrace || T.isSeparator(previous);
  if (expected === T.Separator || (expected === EOF() && !afterOpen)) return "newline or ';'";
  return expected === T.RBrace && !afterOpen ? "newline, ';' or '}'" : undefined;
}

/**
 * The token before `tok` in the input being parsed. Chevrotain's own `previous` is the last token
 * skipped when the error comes from resynchronising a repetition, so look it up by offset.
 */
function tokenBefore(tok: IToken): IToken | undefined {
  const input = getParser().input;
  if (tok.tokenType === EOF()) return input[input.length - 1];
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

/**
 * Syntax errors after which parsing stops. Each costs recovery work (more when brackets are nested
 * deep); 49,000 lines of `concat()` (each missing its `{`) took 7 s. Nobody reads past the first
 * hundred (the compiler shows 100), so the rest of the file is left unparsed and said to be.
 */
export const MAX_SYNTAX_ERRORS = 1_000;

/** The parts of Chevrotain's recovery that NnParser uses (not in its typings). */
interface ChevrotainRecovery {
  /** The token types that can follow each rule on the stack, the outermost (EOF) first. */
  flattenFollowSet(): TokenType[];
  /** The index of the last consumed token. */
  currIdx: number;
  /** Records a syntax error. */
  SAVE_ERROR(error: IRecognitionException): IRecognitionException;
  /** Moves to the end of the input: every rule still open then sees EOF and returns. */
  moveToTerminatedState(): void;
  /** Where the parser is: the rules open (outermost first) and what it expects next. */
  getCurrentGrammarPath(tokType: TokenType, tokIdxInRule: number): GrammarPath;
  /** The tokens that can come next on that path, found by walking the grammar down it. */
  getNextPossibleTokenTypes(path: GrammarPath): TokenType[];
}

interface GrammarPath {
  ruleStack: string[];
  occurrenceStack: number[];
  lastTok: TokenType;
  lastTokOccurrence: number;
}

/**
 * Rules of the path (innermost) that in-rule recovery looks at to know what may follow a token.
 * Within a few rules, one always has a closing bracket (or the file's end) still to come, which
 * ends the set, so the answer is the same as for the whole path.
 */
const FOLLOW_DEPTH = 12;

/** What the rest of the front end uses of the parser. */
export interface NnParser {
  input: IToken[];
  errors: IRecognitionException[];
  parseFile(tokens: IToken[]): { cst: CstNode; stoppedAt: IRecognitionException | undefined; scanned: number };
  getSerializedGastProductions(): ISerializedGast[];
}

/** The parser's class, over the Chevrotain given. */
function defineParser(C: Chevrotain) {
  const { CstParser, tokenMatcher } = C;
  const chevrotain = CstParser.prototype as unknown as ChevrotainRecovery;

  return class Parser extends CstParser implements NnParser {
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
      this.entries();
    });

    /** `{ entry; entry }` (of a section or a train section): entries between separators, any empty. */
    private entries(): void {
      this.CONSUME(T.LBrace);
      this.OPTION(() => this.SUBRULE(this.entry));
      this.MANY(() => {
        this.CONSUME(T.Separator);
        this.OPTION2(() => this.SUBRULE2(this.entry));
      });
      this.CONSUME(T.RBrace);
    }

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
      this.entries();
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

    /**
     * Recovery never assumes a missing `(` or `{`: each one it assumed would open one more nested
     * rule without consuming input, so `concat()` (or `input`) repeated on every line nested as deep
     * as the file is long, past the bracket limit that parse.ts checks on the real tokens, until the
     * stack overflowed (or, on a larger stack, recovery over thousands of open rules ran for
     * minutes). Without it the statement fails, recovery resumes at the next statement, and nesting
     * stays that of the real brackets. Assuming a missing closing bracket is still allowed.
     */
    protected override canTokenTypeBeInsertedInRecovery(tokType: TokenType): boolean {
      return tokType !== T.LBrace && tokType !== T.LParen;
    }

    /** The last scan for a re-synchronisation point: no token of `types` lies in [from, at). */
    private resync: { from: number; at: number; types: Set<TokenType> } | undefined;
    /** Tokens looked at by those scans in this file: the work they cost. */
    private scanned = 0;

    /**
     * Chevrotain's own version scans forward from the current token, on every error and at every
     * rule the error unwinds through, to the first token that can follow a rule on the stack. So n
     * stray tokens at the top level (where only the file's end can follow) cost n scans of the rest
     * of the file (95,000 `}` took 19 s), and one error under 190 open brackets followed by 190,000
     * names cost 570 scans of them. Each scan is the same answer, or resumes where the last one
     * stopped: rules that unwind only remove types from the set, and a position the last scan
     * passed holds none of its types.
     */
    protected findReSyncTokenType(): TokenType {
      const internals = this as unknown as ChevrotainRecovery;
      const types = new Set(internals.flattenFollowSet());
      const follows = [...types];
      const from = internals.currIdx + 1;
      const last = this.resync;
      let at = from;
      if (last && from >= last.from && from <= last.at && follows.every((t) => last.types.has(t))) at = last.at;
      // EOF is always in the set, and past the end LA gives EOF: the loop ends.
      for (; ; at++) {
        this.scanned++;
        const tok = this.LA(at - internals.currIdx);
        const type = follows.find((t) => tokenMatcher(tok, t));
        if (type) {
          this.resync = { from, at, types };
          return type;
        }
      }
    }

    /**
     * Chevrotain walks the grammar down the whole path of open rules, recursively, on each error:
     * with brackets nested 190 deep, one error overflowed the stack. Only the innermost rules can
     * change the answer (see FOLLOW_DEPTH), so only they are walked.
     */
    protected getFollowsForInRuleRecovery(tokType: TokenType, tokIdxInRule: number): TokenType[] {
      const internals = this as unknown as ChevrotainRecovery;
      const path = internals.getCurrentGrammarPath(tokType, tokIdxInRule);
      const from = Math.max(0, path.ruleStack.length - FOLLOW_DEPTH);
      return internals.getNextPossibleTokenTypes({ ...path, ruleStack: path.ruleStack.slice(from), occurrenceStack: path.occurrenceStack.slice(from) });
    }

    /** Syntax errors recorded in this file; the one at which parsing stopped, if it did. */
    private errorCount = 0;
    private stoppedAt: IRecognitionException | undefined;

    /** Records an error; the MAX_SYNTAX_ERRORS-th ends parsing, and those after it are dropped. */
    protected SAVE_ERROR(error: IRecognitionException): IRecognitionException {
      if (this.stoppedAt) return error;
      chevrotain.SAVE_ERROR.call(this, error);
      if (++this.errorCount >= MAX_SYNTAX_ERRORS) {
        this.stoppedAt = error;
        (this as unknown as ChevrotainRecovery).moveToTerminatedState();
      }
      return error;
    }

    /**
     * Parses a new token stream (what was found in the last one no longer holds). Exceptions made
     * for error recovery capture no stack trace, which is most of their cost.
     */
    parseFile(tokens: IToken[]): { cst: CstNode; stoppedAt: IRecognitionException | undefined; scanned: number } {
      this.input = tokens;
      this.resync = undefined;
      this.scanned = 0;
      this.errorCount = 0;
      this.stoppedAt = undefined;
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      try {
        return { cst: this.file(), stoppedAt: this.stoppedAt, scanned: this.scanned };
      } finally {
        Error.stackTraceLimit = limit;
      }
    }

    /** An inserted token takes the position just past the previous real token, not NaN. */
    protected override getTokenToInsert(tokType: TokenType): IToken {
      const tok = super.getTokenToInsert(tokType);
      const prev = this.LA(0);
      const at = prev.tokenType === C.EOF || Number.isNaN(prev.startOffset) ? 0 : prev.startOffset + prev.image.length;
      tok.startOffset = at;
      tok.endOffset = at - 1;
      return tok;
    }
  };
}

let instance: NnParser | undefined;

/**
 * The one parser instance. Building it analyses the grammar, which is slow (a fifth of `nnc check`'s
 * start-up), so it happens once, and only when a file has a syntax error or the grammar is asked for.
 */
export function getParser(): NnParser {
  if (instance) return instance;
  const NnParserClass = defineParser(T.chevrotainTokens());
  return (instance = new NnParserClass());
}

export interface ParsedTokens {
  cst: CstNode;
  errors: IRecognitionException[];
  /** The error at which parsing stopped, after MAX_SYNTAX_ERRORS. */
  stoppedAt: IRecognitionException | undefined;
  /** Tokens looked at by error recovery's forward scans: its work, for the tests. */
  scanned: number;
}

/** Parses a token stream (from `lex`) into a CST; never throws for bad input. */
export function parseTokens(tokens: IToken[]): ParsedTokens {
  const parser = getParser();
  // Chevrotain numbered the token types when the parser was built: the tokens take their numbers.
  for (const tok of tokens) tok.tokenTypeIdx = tok.tokenType.tokenTypeIdx!;
  const { cst, stoppedAt, scanned } = parser.parseFile(tokens);
  return { cst, errors: parser.errors, stoppedAt, scanned };
}
