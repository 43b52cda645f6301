// grammar/railroad.html must be what the live parser generates; run with UPDATE=1 to rewrite it.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { railroadHtml } from '../../src/syntax/railroad.js';

const path = fileURLToPath(new URL('../../grammar/railroad.html', import.meta.url));

test('grammar/railroad.html matches the parser', () => {
  const html = railroadHtml();
  if (process.env['UPDATE'] === '1') writeFileSync(path, html);
  expect(existsSync(path), 'grammar/railroad.html is missing; run UPDATE=1 npx vitest run tests/syntax/railroad.test.ts').toBe(true);
  expect(readFileSync(path, 'utf8') === html, 'grammar/railroad.html is stale; run with UPDATE=1').toBe(true);
});
