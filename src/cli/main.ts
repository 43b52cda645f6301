// The `nnc` command line. `nnc check`, `nnc ir` and `nnc summary` in their plain forms (quick.ts)
// run without loading commander, which with the definition of every command is a fifth of their
// start-up; any other command line goes through commander (program.ts), loaded then, by
// `loadProgram` (bin/nnc.js passes its own: the bundle it runs this from is CommonJS).
import { runCheck } from './commands/check.js';
import { runIr } from './commands/ir.js';
import { runSummary, type SummaryOptions } from './commands/summary.js';
import { EXIT, UsageError } from './output.js';
import { quickCommand } from './quick.js';

/** Runs the CLI and returns the exit code. Never throws for user input. */
export async function main(argv: string[], loadProgram: () => Promise<typeof import('./program.js')> = () => import('./program.js')): Promise<number> {
  try {
    const quick = quickCommand(argv);
    if (quick?.command === 'check') return runCheck(quick.args, quick.opts as { json?: boolean; root?: string });
    if (quick?.command === 'ir') return runIr(quick.args[0]!, quick.opts as { model?: string; root?: string });
    if (quick?.command === 'summary') return runSummary(quick.args[0]!, quick.opts as SummaryOptions);
    const { runProgram } = await loadProgram();
    return await runProgram(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`nnc: error: ${e.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`nnc: internal error (a bug in nnc, please report it): ${(e as Error).message}\n`);
    return 70;
  }
}
