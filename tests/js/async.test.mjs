// Issue 14 item 2: the async forms (parseNotificationAsync, verifyNotificationAsync,
// verifyResponseAsync, decryptResourceAsync, encryptSensitiveAsync) give the same results and
// the same errors (code, message, details) as the sync forms, on every executor: the node
// entry (WebCrypto through Node's globalThis.crypto.subtle), the portable entry with WebCrypto,
// the portable entry without WebCrypto (the wasm path), and real workerd.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Miniflare } from 'miniflare';
import { loadEntries } from './helpers/entries.mjs';
import { runTable } from './helpers/async-table.mjs';
import { bundleForWorkerd } from './helpers/workerd-bundle.mjs';

const { node, nodeTesting, browser, browserTesting } = await loadEntries();

function agree(rows, where) {
  assert.ok(rows.length > 100, `${where}: the table ran (${rows.length} rows)`);
  for (const r of rows) assert.deepEqual(r.async, r.sync, `${where}: ${r.name}`);
  // The table holds both outcomes, and the errors the brief names.
  const codes = new Set(rows.map((r) => r.sync.error?.code).filter(Boolean));
  for (const c of ['ERR_WXPAY_SIGNATURE_INVALID', 'ERR_WXPAY_SERIAL_UNKNOWN', 'ERR_WXPAY_TIMESTAMP_OUT_OF_TOLERANCE', 'ERR_WXPAY_DECRYPTION_FAILED', 'ERR_WXPAY_RESOURCE_INVALID', 'ERR_WXPAY_PAYLOAD_INVALID', 'ERR_WXPAY_API', 'ERR_WXPAY_APIV3_KEY_INVALID']) {
    assert.ok(codes.has(c), `${where}: a case throws ${c}`);
  }
  const kinds = rows.filter((r) => r.name.startsWith('parseNotification') && r.sync.ok).map((r) => r.sync.ok.kind);
  assert.ok(kinds.includes('split') && kinds.includes('other') && kinds.includes('return'), `${where}: kinds ${kinds}`);
  assert.ok(rows.find((r) => r.name === 'parseNotification: probe signature').async.error.probe === true);
}

test('node entry: the async forms (WebCrypto) agree with the sync forms (node:crypto)', async () => {
  assert.ok(globalThis.crypto?.subtle);
  agree(await runTable(node, nodeTesting), 'node');
});

test('portable entry with WebCrypto: the async forms agree with the sync forms (wasm)', async () => {
  agree(await runTable(browser, browserTesting), 'portable+webcrypto');
});

test('portable entry without WebCrypto: the async forms fall back to the wasm path', async () => {
  const desc = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  const real = globalThis.crypto;
  // Randomness stays (the testing helpers need it); SubtleCrypto goes.
  Object.defineProperty(globalThis, 'crypto', { value: { getRandomValues: (a) => real.getRandomValues(a) }, configurable: true, writable: true });
  try {
    agree(await runTable(browser, browserTesting), 'portable without webcrypto');
  } finally {
    Object.defineProperty(globalThis, 'crypto', desc);
  }
});

let mf;
after(async () => mf && (await mf.dispose()));

test('real workerd: the async forms (WebCrypto) agree with the sync forms (wasm)', async () => {
  mf = new Miniflare(await bundleForWorkerd(new URL('./workers/async-worker.js', import.meta.url)));
  const out = await (await mf.dispatchFetch('http://localhost/')).json();
  assert.equal(out.runtime, 'workerd');
  agree(out.rows, 'workerd');
});

test('CryptoKeys are imported once per key handle and dropped by free()', async () => {
  const calls = [];
  const subtle = globalThis.crypto.subtle;
  const importKey = subtle.importKey;
  subtle.importKey = function (...a) {
    calls.push(a[0]);
    return importKey.apply(this, a);
  };
  try {
    const k = browserTesting.testKeys;
    const cert = browser.importPlatformCertificate(k.platformCertificate);
    const n = browserTesting.signNotification({ payload: { a: 1 }, eventType: 'X.Y', summary: 's', apiV3Key: k.apiV3Key, privateKey: k.platformPrivateKey, serial: k.platformSerial });
    for (let i = 0; i < 5; i++) assert.equal((await browser.parseNotificationAsync({ ...n, keys: cert, apiV3Key: k.apiV3Key })).kind, 'other');
    // The verifying key once for the handle; the APIv3 key at most once (the last one given as text is kept).
    assert.equal(calls.filter((c) => c === 'spki').length, 1);
    assert.ok(calls.filter((c) => c === 'raw').length <= 1);
    cert.free();
    await assert.rejects(browser.parseNotificationAsync({ ...n, keys: cert, apiV3Key: k.apiV3Key }), { code: 'ERR_WXPAY_KEY_INVALID' });
    await assert.rejects(browser.verifyNotificationAsync({ ...n, keys: [cert] }), { code: 'ERR_WXPAY_KEY_INVALID' });
  } finally {
    subtle.importKey = importKey;
  }
});
