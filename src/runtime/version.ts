// nnspec's version, from the package.json above this file (compiled to dist/ or bundled).
import { createRequire } from 'node:module';

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
