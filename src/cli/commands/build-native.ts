// `nnc build-native`: compiles the native kernels of this nnspec installation into its own
// native/build/, with the code of its install script (scripts/build-native.mjs), for when that
// script did not run (npm 11 blocks a dependency's install scripts until approved) or had no
// compiler. Exit 0 when built, 1 when not (the reason is printed).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../../runtime/fast/addon.js';
import { EXIT } from '../output.js';

interface BuildResult {
  ok: boolean;
  reason?: string;
  file?: string;
  target?: string;
  isas?: string[];
}

export async function runBuildNative(): Promise<number> {
  const script = path.join(packageRoot(), 'scripts', 'build-native.mjs');
  if (!existsSync(script)) {
    process.stderr.write(`nnc: error: ${script} is missing; reinstall nnspec\n`);
    return EXIT.errors;
  }
  const { buildNative, defaultOut } = (await import(pathToFileURL(script).href)) as {
    buildNative: () => Promise<BuildResult>;
    defaultOut: string;
  };
  process.stdout.write(`Compiling the native kernels into ${defaultOut} …\n`);
  const result = await buildNative();
  if (!result.ok) {
    process.stderr.write(`nnc: error: native kernels not built: ${result.reason}\n`);
    return EXIT.errors;
  }
  const kernels = createRequire(import.meta.url)(result.file!) as { isa(): string };
  process.stdout.write(`Built ${result.file} for ${result.target} (instruction sets: ${result.isas!.join(', ')}); ` +
    `this CPU uses ${kernels.isa()}. \`nnc backends\` shows the fast backend.\n`);
  return EXIT.ok;
}
