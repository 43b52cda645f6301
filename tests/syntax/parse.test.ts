// Every construct of the language parses to the expected AST, with exact spans.
import { describe, expect, test } from 'vitest';
import type { BlockDecl, Call, Compound, ExprStatement, ModelDecl, TrainSection } from '../../src/syntax/ast.js';
import { FIRST_LOOK } from './fixtures.js';
import { parse, shape, spanOf } from './helpers.js';

const num = (text: string) => ({ kind: 'number', text });
const name = (n: string) => ({ kind: 'name', name: n });
const call = (callee: string, ...args: unknown[]) => ({ kind: 'call', callee: { name: callee }, args });
const pos = (value: unknown) => ({ value });
const named = (n: string, value: unknown) => ({ name: { name: n }, value });
const bin = (op: string, left: unknown, right: unknown) => ({ kind: 'binary', op, left, right });
const stmt = (expr: unknown) => ({ kind: 'expr', expr });

function only(text: string) {
  const { ast, diagnostics } = parse(text);
  expect(diagnostics).toEqual([]);
  return ast;
}

function letValue(text: string) {
  const decl = only(text).decls[0];
  if (decl?.kind !== 'let') throw new Error('not a let');
  return decl.value;
}

function bodyOf(text: string) {
  const decl = only(text).decls[0] as ModelDecl;
  return decl.body;
}

describe('the first-look example', () => {
  const { ast, diagnostics } = parse(FIRST_LOOK);

  test('parses with no diagnostics', () => expect(diagnostics).toEqual([]));

  test('has the expected declarations', () => {
    expect(ast.decls.map((d) => [d.kind, d.name.name])).toEqual([
      ['block', 'conv_block'],
      ['model', 'cnn'],
      ['variant', 'cnn_reduced'],
      ['model', 'fc8'],
    ]);
  });

  test('keeps the statements of cnn with a train section last', () => {
    const cnn = ast.decls[1] as ModelDecl;
    expect(cnn.body).toHaveLength(11);
    expect(cnn.body[0]).toMatchObject({ kind: 'expr', expr: { kind: 'call', callee: { name: 'input' } } });
    const train = cnn.body[10] as TrainSection;
    expect(train.entries.map((e) => e.key.name)).toEqual(['optimizer', 'loss', 'metrics', 'batch', 'epochs']);
    expect(shape(train.entries[0]!.value)).toEqual(call('adam', named('lr', num('0.001'))));
  });

  test('spans a declaration from its keyword to its closing brace', () => {
    const block = ast.decls[0] as BlockDecl;
    const start = FIRST_LOOK.indexOf('block conv_block');
    const end = FIRST_LOOK.indexOf('}', start) + 1;
    expect(block.span).toEqual({ file: 't.nn', start, end });
    expect(block.name.span).toEqual(spanOf(FIRST_LOOK, 'conv_block'));
    const f = FIRST_LOOK.indexOf('(f,') + 1;
    expect(block.params.map((p) => p.span)).toEqual([{ file: 't.nn', start: f, end: f + 1 }, spanOf(FIRST_LOOK, 'drop = 0')]);
  });

  test('spans a call from its name to its closing parenthesis', () => {
    const block = ast.decls[0] as BlockDecl;
    const chain = (block.body[0] as ExprStatement).expr;
    expect(chain.span).toEqual(spanOf(FIRST_LOOK, 'conv(f, padding = same) + bn + l2(0.001) + relu + dropout(drop)'));
    let first = chain;
    while (first.kind === 'binary') first = first.left;
    const conv = first as Call;
    expect(conv.span).toEqual(spanOf(FIRST_LOOK, 'conv(f, padding = same)'));
    expect(conv.args[1]!.span).toEqual(spanOf(FIRST_LOOK, 'padding = same'));
    expect(conv.args[1]!.name!.span).toEqual(spanOf(FIRST_LOOK, 'padding'));
  });

  test('reads the variant and the repeat', () => {
    expect(shape(ast.decls[2])).toEqual({ kind: 'variant', name: { name: 'cnn_reduced' }, base: { name: 'cnn' }, args: [named('w', num('0.5'))] });
    const rep = (ast.decls[3] as ModelDecl).body[2] as ExprStatement;
    expect(rep.expr.span).toEqual(spanOf(FIRST_LOOK, 'repeat(7) { dense(512) + relu }'));
    expect(shape(rep.expr)).toEqual({
      kind: 'compound',
      keyword: 'repeat',
      args: [pos(num('7'))],
      body: [stmt(bin('+', call('dense', pos(num('512'))), name('relu')))],
    });
  });
});

