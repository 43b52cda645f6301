// The reference oracle (keras-reference.mjs: every example model rebuilt by hand with the TF.js
// Layers API, independently of the compiler) agrees with specs/expected-counts.json, which the
// compiler's own tests compare against.
import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';

test('keras-reference.mjs --check agrees with specs/expected-counts.json on every model', () => {
  const r = spawnSync(process.execPath, ['tests/oracle/keras-reference.mjs', '--check'], { encoding: 'utf8' });
  expect(r.stderr).toContain('expected-counts.json agrees on all 20 models');
  expect(r.stderr).not.toContain('DIFFERS');
  expect(r.stdout).toContain('classic/mobilenet.nn#mobilenet: params 4,253,864, trainable 4,231,976, non-trainable 21,888, output [1000]');
  expect(r.status).toBe(0);
}, 300_000);
