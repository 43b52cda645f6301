// What the commands that run models share: problems with data, backends or training are one
// line on stderr and exit code 1, never a stack trace.
import { EXIT } from '../output.js';

export async function runtimeErrors(body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    // Imported here, not at the top, so that loading this file loads nothing heavy.
    const [{ DataError }, { TrainError }, { BackendUnavailable }] = await Promise.all([
      import('../../data/types.js'), import('../../runtime/train.js'), import('../../runtime/backends/index.js'),
    ]);
    if (e instanceof DataError || e instanceof TrainError || e instanceof BackendUnavailable) {
      process.stderr.write(`nnc: error: ${(e as Error).message}\n`);
      return EXIT.errors;
    }
    const { writeProblem } = await import('../../make-dir.js');
    const problem = writeProblem(e);
    if (problem) {
      process.stderr.write(`nnc: error: ${problem}\n`);
      return EXIT.errors;
    }
    throw e;
  }
}

export { versionOf } from '../../runtime/version.js';
