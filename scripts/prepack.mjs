// `prepack` (run by `npm pack` and `npm publish`): builds the native kernels into
// native/prebuilt/<platform>-<arch>/ so the package carries a binary for this platform. The binary
// picks its instruction set (AVX-512, AVX2 or baseline) at run time, so it runs on any CPU of the
// architecture; an install that may run scripts still compiles its own into native/build/. A
// binary that cannot be built fails the pack (--strict) rather than shipping a package without it.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'native', 'prebuilt', `${process.platform}-${process.arch}`);
execFileSync(process.execPath, [path.join(root, 'scripts', 'build-native.mjs'), '--out', out, '--strict'], { stdio: 'inherit', cwd: root });
