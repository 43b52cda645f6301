// The VS Code extension's manifest agrees with the rest of the project: its problem matcher
// matches what `nnc check` prints, its grammar is the language's, its settings are the ones the
// language server reads.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(fs.readFileSync('editors/vscode/package.json', 'utf8'));

describe('editors/vscode', () => {
  it('has a problem matcher for nnc check output with NN codes', () => {
    const pattern = manifest.contributes.problemMatchers[0].pattern;
    const out = spawnSync(process.execPath, ['bin/nnc.js', 'check', 'tests/fixtures/three-errors/input.nn'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }).stdout;
    const re = new RegExp(pattern.regexp);
    const found = out.split('\n').flatMap((l) => {
      const m = re.exec(l);
      return m ? [[m[pattern.file], m[pattern.line], m[pattern.column], m[pattern.severity], m[pattern.code]]] : [];
    });
    expect(found).toEqual([
      ['tests/fixtures/three-errors/input.nn', '4', '8', 'error', 'NN0206'],
      ['tests/fixtures/three-errors/input.nn', '5', '3', 'error', 'NN0102'],
      ['tests/fixtures/three-errors/input.nn', '7', '13', 'error', 'NN0201'],
    ]);
  });

  it('registers .nn with the grammar of grammar/ and starts nnc lsp --stdio', () => {
    const grammar = JSON.parse(fs.readFileSync('grammar/nn.tmLanguage.json', 'utf8'));
    expect(manifest.contributes.grammars[0].scopeName).toBe(grammar.scopeName);
    expect(manifest.contributes.languages[0].extensions).toEqual(['.nn']);
    expect(fs.readFileSync('editors/vscode/scripts/package.mjs', 'utf8')).toContain("'grammar/nn.tmLanguage.json'");
    const ext = fs.readFileSync('editors/vscode/extension.js', 'utf8');
    expect(ext).toContain("args: ['lsp', '--stdio']");
    expect(Object.keys(manifest.contributes.configuration.properties)).toEqual(['nnspec.server.path', 'nnspec.inlayHints.enabled', 'nnspec.inlayHints.params']);
  });

  it('pins its dependencies exactly', () => {
    for (const deps of [manifest.dependencies, manifest.devDependencies]) {
      for (const v of Object.values(deps as Record<string, string>)) expect(v).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});
