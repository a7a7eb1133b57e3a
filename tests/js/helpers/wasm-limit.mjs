// Test-only: the shipped module with a maximum on its memory, so that growth past it fails the
// way an isolate memory limit makes it fail (the allocator gets no memory and the module traps).
// Rewrites the memory section (id 5) of the binary; everything else is copied unchanged.

/** Spare pages (64 KiB each) over the initial memory: enough for every ordinary call. */
export const HEADROOM_PAGES = 4;

function readU32(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [value >>> 0, at];
    shift += 7;
  }
}

function u32(value) {
  const out = [];
  do {
    let b = value & 0x7f;
    value >>>= 7;
    if (value) b |= 0x80;
    out.push(b);
  } while (value);
  return out;
}

/** `bytes` with its one memory's maximum set to its minimum plus `headroom` pages. */
export function withMemoryMaximum(bytes, headroom) {
  const src = new Uint8Array(bytes.buffer ?? bytes, bytes.byteOffset ?? 0, bytes.byteLength);
  const parts = [src.subarray(0, 8)];
  let at = 8;
  let found = false;
  while (at < src.length) {
    const id = src[at];
    const [size, body] = readU32(src, at + 1);
    const end = body + size;
    if (id === 5) {
      const [count, p] = readU32(src, body);
      if (count !== 1 || src[p] !== 0x00) throw new Error('expected one memory without a maximum');
      const [min] = readU32(src, p + 1);
      const payload = [...u32(1), 0x01, ...u32(min), ...u32(min + headroom)];
      parts.push(Uint8Array.from([5, ...u32(payload.length), ...payload]));
      found = true;
    } else {
      parts.push(src.subarray(at, end));
    }
    at = end;
  }
  if (!found) throw new Error('no memory section');
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
