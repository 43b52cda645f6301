// `nnc ... | head`: a reader that closes the pipe early ends nnc quietly, with no stack trace.
import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';

it('stops quietly when its reader closes the pipe', async () => {
  const child = spawn(process.execPath, ['bin/nnc.js', 'ir', 'specs/classic/resnet50.nn'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  let first = '';
  child.stdout.once('data', (d) => {
    first = String(d);
    child.stdout.destroy();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(first.startsWith('{')).toBe(true);
  expect(stderr).toBe('');
  expect(code).toBe(0);
});
