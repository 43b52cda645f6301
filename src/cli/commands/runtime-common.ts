// What the commands that run models share: problems with data, backends or training are one
// line on stderr and exit code 1, never a stack trace.
import { createRequire } from 'node:module';
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
    throw e;
  }
}

/** nnspec's version, from the package.json above this file (compiled to dist/ or bundled). */
export function versionOf(): string {
  const require = createRequire(import.meta.url);
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = require(up) as { name?: string; version: string };
      if (pkg.name === 'nnspec') return pkg.version;
    } catch {
      // not at this level
    }
  }
  return 'unknown';
}
