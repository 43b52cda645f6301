// report.md: the report's blocks as GitHub-flavoured Markdown; figures are the SVG files written
// next to it.
import type { Block } from './document.js';

const cell = (s: string) => s.replace(/\|/g, '\\|');

function table(b: Extract<Block, { kind: 'table' }>): string {
  const rule = b.numeric.map((n) => (n ? '---:' : '---'));
  return [b.head, rule, ...b.rows].map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n');
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading': return `${'#'.repeat(b.level)} ${b.text}`;
    case 'para': return b.text;
    case 'list': return b.items.map((i) => `- ${i}`).join('\n');
    case 'table': return table(b);
    case 'figure': return `![${b.picture.title}](${b.picture.file})`;
  }
}

export const toMarkdown = (blocks: Block[]): string => `${blocks.map(block).join('\n\n')}\n`;
