// The quick path (src/cli/quick.ts) against commander: every command line it takes must give the
// action exactly the arguments and options commander gives it, and its table of options must be
// commander's.
import { expect, it } from 'vitest';
import type { Command } from 'commander';
import { program } from '../../src/cli/program.js';
import { QUICK_COMMANDS, quickCommand } from '../../src/cli/quick.js';

/** What commander hands the action of `argv`'s command, or its error code. */
async function viaCommander(argv: string[]): Promise<{ command: string; args: string[]; opts: Record<string, unknown> } | string> {
  const p = program(() => {});
  let seen: { command: string; args: string[]; opts: Record<string, unknown> } | undefined;
  for (const c of p.commands) {
    c.configureOutput({ writeOut: () => {}, writeErr: () => {} });
    c.action((...a: unknown[]) => {
      const [first, opts] = a as [string | string[], Record<string, unknown>];
      seen = { command: c.name(), args: Array.isArray(first) ? first : [first], opts: { ...opts } };
    });
  }
  try {
    await p.parseAsync(argv, { from: 'user' });
  } catch (e) {
    return (e as { code: string }).code;
  }
  return seen!;
}

const FILES = ['specs/hw4/part2.nn', 'a b.nn', 'x=y.nn', 'specs/**/*.nn'];
const OPTIONS = ['--json', '--root', 'dir', '--root=dir', '-m', 'mlp', '--model', 'cnn,mlp', '--model=mlp', '-f', 'json', '--format', 'csv', '--format=md',
  '-b', '32', '--batch=8', '-e', '--expand', '--help', '-h', '--', '-', '--format=', '-fjson', '--json=1', '--nope', '-x', '--root', '-m', '-', 'extra.nn'];

it('gives the action what commander gives it, on every command line it takes', async () => {
  let taken = 0;
  let left = 0;
  let seed = 11;
  const r = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const lines: string[][] = [];
  for (const command of ['check', 'ir', 'summary', 'compare', 'fmt']) {
    for (let i = 0; i < 300; i++) {
      const words = [FILES[Math.floor(r() * FILES.length)]!];
      for (let k = Math.floor(r() * 5); k > 0; k--) words.splice(Math.floor(r() * (words.length + 1)), 0, OPTIONS[Math.floor(r() * OPTIONS.length)]!);
      lines.push([command, ...words]);
    }
  }
  lines.push(['check', 'a.nn', 'b.nn', '--json'], ['summary', '--format', 'json', 'specs/classic/vgg16.nn'], ['ir', '-m', 'mlp', 'f.nn', '--root', 'r']);
  for (const argv of lines) {
    const quick = quickCommand(argv);
    if (!quick) {
      left++;
      continue;
    }
    taken++;
    expect(quick, argv.join(' ')).toEqual(await viaCommander(argv));
  }
  // Both paths are exercised in bulk.
  expect(taken).toBeGreaterThan(200);
  expect(left).toBeGreaterThan(200);
});

it('takes the plain forms and leaves the rest to commander', () => {
  expect(quickCommand(['summary', 'specs/classic/vgg16.nn', '--format', 'json'])).toEqual({
    command: 'summary',
    args: ['specs/classic/vgg16.nn'],
    opts: { format: 'json' },
  });
  expect(quickCommand(['check', 'a.nn', 'b.nn', '--json', '--root=r'])).toEqual({ command: 'check', args: ['a.nn', 'b.nn'], opts: { json: true, root: 'r' } });
  expect(quickCommand(['summary', 'f.nn'])!.opts).toEqual({ format: 'text' });
  for (const argv of [['summary', 'f.nn', '--help'], ['summary', 'a.nn', 'b.nn'], ['check'], ['check', '--json', '--json', 'f.nn'], ['ir', 'f.nn', '-m'], ['train', 'f.nn'], ['toString'], []]) {
    expect(quickCommand(argv), argv.join(' ')).toBeUndefined();
  }
});

it('knows the options program.ts defines for its commands', () => {
  const p = program(() => {});
  for (const [name, spec] of Object.entries(QUICK_COMMANDS)) {
    const c = p.commands.find((x: Command) => x.name() === name)!;
    const defined = c.options.map((o) => ({ key: o.attributeName(), long: o.long, short: o.short, value: o.required, default: o.defaultValue as string | undefined }));
    const quick = spec.options.map((o) => ({ key: o.key, long: o.long, short: o.short, value: o.value, default: o.default }));
    expect(quick, name).toEqual(defined);
    expect(c.registeredArguments.map((a) => a.variadic), name).toEqual([spec.variadic]);
  }
});
