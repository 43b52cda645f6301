// The quick path of the command line: `nnc check`, `nnc ir` and `nnc summary` written plainly (the
// command, its arguments and its options, each option once as `--name value`, `--name=value` or
// `-n value`) are read here, into exactly the arguments and options commander would give their
// action (tests/cli/quick.test.ts compares the two). Anything else, such as --help, an unknown
// option, a value starting with '-' or a wrong number of arguments, is left to commander.

interface OptionSpec {
  /** The key in the options object (commander's camel-cased long name). */
  key: string;
  long: string;
  short?: string;
  /** Takes a value; else a flag, true when given. */
  value: boolean;
  default?: string;
}

interface CommandSpec {
  /** One argument, or one or more (`<files...>`). */
  variadic: boolean;
  options: OptionSpec[];
}

const root: OptionSpec = { key: 'root', long: '--root', value: true };
const model: OptionSpec = { key: 'model', long: '--model', short: '-m', value: true };

/** As program.ts defines them. */
export const QUICK_COMMANDS: Record<string, CommandSpec> = {
  check: { variadic: true, options: [{ key: 'json', long: '--json', value: false }, root] },
  ir: { variadic: false, options: [model, root] },
  summary: {
    variadic: false,
    options: [
      model,
      { key: 'format', long: '--format', short: '-f', value: true, default: 'text' },
      { key: 'batch', long: '--batch', short: '-b', value: true },
      { key: 'expand', long: '--expand', short: '-e', value: false },
      root,
    ],
  },
};

export interface QuickCommand {
  command: string;
  args: string[];
  opts: Record<string, string | true>;
}

/** The command line read as commander would, when it is one of the plain forms; else undefined. */
export function quickCommand(argv: string[]): QuickCommand | undefined {
  const [command, ...rest] = argv;
  const spec = command === undefined || !Object.hasOwn(QUICK_COMMANDS, command) ? undefined : QUICK_COMMANDS[command];
  if (!spec) return undefined;
  const args: string[] = [];
  const opts: Record<string, string | true> = {};
  const given = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    if (!word.startsWith('-')) {
      args.push(word);
      continue;
    }
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const name = eq === -1 ? word : word.slice(0, eq);
    const option = spec.options.find((o) => o.long === name || (eq === -1 && o.short === name));
    if (!option || given.has(option.key)) return undefined;
    given.add(option.key);
    if (!option.value) {
      if (eq !== -1) return undefined;
      opts[option.key] = true;
      continue;
    }
    const value = eq === -1 ? rest[++i] : word.slice(eq + 1);
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    opts[option.key] = value;
  }
  if (args.length === 0 || (!spec.variadic && args.length > 1)) return undefined;
  for (const o of spec.options) if (o.default !== undefined && !given.has(o.key)) opts[o.key] = o.default;
  return { command, args, opts } as QuickCommand;
}
