// Declarations for the parts of untyped dependencies nnspec uses.
declare module 'mnist' {
  interface Digit {
    id: number;
    /** Every sample of the digit, 28 x 28 values in [0, 1] each, one after another. */
    raw: number[];
    length: number;
  }
  const digits: Digit[];
  export default digits;
}

declare module 'cli-progress' {
  export interface Options {
    format?: string;
    barCompleteChar?: string;
    barIncompleteChar?: string;
    hideCursor?: boolean;
    clearOnComplete?: boolean;
    stopOnComplete?: boolean;
    etaBuffer?: number;
    stream?: NodeJS.WritableStream;
    noTTYOutput?: boolean;
  }
  export class SingleBar {
    constructor(opts: Options, preset?: unknown);
    start(total: number, start: number, payload?: Record<string, unknown>): void;
    update(value: number, payload?: Record<string, unknown>): void;
    stop(): void;
  }
  export const Presets: { shades_classic: unknown; legacy: unknown; rect: unknown };
}
