// A runtime-neutral project (no lib.dom, no @types/node) declares what it uses itself.
declare var console: { log(...data: unknown[]): void };
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
