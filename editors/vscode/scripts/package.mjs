// Builds nnspec-vscode-<version>.vsix: copies the language's TextMate grammar and the license in,
// then packages with @vscode/vsce. Works offline once `npm ci` has run in this folder.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.resolve(here, '../..');
fs.mkdirSync(path.join(here, 'syntaxes'), { recursive: true });
fs.copyFileSync(path.join(repo, 'grammar/nn.tmLanguage.json'), path.join(here, 'syntaxes/nn.tmLanguage.json'));
fs.copyFileSync(path.join(repo, 'LICENSE'), path.join(here, 'LICENSE'));
const vsce = path.join(here, 'node_modules/@vscode/vsce/vsce');
if (!fs.existsSync(vsce)) {
  console.error('nnspec-vscode: run `npm ci` in editors/vscode first');
  process.exit(1);
}
const { version } = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));
const out = path.join(here, `nnspec-vscode-${version}.vsix`);
execFileSync(process.execPath, [vsce, 'package', '--no-update-package-json', '--out', out], { cwd: here, stdio: 'inherit' });
console.log(`built ${path.relative(process.cwd(), out)}`);