describe('declarations', () => {
  test('import, let, block with defaults, model without parameters', () => {
    const ast = only('import "layers/common.nn"\nlet width = 64\nblock b(f, act = relu) { conv(f) + act }\nmodel m { input(4) }');
    expect(shape(ast.decls)).toEqual([
      { kind: 'import', path: { kind: 'string', value: 'layers/common.nn' } },
      { kind: 'let', name: { name: 'width' }, value: num('64') },
      {
        kind: 'block',
        name: { name: 'b' },
        params: [{ name: { name: 'f' } }, { name: { name: 'act' }, default: name('relu') }],
        body: [stmt(bin('+', call('conv', pos(name('f'))), name('act')))],
      },
      { kind: 'model', name: { name: 'm' }, params: [], body: [stmt(call('input', pos(num('4'))))] },
    ]);
  });

  test('a variant without arguments', () => {
    expect(shape(only('model b = a').decls[0])).toEqual({ kind: 'variant', name: { name: 'b' }, base: { name: 'a' }, args: [] });
  });

  test('empty file, only comments, only blank lines', () => {
    for (const text of ['', '# nothing\n', '\n\n;\n', '  # a\n\n# b']) expect(only(text).decls).toEqual([]);
  });
});

describe('expressions', () => {
  test('precedence and associativity', () => {
    expect(shape(letValue('let x = 1 + 2 * 3 - 4 / 2 / 1'))).toEqual(
      bin('-', bin('+', num('1'), bin('*', num('2'), num('3'))), bin('/', bin('/', num('4'), num('2')), num('1'))),
    );
  });

  test('negative numbers and nested negation', () => {
    const text = 'let x = -1e-3 * - -.5';
    expect(shape(letValue(text))).toEqual(
      bin('*', { kind: 'negate', operand: num('1e-3') }, { kind: 'negate', operand: { kind: 'negate', operand: num('.5') } }),
    );
    const value = letValue(text);
    expect(value.span).toEqual(spanOf(text, '-1e-3 * - -.5'));
  });

  test('parentheses, tuples, booleans and strings with escapes', () => {
    expect(shape(letValue('let x = (1 + 2)'))).toEqual(bin('+', num('1'), num('2')));
    const text = 'let x = ((1, 2), (3, 4))';
    const tuple = letValue(text);
    expect(tuple.span).toEqual(spanOf(text, '((1, 2), (3, 4))'));
    expect(shape(tuple)).toEqual({
      kind: 'tuple',
      items: [{ kind: 'tuple', items: [num('1'), num('2')] }, { kind: 'tuple', items: [num('3'), num('4')] }],
    });
    expect(shape(letValue('let x = true'))).toEqual({ kind: 'bool', value: true });
    expect(shape(letValue('let x = false'))).toEqual({ kind: 'bool', value: false });
    expect(shape(letValue('let x = "a\\"b\\\\c\\nd\\te"'))).toEqual({ kind: 'string', value: 'a"b\\c\nd\te' });
  });

  test('positional then named arguments, with spans', () => {
    const text = 'let x = conv(64, kernel = (3, 3), stride = 2)';
    const value = letValue(text) as Call;
    expect(shape(value)).toEqual(
      call('conv', pos(num('64')), named('kernel', { kind: 'tuple', items: [num('3'), num('3')] }), named('stride', num('2'))),
    );
    expect(value.args.map((a) => a.span)).toEqual([spanOf(text, '64'), spanOf(text, 'kernel = (3, 3)'), spanOf(text, 'stride = 2')]);
    expect(value.callee.span).toEqual(spanOf(text, 'conv'));
  });

  test('input with dtype, layer names that look like keywords', () => {
    expect(shape(letValue('let x = input(10, dtype = "int32")'))).toEqual(
      call('input', pos(num('10')), named('dtype', { kind: 'string', value: 'int32' })),
    );
    expect(shape(letValue('let x = models + adder + inputs'))).toEqual(bin('+', bin('+', name('models'), name('adder')), name('inputs')));
  });
});

