// A copy of the package as npm installs it as a dependency: <project>/node_modules/nnspec with the
// built CLI, the build script and the C++ sources, next to links to this repository's dependencies.
// `fakes` adds packages (name → files) to that node_modules, e.g. a GPU binding that fails to load.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

export function installedCopy(fakes: Record<string, Record<string, string>> = {}): { project: string; pkg: string; nnc: string } {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-installed-'));
  const modules = path.join(project, 'node_modules');
  // Links every dependency except the faked ones (whose files must not land in the real package).
  const link = (from: string, to: string, prefix: string) => {
    for (const entry of fs.readdirSync(from)) {
      const name = prefix + entry;
      if (entry.startsWith('.') || name in fakes) continue;
      if (entry.startsWith('@') && Object.keys(fakes).some((f) => f.startsWith(`${name}/`))) {
        fs.mkdirSync(path.join(to, entry), { recursive: true });
        link(path.join(from, entry), path.join(to, entry), `${name}/`);
      } else fs.symlinkSync(path.join(from, entry), path.join(to, entry));
    }
  };
  fs.mkdirSync(modules);
  link(path.join(root, 'node_modules'), modules, '');
  for (const [name, files] of Object.entries(fakes)) {
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(modules, name, file)), { recursive: true });
      fs.writeFileSync(path.join(modules, name, file), text);
    }
  }
  const pkg = path.join(modules, 'nnspec');
  for (const part of ['package.json', 'bin', 'dist', 'scripts/build-native.mjs']) fs.cpSync(path.join(root, part), path.join(pkg, part), { recursive: true });
  fs.cpSync(path.join(root, 'native'), path.join(pkg, 'native'), { recursive: true, filter: (f) => !/[/\\](build|prebuilt)([/\\]|$)/.test(path.relative(root, f)) });
  return { project, pkg, nnc: path.join(pkg, 'bin', 'nnc.js') };
}
