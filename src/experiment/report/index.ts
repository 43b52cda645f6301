// An experiment's report folder: report.md with its pictures (the test results, the learning
// curves) as SVG files next to it, and
// one self-contained report.html with the same content. Every file is written atomically (a
// temporary file, then a rename), so a report is never half written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../runtime/run-dir.js';
import type { ExperimentResults } from '../types.js';
import { analyse } from './analyse.js';
import { curvePictures } from './curves.js';
import { reportBlocks } from './document.js';
import { forestPicture } from './forest.js';
import { toHtml } from './html.js';
import { toMarkdown } from './markdown.js';
import { makeDir } from '../../make-dir.js';

export { analyse } from './analyse.js';
export { comparisons } from './compare.js';

/** Writes report.md, its SVG pictures and report.html into `dir` (created if needed); returns the two reports' paths. */
export function writeReport(dir: string, results: ExperimentResults): { md: string; html: string } {
  makeDir(dir);
  const an = analyse(results);
  const glance = forestPicture(an), curves = curvePictures(an);
  const pictures = glance ? [glance, ...curves] : curves;
  const blocks = reportBlocks(an, glance, curves);
  // Pictures of an earlier report of this folder that this one no longer has.
  const keep = new Set(pictures.map((p) => p.file));
  for (const f of fs.readdirSync(dir)) if (/^(curves(-\d+)?|results)\.svg$/.test(f) && !keep.has(f)) fs.rmSync(path.join(dir, f));
  for (const p of pictures) writeFileAtomic(path.join(dir, p.file), p.svg);
  const md = path.join(dir, 'report.md'), html = path.join(dir, 'report.html');
  writeFileAtomic(md, toMarkdown(blocks));
  writeFileAtomic(html, toHtml(`Experiment ${results.name}: report`, blocks));
  return { md, html };
}