describe('statements and compounds', () => {
  test('residual with and without shortcut', () => {
    const body = bodyOf('model m {\n  residual { conv(8) + bn }\n  residual(shortcut = conv(16, 1) + bn) { conv(16) }\n}');
    expect(shape(body)).toEqual([
      stmt({ kind: 'compound', keyword: 'residual', args: [], body: [stmt(bin('+', call('conv', pos(num('8'))), name('bn')))] }),
      stmt({
        kind: 'compound',
        keyword: 'residual',
        args: [named('shortcut', bin('+', call('conv', pos(num('16')), pos(num('1'))), name('bn')))],
        body: [stmt(call('conv', pos(num('16'))))],
      }),
    ]);
  });

  test('concat with braced groups and add without arguments', () => {
    const text = 'model m {\n  concat(axis = -1) {\n    { conv(8); relu }\n    identity\n  }\n  add { dense(4)\n dense(4) }\n}';
    const body = bodyOf(text);
    expect(shape(body)).toEqual([
      stmt({
        kind: 'compound',
        keyword: 'concat',
        args: [named('axis', { kind: 'negate', operand: num('1') })],
        body: [stmt({ kind: 'group', body: [stmt(call('conv', pos(num('8')))), stmt(name('relu'))] }), stmt(name('identity'))],
      }),
      stmt({ kind: 'compound', keyword: 'add', args: [], body: [stmt(call('dense', pos(num('4')))), stmt(call('dense', pos(num('4'))))] }),
    ]);
    const concat = (body[0] as ExprStatement).expr as Compound;
    expect(concat.keywordSpan).toEqual(spanOf(text, 'concat'));
    expect(concat.body[0]!.span).toEqual(spanOf(text, '{ conv(8); relu }'));
  });

  test('train with a metrics list becomes a tuple', () => {
    const text = 'model m {\n  train {\n    metrics: accuracy, mse\n    shuffle: false; seed: 7\n  }\n}';
    const train = bodyOf(text)[0] as TrainSection;
    expect(shape(train)).toEqual({
      kind: 'train',
      entries: [
        { key: { name: 'metrics' }, value: { kind: 'tuple', items: [name('accuracy'), name('mse')] } },
        { key: { name: 'shuffle' }, value: { kind: 'bool', value: false } },
        { key: { name: 'seed' }, value: num('7') },
      ],
    });
    expect(train.span).toEqual(spanOf(text, 'train {\n    metrics: accuracy, mse\n    shuffle: false; seed: 7\n  }'));
    expect(train.entries[0]!.span).toEqual(spanOf(text, 'metrics: accuracy, mse'));
    expect(train.entries[0]!.value.span).toEqual(spanOf(text, 'accuracy, mse'));
  });

  test('; separates statements like a newline', () => {
    expect(shape(bodyOf('model m { input(4); flatten;; dense(2) ; }'))).toEqual([
      stmt(call('input', pos(num('4')))),
      stmt(name('flatten')),
      stmt(call('dense', pos(num('2')))),
    ]);
  });

  test('a line continues after +, after a comma and inside parentheses', () => {
    const joined = shape(bodyOf('model m {\n  dense(4, bias = false) + relu\n}'));
    expect(shape(bodyOf('model m {\n  dense(4,\n        bias = false) +\n    relu\n}'))).toEqual(joined);
    expect(shape(bodyOf('model m {\n  dense(\n    4, bias =\n false\n  ) + relu\n}'))).toEqual(joined);
  });

  test('a newline after { and before } is only separation', () => {
    expect(shape(bodyOf('model m {\n\n  flatten\n\n}'))).toEqual([stmt(name('flatten'))]);
  });

  test('a line does not continue before a leading +', () => {
    const text = 'model m {\n  dense(4)\n  + relu\n}';
    expect(parse(text).diagnostics).toEqual([
      {
        code: 'NN0004',
        severity: 'error',
        message: "unexpected '+' at the start of a line: a line continues only when the previous one ends with '+'",
        span: spanOf(text, '+'),
      },
    ]);
  });
});
