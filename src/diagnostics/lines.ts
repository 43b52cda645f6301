// Offsets to 1-based lines and columns, in O(log n) per lookup once a file's line starts are known.
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  /** 1-based line and column of an offset (clamped to the text). */
  position(offset: number): { line: number; column: number } {
    const off = this.clamp(offset);
    const line = this.line(off);
    return { line, column: off - this.starts[line - 1]! + 1 };
  }

  /** The 1-based line of an offset (clamped to the text): with `column`, a position without an object. */
  line(offset: number, from = 1): number {
    const off = this.clamp(offset);
    let lo = from - 1;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= off) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** The 1-based column of an offset on its `line` (as `line` gave it). */
  column(offset: number, line: number): number {
    return this.clamp(offset) - this.starts[line - 1]! + 1;
  }

  private clamp(offset: number): number {
    return Math.max(0, Math.min(offset, this.text.length));
  }
}
