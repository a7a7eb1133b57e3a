// Issue 14: the async forms' cost in Chromium, measured in the page's own runtime against bare
// WebCrypto doing the same crypto (verify + AES-GCM + JSON.parse; sign). Prints the medians and
// the ratios against benches/targets.mjs (also written to test-results/www/speed.json for
// BENCHMARKS.md); asserts only that both sides computed the same answers, never a time (these
// machines are shared and noisy).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { withPageAndBrowser, openPage, ARTIFACTS } from './helpers.mjs';
import { verdict } from '../../benches/targets.mjs';

let base;
let browser;
withPageAndBrowser((s) => ({ base, browser } = s));

/** Runs in the page: N operations per sample, rounds interleaved, medians in µs. */
async function measure({ rounds, perSample }) {
  const edge = await import('/pkg/entry/browser.js');
  const { testKeys, signNotification } = await import('/pkg/testing/browser.js');
  await edge.init();
  const subtle = crypto.subtle;
  const now = 1763870400;
  const payload = { sp_mchid: '1900000100', sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', order_id: '30000000012026112300000000001', out_order_no: 'P20261123001', receiver: { type: 'MERCHANT_ID', account: '1900000110', amount: 2000, description: '平台服务费'.repeat(8) }, success_time: '2026-11-23T10:00:00+08:00' };
  const d = signNotification({ payload, eventType: 'PROFITSHARING.SUCCESS', summary: '分账', apiV3Key: testKeys.apiV3Key, privateKey: testKeys.platformPrivateKey, serial: testKeys.platformSerial, timestamp: now });
  const cert = edge.importPlatformCertificate(testKeys.platformCertificate);
  const keys = edge.createPlatformKeySet([cert]);
  const merchant = edge.importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: testKeys.merchantPrivateKey });
  const spec = edge.profitSharing.queryAmounts({ transaction_id: '4208450740201411110007820472' });

  // Bare WebCrypto: keys imported once, the message and ciphertext decoded by hand, no checks.
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const b64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  const verifyKey = await subtle.importKey('spki', edge.exportSpki(cert), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
  const aesKey = await subtle.importKey('raw', enc.encode(testKeys.apiV3Key), 'AES-GCM', false, ['decrypt']);
  const pkcs8 = b64(testKeys.merchantPrivateKey.replace(/-----[^-]+-----|\s/g, ''));
  const signKey = await subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  const bare = async () => {
    const h = d.headers;
    const ok = await subtle.verify('RSASSA-PKCS1-v1_5', verifyKey, b64(h['Wechatpay-Signature']), enc.encode(`${h['Wechatpay-Timestamp']}\n${h['Wechatpay-Nonce']}\n${d.body}\n`));
    const r = JSON.parse(d.body).resource;
    const plain = await subtle.decrypt({ name: 'AES-GCM', iv: enc.encode(r.nonce), additionalData: enc.encode(r.associated_data) }, aesKey, b64(r.ciphertext));
    return ok && JSON.parse(dec.decode(plain));
  };
  const ours = () => edge.parseNotificationAsync({ headers: d.headers, body: d.body, keys, apiV3Key: testKeys.apiV3Key, now });
  const message = `GET\n${spec.pathAndQuery}\n${now}\nN0nce\n\n`;
  const bareSign = () => subtle.sign('RSASSA-PKCS1-v1_5', signKey, enc.encode(message));
  const oursSign = () => edge.prepareAsync(merchant, spec, { timestamp: now, nonce: 'N0nce' });

  const check = { bare: (await bare()).receiver.amount, ours: (await ours()).data.receivers[0].amount, sign: (await oursSign()).headers.Authorization.length > 0 };
  const entries = { bare, ours, bareSign, oursSign };
  const samples = Object.fromEntries(Object.keys(entries).map((k) => [k, []]));
  for (const f of Object.values(entries)) for (let i = 0; i < perSample; i++) await f(); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const [k, f] of Object.entries(entries)) {
      const n = k.includes('Sign') ? Math.max(1, perSample / 10) : perSample;
      const t = performance.now();
      for (let i = 0; i < n; i++) await f();
      samples[k].push(((performance.now() - t) * 1000) / n);
    }
  }
  const median = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
  return { check, medians: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) };
}

test('parseNotificationAsync and prepareAsync in Chromium, side by side with bare WebCrypto (figures printed)', async () => {
  const { page } = await openPage(browser, base);
  const { check, medians: m } = await page.evaluate(measure, { rounds: 11, perSample: 40 });
  assert.equal(check.ours, 2000, 'parseNotificationAsync typed the payload');
  assert.equal(check.bare, 2000, 'the bare baseline decrypted the same payload');
  assert.ok(check.sign);
  const figures = {
    chromium: await browser.version(),
    parseNotificationAsync: { us: +m.ours.toFixed(1), bareWebCrypto: +m.bare.toFixed(1), ratio: +(m.ours / m.bare).toFixed(2) },
    prepareAsync: { us: +m.oursSign.toFixed(1), bareWebCrypto: +m.bareSign.toFixed(1), ratio: +(m.oursSign / m.bareSign).toFixed(2) },
  };
  console.log(`Chromium ${figures.chromium}: parseNotificationAsync ${figures.parseNotificationAsync.us} µs vs bare WebCrypto ${figures.parseNotificationAsync.bareWebCrypto} µs (${verdict('chromium.parseNotificationAsync', m.ours / m.bare)}); prepareAsync ${figures.prepareAsync.us} µs vs bare sign ${figures.prepareAsync.bareWebCrypto} µs (${verdict('chromium.prepareAsync', m.oursSign / m.bareSign)})`);
  await writeFile(`${ARTIFACTS}speed.json`, `${JSON.stringify(figures, null, 2)}\n`);
});
