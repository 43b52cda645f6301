// Layers grouped by the block calls they were expanded from: a tree whose inner nodes are block
// calls (`stage_2`, then its `bottleneck_5`) with their totals, so a summary can show ResNet-50 as
// a stem, four stages and a head rather than 170 flat rows.
import type { LayerRow } from './summary.js';

export interface Group {
  kind: 'group';
  /** The block call, as in the IR's scope (`conv_block_2`). */
  name: string;
  depth: number;
  children: Entry[];
  /** Every layer below, in order. */
  layers: LayerRow[];
  params: number;
  trainable: number;
  nonTrainable: number;
  macs: number;
}

export type Entry = Group | { kind: 'layer'; row: LayerRow; depth: number };

function newGroup(name: string, depth: number): Group {
  return { kind: 'group', name, depth, children: [], layers: [], params: 0, trainable: 0, nonTrainable: 0, macs: 0 };
}

/** Top-level entries: layers outside any block, and one group per top-level block call. */
export function groupRows(rows: LayerRow[]): Entry[] {
  const top: Entry[] = [];
  const open: Group[] = [];
  for (const row of rows) {
    let keep = 0;
    while (keep < open.length && keep < row.scope.length && open[keep]!.name === row.scope[keep]) keep++;
    open.length = keep;
    for (let d = keep; d < row.scope.length; d++) {
      const g = newGroup(row.scope[d]!, d);
      (d === 0 ? top : open[d - 1]!.children).push(g);
      open.push(g);
    }
    const parent = open.at(-1);
    (parent ? parent.children : top).push({ kind: 'layer', row, depth: row.scope.length });
    for (const g of open) {
      g.layers.push(row);
      g.params += row.params;
      g.trainable += row.trainable;
      g.nonTrainable += row.nonTrainable;
      g.macs += row.macs;
    }
  }
  return top;
}

/** The rows a table shows: every layer when `expand`, else groups collapsed to one row each. */
export function visibleEntries(entries: Entry[], expand: boolean): { entry: Entry; expanded: boolean }[] {
  const out: { entry: Entry; expanded: boolean }[] = [];
  const walk = (list: Entry[]) => {
    for (const e of list) {
      out.push({ entry: e, expanded: expand && e.kind === 'group' });
      if (e.kind === 'group' && expand) walk(e.children);
    }
  };
  walk(entries);
  return out;
}

/** Models up to this many rows are shown in full by default; larger ones with blocks collapsed. */
export const FULL_TABLE_ROWS = 50;

/** Whether a summary table shows every layer: asked for, or small enough to read in full. */
export function shouldExpand(entries: Entry[], asked: boolean): boolean {
  return asked || visibleEntries(entries, true).length <= FULL_TABLE_ROWS;
}
