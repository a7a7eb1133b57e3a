// createClient against the emulator over real HTTP (issue 17): every fault alone and mixed ends in
// the right typed result or error within its bound, the ledger holds exactly one split per
// out_order_no and one return per out_return_no however many attempts, a certificate rotation
// costs one download, a forged serial at most one per interval, and hooks never see a secret.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { wx, testKeys, startEmulator, seeded, SUB, RECEIVER, RECEIVER2, admin, createServiceOrderSpec, PAYSCORE, APPID_INST, APPID } from './helpers.mjs';

const MERCHANT = { mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: testKeys.merchantPrivateKey };
const PUB = wx.importPlatformPublicKey({ id: testKeys.publicKeyId, pem: testKeys.publicKey });
/** Everything any hook of any client here was given, checked for secrets at the end. */
const hookLog = [];
const hooks = {
  request: (e) => hookLog.push(['request', e]),
  response: (e) => hookLog.push(['response', e]),
  retry: (e) => hookLog.push(['retry', e]),
  certificates: (e) => hookLog.push(['certificates', e]),
};
const RECEIVER_NAME = '张三-私密收款人';
const ORDERS = '/v3/ecommerce/profitsharing/orders';
const RETURNS = '/v3/ecommerce/profitsharing/returnorders';

let emu;
before(async () => {
  emu = await startEmulator({ backup: true, processingDelaySec: 0.1 });
});
after(() => emu.close());

function client(extra = {}) {
  return wx.createClient({
    merchant: MERCHANT,
    keys: [PUB],
    apiV3Key: testKeys.apiV3Key,
    baseUrl: emu.url,
    backupBaseUrl: emu.backupUrl,
    timeoutMs: 1000,
    retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
    hooks,
    ...extra,
  });
}

let seq = 0;
const no = (p) => `${p}${Date.now()}${++seq}`;
const splitInput = (t, out_order_no, amount = 100) => ({
  sub_mchid: SUB,
  transaction_id: t.transaction_id,
  out_order_no,
  receivers: [{ type: 'MERCHANT_ID', receiver_account: RECEIVER, amount, description: '分账' }],
  finish: false,
});

async function ledger() {
  const r = await admin(emu, '/split-ledger');
  return r.json.entries;
}
const countOf = (entries, kind, key, value) => entries.filter((e) => e.kind === kind && e[key] === value).length;
const requests = (path) => emu.requests({ path });

/** Runs `fn`, asserting it settles within `ms`. */
async function within(ms, fn) {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    assert.ok(Date.now() - t0 <= ms, `took ${Date.now() - t0} ms, bound ${ms} ms`);
  }
}

test('a plain call resolves to the typed, verified result; hooks carry method, path, status, Request-ID, attempt, duration', async () => {
  const c = client();
  const t = await seeded(emu);
  const before = hookLog.length;
  const r = await c.profitSharing.createOrder(splitInput(t, no('A')));
  assert.equal(r.status, 'PROCESSING');
  assert.equal(r.receivers[0].amount, 100);
  const mine = hookLog.slice(before);
  const res = mine.find(([k]) => k === 'response')[1];
  assert.equal(res.method, 'POST');
  assert.equal(res.path, ORDERS);
  assert.equal(res.status, 200);
  assert.equal(res.attempt, 1);
  assert.match(res.requestId, /^EMU/);
  assert.ok(res.durationMs >= 0);
  assert.equal(res.host, 'main');
});

test('one typed method per builder of both namespaces, plus the polling helpers', () => {
  const c = client();
  const ops = [...Object.keys(c.profitSharing), ...Object.keys(c.payScore)];
  for (const name of ['createOrder', 'queryOrder', 'createReturnOrder', 'queryReturnOrder', 'finishOrder', 'queryAmounts', 'addReceiver', 'deleteReceiver', 'createAfterSalesOrder', 'queryAfterSalesOrder', 'bill']) {
    assert.equal(typeof c.profitSharing[name], 'function', name);
  }
  for (const name of ['createServiceOrder', 'queryServiceOrder', 'cancelServiceOrder', 'completeServiceOrder', 'registerDeductInfo', 'queryDeduction', 'modifyServiceOrder', 'syncServiceOrder', 'applyPermissions', 'queryPermissions', 'terminatePermissions', 'createPayOnDeliveryOrder']) {
    assert.equal(typeof c.payScore[name], 'function', name);
  }
  assert.ok(ops.includes('waitForOrder') && ops.includes('waitForServiceOrder'));
});

test('a non-2xx answer rejects ERR_WXPAY_API with status, code, message, Request-ID and attempts; a 4xx is never retried', async () => {
  const c = client();
  const t = await seeded(emu);
  const n0 = requests(ORDERS).length;
  const err = await c.profitSharing.queryOrder({ sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: 'NO-SUCH' }).catch((e) => e);
  assert.equal(err.code, 'ERR_WXPAY_API');
  assert.equal(err.status, 404);
  assert.equal(err.apiCode, 'RESOURCE_NOT_EXISTS');
  assert.ok(err.apiMessage);
  assert.match(err.requestId, /^EMU/);
  assert.equal(err.attempts, 1);
  assert.equal(err.details.attempts, 1);
  assert.equal(requests(ORDERS).length - n0, 1);

  emu.injectFault({ error: { status: 400, code: 'PARAM_ERROR', message: 'bad' }, path: ORDERS });
  const e2 = await c.profitSharing.createOrder(splitInput(t, no('B'))).catch((e) => e);
  assert.equal(e2.apiCode, 'PARAM_ERROR');
  assert.equal(e2.attempts, 1);
});

test('a 429 burst is retried with backoff until it passes; one split', async () => {
  const c = client();
  const t = await seeded(emu);
  const out = no('C');
  emu.injectFault({ error: { status: 429, code: 'FREQUENCY_LIMITED', message: '频率超限' }, count: 3, path: ORDERS });
  const r = await within(2000, () => c.profitSharing.createOrder(splitInput(t, out)));
  assert.equal(r.out_order_no, out);
  assert.equal(countOf(await ledger(), 'split', 'outOrderNo', out), 1);
  assert.ok(hookLog.some(([k, e]) => k === 'retry' && e.reason === 'status 429'));
  assert.deepEqual(emu.info().faults ?? (await admin(emu, '/faults')).json, [], 'every fault was consumed');
});

test('500 SYSTEM_ERROR after the split was made: retried with the same out_order_no, still exactly one split', async () => {
  const c = client();
  const t = await seeded(emu);
  const out = no('D');
  emu.injectFault({ error: { status: 500, code: 'SYSTEM_ERROR', message: '系统错误' }, phase: 'after', count: 2, path: ORDERS });
  const r = await c.profitSharing.createOrder(splitInput(t, out));
  assert.equal(r.out_order_no, out);
  assert.equal(countOf(await ledger(), 'split', 'outOrderNo', out), 1);
  const hosts = requests(ORDERS).slice(-3).map((x) => x.host);
  assert.deepEqual(hosts, ['main', 'backup', 'backup'], '5xx fails over to the backup host and stays there');
});

test('a dropped connection after the split was made: retried, one split', async () => {
  const c = client();
  const t = await seeded(emu);
  const out = no('E');
  emu.injectFault({ drop: true, path: ORDERS });
  const n0 = requests(ORDERS).length;
  const r = await c.profitSharing.createOrder(splitInput(t, out));
  assert.deepEqual(requests(ORDERS).slice(n0).map((x) => x.outcome), ['dropped', 'answered']);
  assert.equal(r.out_order_no, out);
  assert.equal(countOf(await ledger(), 'split', 'outOrderNo', out), 1);
});

test('an answer slower than the timeout: the attempt is abandoned, the retry answers; one split', async () => {
  const c = client({ timeoutMs: 150 });
  const t = await seeded(emu);
  const out = no('F');
  emu.injectFault({ delayMs: 400, path: ORDERS });
  const r = await within(1500, () => c.profitSharing.createOrder(splitInput(t, out)));
  assert.equal(r.out_order_no, out);
  await new Promise((res) => setTimeout(res, 450)); // the slow attempt finishes on the server side
  assert.equal(countOf(await ledger(), 'split', 'outOrderNo', out), 1);
});

test('no answer on any attempt: ERR_WXPAY_NETWORK from the core, within maxAttempts and the time bound', async () => {
  const c = client({ timeoutMs: 100, retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10 } });
  const t = await seeded(emu);
  emu.injectFault({ delayMs: 300, phase: 'before', count: 3, path: ORDERS });
  const err = await within(1000, () => c.profitSharing.queryOrder({ sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: 'X' }).catch((e) => e));
  assert.equal(err.code, 'ERR_WXPAY_NETWORK');
  assert.equal(err.details.attempts, 3);
  assert.equal(err.details.timedOut, true);
  assert.match(err.message, /3 attempts/);
  assert.match(err.message, /same out_\* number/);

  emu.injectFault({ drop: true, phase: 'before', count: 2, path: ORDERS });
  const e2 = await client({ retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } })
    .profitSharing.queryOrder({ sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: 'X' })
    .catch((e) => e);
  assert.equal(e2.code, 'ERR_WXPAY_NETWORK');
  assert.equal(e2.details.timedOut, false);
});

test('an outage of the main host: the call fails over to the backup host', async () => {
  const c = client();
  const t = await seeded(emu);
  const out = no('G');
  emu.setOutage({ main: true });
  try {
    const r = await c.profitSharing.createOrder(splitInput(t, out));
    assert.equal(r.out_order_no, out);
  } finally {
    emu.setOutage({ main: false });
  }
  const last = requests(ORDERS).slice(-2);
  assert.deepEqual(last.map((x) => [x.host, x.outcome]), [['main', 'outage'], ['backup', 'answered']]);
  assert.equal(countOf(await ledger(), 'split', 'outOrderNo', out), 1);
});

test('faults mixed (429, drop, 503, slow) on returns and splits: each out_* number lands exactly once', async () => {
  const c = client({ timeoutMs: 200, retry: { maxAttempts: 6, baseDelayMs: 5, maxDelayMs: 20 } });
  const t = await seeded(emu, { receivers: [RECEIVER, RECEIVER2] });
  const outs = [no('H'), no('H'), no('H')];
  emu.injectFault({ error: { status: 429, code: 'FREQUENCY_LIMITED' }, path: ORDERS });
  emu.injectFault({ drop: true, path: ORDERS });
  emu.injectFault({ error: { status: 503, code: 'SYSTEM_ERROR' }, phase: 'after', path: ORDERS });
  emu.injectFault({ delayMs: 400, path: ORDERS });
  const results = await Promise.all(outs.map((o) => c.profitSharing.createOrder(splitInput(t, o, 50))));
  assert.deepEqual(results.map((r) => r.out_order_no), outs);
  await c.profitSharing.waitForOrder({ sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: outs[0] }, { baseDelayMs: 20, maxWaitMs: 3000 });

  const ret = no('R');
  emu.injectFault({ error: { status: 500, code: 'SYSTEM_ERROR' }, phase: 'after', path: RETURNS });
  emu.injectFault({ drop: true, path: RETURNS });
  emu.injectFault({ error: { status: 429, code: 'FREQUENCY_LIMITED' }, path: RETURNS });
  const r = await c.profitSharing.createReturnOrder({ sub_mchid: SUB, out_order_no: outs[0], out_return_no: ret, return_mchid: RECEIVER, amount: 10, description: '回退' });
  assert.equal(r.out_return_no, ret);
  await new Promise((res) => setTimeout(res, 450));
  const entries = await ledger();
  for (const o of outs) assert.equal(countOf(entries, 'split', 'outOrderNo', o), 1, o);
  assert.deepEqual((await admin(emu, '/faults')).json, [], 'every fault was consumed');
  assert.equal(entries.filter((e) => e.kind === 'return' && JSON.stringify(e).includes(ret)).length, 1);
  emu.clearFaults();
});

test('polling: a split in PROCESSING until settled; a bounded wait reports settled: false', async () => {
  const c = client();
  const t = await seeded(emu);
  const out = no('P');
  await c.profitSharing.createOrder(splitInput(t, out));
  const q = { sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: out };
  const short = await c.profitSharing.waitForOrder(q, { baseDelayMs: 1, maxDelayMs: 1, maxWaitMs: 0 });
  assert.equal(short.settled, false);
  assert.equal(short.result.status, 'PROCESSING');
  const w = await c.profitSharing.waitForOrder(q, { baseDelayMs: 20, maxWaitMs: 3000 });
  assert.equal(w.settled, true);
  assert.equal(w.result.status, 'FINISHED');
});

test('Payscore: create (with a 503 after it was made) then wait for a state', async () => {
  const c = client();
  const out = no('SO');
  const input = JSON.parse(createServiceOrderSpec(out, 'https://shop.example.com/notify').body);
  emu.injectFault({ error: { status: 503, code: 'SYSTEM_ERROR' }, phase: 'after', path: '/v3/payscore/acquiringbank/serviceorder' });
  const created = await c.payScore.createServiceOrder({ ...input, ...PAYSCORE, appid: APPID_INST });
  assert.equal(created.out_order_no, out);
  assert.equal(emu.info && (await admin(emu, '/payscore')).json.filter((o) => o.out_order_no === out).length, 1);
  const q = { ...PAYSCORE, out_order_no: out };
  setTimeout(() => emu.payscore.confirm(out), 50);
  const w = await c.payScore.waitForServiceOrder(q, { states: ['DOING'], baseDelayMs: 20, maxWaitMs: 3000 });
  assert.equal(w.settled, true);
  assert.equal(w.result.state, 'DOING');
});

test('an AbortSignal cancels a call (also while it waits to retry)', async () => {
  const c = client({ timeoutMs: 5000 });
  const t = await seeded(emu);
  emu.injectFault({ delayMs: 2000, phase: 'before', path: ORDERS });
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 50);
  const err = await within(500, () => c.profitSharing.queryOrder({ sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: 'X' }, { signal: ac.signal }).catch((e) => e));
  assert.equal(err.name, 'AbortError', err.message);
  emu.clearFaults();
});

test('certificate mode: the first call downloads the certificates, a rotation costs one download however many calls', async () => {
  const e2 = await startEmulator({ signing: 'certificate' });
  try {
    const c = wx.createClient({ merchant: MERCHANT, apiV3Key: testKeys.apiV3Key, baseUrl: e2.url, backupBaseUrl: null, hooks });
    const t = e2.seedTransaction({ sub_mchid: SUB, amount: 10000, feeRatePpm: 6000 });
    const q = { sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: 'none' };
    const notFound = (e) => assert.equal(e.code, 'ERR_WXPAY_API', e.message);
    await c.profitSharing.queryOrder(q).then(() => assert.fail('404 expected'), notFound);
    assert.equal(e2.requests({ path: '/v3/certificates' }).length, 1);
    assert.deepEqual((await c.platformKeys()).serials, [testKeys.platformSerial]);

    e2.rotateCertificate();
    await Promise.all([1, 2, 3, 4, 5].map(() => c.profitSharing.queryOrder(q).then(() => assert.fail('404 expected'), notFound)));
    assert.equal(e2.requests({ path: '/v3/certificates' }).length, 2, 'one download for the rotation');
    assert.deepEqual([...(await c.platformKeys()).serials].sort(), [testKeys.platformSerial, testKeys.platform2Serial].sort());

    // The old certificate expires upstream: the client keeps it (still valid) and the new one works.
    e2.expireRetiredCertificates();
    await c.profitSharing.queryOrder(q).catch(notFound);
    assert.equal(e2.requests({ path: '/v3/certificates' }).length, 2);

  } finally {
    await e2.close();
  }
});

test('a forged unknown serial costs at most one download per interval, then ERR_WXPAY_SERIAL_UNKNOWN', async () => {
  const e2 = await startEmulator({ signing: 'certificate' });
  try {
    // A fetch that rewrites Wechatpay-Serial on API answers (not on the certificate download).
    const forging = async (url, init) => {
      const res = await fetch(url, init);
      if (String(url).includes('/v3/certificates')) return res;
      const headers = new Headers(res.headers);
      headers.set('Wechatpay-Serial', 'DEADBEEF00000000000000000000000000000001');
      return new Response(await res.text(), { status: res.status, headers });
    };
    const c = wx.createClient({ merchant: MERCHANT, apiV3Key: testKeys.apiV3Key, baseUrl: e2.url, backupBaseUrl: null, fetch: forging, hooks });
    const q = { sub_mchid: SUB, transaction_id: '4200000000000000000000000001', out_order_no: 'x' };
    for (let i = 0; i < 10; i++) {
      const err = await c.profitSharing.queryOrder(q).catch((e) => e);
      assert.equal(err.code, 'ERR_WXPAY_SERIAL_UNKNOWN');
    }
    const burst = await Promise.all(Array.from({ length: 20 }, () => c.profitSharing.queryOrder(q).catch((e) => e.code)));
    assert.ok(burst.every((code) => code === 'ERR_WXPAY_SERIAL_UNKNOWN'));
    // One download for the missing key set at start, one for the unknown serial; then rate-limited.
    assert.equal(e2.requests({ path: '/v3/certificates' }).length, 2);
    assert.ok(hookLog.some(([k, e]) => k === 'certificates' && e.outcome === 'rate-limited'));
  } finally {
    await e2.close();
  }
});

test('certificate mode refreshes on its schedule, in the background: calls keep working meanwhile', async () => {
  const e2 = await startEmulator({ signing: 'certificate' });
  try {
    const c = wx.createClient({ merchant: MERCHANT, apiV3Key: testKeys.apiV3Key, baseUrl: e2.url, backupBaseUrl: null, certificates: { refreshIntervalMs: 1000, minRefreshIntervalMs: 0 }, hooks });
    const q = { sub_mchid: SUB, transaction_id: '4200000000000000000000000001', out_order_no: 'none' };
    await c.profitSharing.queryOrder(q).catch((e) => assert.equal(e.code, 'ERR_WXPAY_API'));
    await c.profitSharing.queryOrder(q).catch((e) => assert.equal(e.code, 'ERR_WXPAY_API'));
    assert.equal(e2.requests({ path: '/v3/certificates' }).length, 1, 'no download before the interval');
    await new Promise((r) => setTimeout(r, 1100));
    await c.profitSharing.queryOrder(q).catch((e) => assert.equal(e.code, 'ERR_WXPAY_API'));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(e2.requests({ path: '/v3/certificates' }).length, 2, 'one scheduled download');
    assert.ok(hookLog.some(([k, e]) => k === 'certificates' && e.reason === 'scheduled' && e.outcome === 'downloaded'));
  } finally {
    await e2.close();
  }
});

test('an expired certificate in a download is skipped: an answer signed with it fails ERR_WXPAY_SERIAL_UNKNOWN', async () => {
  const { readFileSync } = await import('node:fs');
  const fixture = (f) => readFileSync(new URL(`../fixtures/${f}`, import.meta.url), 'utf8');
  const expired = wx.importPlatformCertificate(fixture('platform_expired_cert.pem'));
  assert.ok(expired.notAfter < Date.now() / 1000);
  const e2 = await startEmulator({ signing: 'certificate', platform2Certificate: fixture('platform_expired_cert.pem'), platform2PrivateKey: fixture('platform_expired_key.pem') });
  try {
    const c = wx.createClient({ merchant: MERCHANT, apiV3Key: testKeys.apiV3Key, baseUrl: e2.url, backupBaseUrl: null, hooks });
    const q = { sub_mchid: SUB, transaction_id: '4200000000000000000000000001', out_order_no: 'none' };
    await c.profitSharing.queryOrder(q).catch((e) => assert.equal(e.code, 'ERR_WXPAY_API'));
    e2.rotateCertificate();
    const err = await c.profitSharing.queryOrder(q).catch((e) => e);
    assert.equal(err.code, 'ERR_WXPAY_SERIAL_UNKNOWN');
    assert.equal(err.details.serial, expired.serial);
    assert.equal(e2.requests({ path: '/v3/certificates' }).length, 2, 'downloaded, and the expired certificate left out');
    assert.deepEqual([...(await c.platformKeys()).serials], [testKeys.platformSerial]);
  } finally {
    await e2.close();
  }
});

test('the certificate download is retried on 503 like any call, and a 4xx answer to it is the call\'s ERR_WXPAY_API', async () => {
  const e2 = await startEmulator({ signing: 'certificate' });
  try {
    const mk = () => wx.createClient({ merchant: MERCHANT, apiV3Key: testKeys.apiV3Key, baseUrl: e2.url, backupBaseUrl: null, retry: { baseDelayMs: 1, maxDelayMs: 5 }, hooks });
    const q = { sub_mchid: SUB, transaction_id: '4200000000000000000000000001', out_order_no: 'none' };
    e2.injectFault({ error: { status: 503, code: 'SYSTEM_ERROR' }, path: '/v3/certificates' });
    await mk().profitSharing.queryOrder(q).catch((e) => assert.equal(e.status, 404, e.message));
    assert.equal(e2.requests({ path: '/v3/certificates' }).length, 2);
    e2.injectFault({ error: { status: 403, code: 'NO_AUTH', message: '无权限' }, path: '/v3/certificates' });
    const err = await mk().profitSharing.queryOrder(q).catch((e) => e);
    assert.deepEqual([err.code, err.status, err.apiCode], ['ERR_WXPAY_API', 403, 'NO_AUTH']);
    assert.equal(e2.requests({ path: '/v3/certificates' }).length, 3, 'a 403 is not retried');
  } finally {
    await e2.close();
  }
});

test('the store hook shares a download: a second client reads it instead of downloading', async () => {
  const e2 = await startEmulator({ signing: 'certificate' });
  try {
    let kept = null;
    const store = { get: async () => kept, put: async (v) => (kept = v) };
    const mk = () => wx.createClient({ merchant: MERCHANT, apiV3Key: testKeys.apiV3Key, baseUrl: e2.url, backupBaseUrl: null, certificates: { store }, hooks });
    const t = e2.seedTransaction({ sub_mchid: SUB, amount: 10000, feeRatePpm: 6000 });
    const q = { sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: 'none' };
    await mk().profitSharing.queryOrder(q).catch(() => {});
    await mk().profitSharing.queryOrder(q).catch(() => {});
    assert.equal(e2.requests({ path: '/v3/certificates' }).length, 1);
    assert.ok(!JSON.stringify(kept).includes('BEGIN CERTIFICATE'), 'the store holds the encrypted answer only');
  } finally {
    await e2.close();
  }
});

test('client.parseNotification verifies and decrypts, refreshing certificates for a new serial', async () => {
  const e2 = await startEmulator({ signing: 'certificate' });
  try {
    const c = wx.createClient({ merchant: MERCHANT, apiV3Key: testKeys.apiV3Key, baseUrl: e2.url, backupBaseUrl: null, hooks });
    await c.refreshCertificates();
    const sign = (privateKey, serial) =>
      wx.__testing.signNotification({
        payload: { sp_mchid: testKeys.mchid, sub_mchid: SUB, transaction_id: '4200000000000000000000000001', order_id: '3008000000000000000000000001', out_order_no: 'N1', receiver: { type: 'MERCHANT_ID', account: RECEIVER, amount: 100, description: '分账' }, success_time: '2026-11-23T10:00:00+08:00' },
        eventType: 'PROFITSHARING.SUCCESS',
        summary: '分账成功',
        apiV3Key: testKeys.apiV3Key,
        privateKey,
        serial,
      });
    const n1 = sign(testKeys.platformPrivateKey, testKeys.platformSerial);
    const first = await c.parseNotification(n1);
    assert.equal(first.eventType, 'PROFITSHARING.SUCCESS');
    e2.rotateCertificate();
    const before = e2.requests({ path: '/v3/certificates' }).length;
    const n2 = sign(testKeys.platform2PrivateKey, testKeys.platform2Serial);
    const parsed = await c.parseNotification(n2);
    assert.equal(parsed.eventType, 'PROFITSHARING.SUCCESS');
    assert.equal(e2.requests({ path: '/v3/certificates' }).length, before + 1);
  } finally {
    await e2.close();
  }
});

test('options are checked: a mistake names the option', () => {
  assert.throws(() => wx.createClient(), { code: 'ERR_WXPAY_VALIDATION' });
  assert.throws(() => wx.createClient({ merchant: MERCHANT, timeoutMs: -1 }), /timeoutMs/);
  assert.throws(() => wx.createClient({ merchant: MERCHANT, baseUrl: 'not a url' }), /baseUrl/);
  assert.throws(() => wx.createClient({ merchant: MERCHANT, certificates: { store: {} } }), /certificates.store/);
  assert.throws(() => wx.createClient({ merchant: MERCHANT }), /keys or apiV3Key is required/);
  assert.throws(() => wx.createClient({ merchant: MERCHANT, keys: [PUB], retry: { maxAttempts: 0 } }), /retry.maxAttempts/);
  const c = wx.createClient({ merchant: MERCHANT, keys: [PUB] });
  assert.equal(c.baseUrl, 'https://api.mch.weixin.qq.com');
  assert.equal(c.backupBaseUrl, 'https://api2.mch.weixin.qq.com');
});

test('hooks and inspect output never carry a secret, a body or a receiver name', async () => {
  const c = client();
  const t = await seeded(emu);
  // A receiver with a name (sent plain on the current page) goes through hooks like any call.
  const added = await c.profitSharing.addReceiver({ type: 'MERCHANT_ID', account: RECEIVER2, name: RECEIVER_NAME, relation_type: 'SUPPLIER' });
  assert.equal(added.account, RECEIVER2);
  await c.profitSharing.createOrder(splitInput(t, no('S')));
  assert.ok(hookLog.length > 20);
  const text = JSON.stringify(hookLog);
  const pemBody = (pem) => pem.split('\n').filter((l) => l && !l.startsWith('-----'))[1];
  for (const secret of [testKeys.apiV3Key, pemBody(testKeys.merchantPrivateKey), pemBody(testKeys.platformPrivateKey), pemBody(testKeys.platformCertificate), RECEIVER_NAME, 'PRIVATE KEY', 'BEGIN']) {
    assert.ok(!text.includes(secret), `a hook saw ${secret.slice(0, 12)}…`);
  }
  for (const [, e] of hookLog) {
    assert.ok(!('body' in e) && !('headers' in e), 'no body or headers in a hook');
  }
  const util = await import('node:util');
  const shown = util.inspect(c, { depth: 5 }) + JSON.stringify(c);
  assert.ok(!shown.includes(testKeys.apiV3Key) && !shown.includes('PRIVATE'), shown);
});

test('every operation through the client, each behind a retryable fault: typed results, and the side effects happen once', async () => {
  const c = client();
  // A 500 after the operation ran on every call: each is retried once and must still be right.
  // State-guarded operations (see the retry table) get theirs before the operation runs.
  const trip = (path, phase = 'after') => emu.injectFault({ error: { status: 500, code: 'SYSTEM_ERROR' }, phase, path });
  const PS = '/v3/ecommerce/profitsharing';
  const t = emu.seedTransaction({ sub_mchid: SUB, amount: 10000 });

  trip(`${PS}/receivers/add`);
  assert.equal((await c.profitSharing.addReceiver({ type: 'MERCHANT_ID', account: RECEIVER, name: '商户甲', relation_type: 'SUPPLIER' })).account, RECEIVER);
  const out = no('ALL');
  trip(`${PS}/orders`);
  assert.equal((await c.profitSharing.createOrder(splitInput(t, out, 1000))).out_order_no, out);
  trip(`${PS}/orders`);
  const settled = await c.profitSharing.waitForOrder({ sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: out }, { baseDelayMs: 20, maxWaitMs: 3000 });
  assert.equal(settled.result.status, 'FINISHED');
  const ret = no('RALL');
  trip(`${PS}/returnorders`);
  assert.equal((await c.profitSharing.createReturnOrder({ sub_mchid: SUB, out_order_no: out, out_return_no: ret, return_mchid: RECEIVER, amount: 100, description: '回退' })).amount, 100);
  const back = await c.profitSharing.waitForReturnOrder({ sub_mchid: SUB, out_order_no: out, out_return_no: ret }, { baseDelayMs: 20, maxWaitMs: 3000 });
  assert.equal(back.result.result, 'SUCCESS');
  trip(`${PS}/orders/${t.transaction_id}/amounts`);
  assert.equal((await c.profitSharing.queryAmounts({ transaction_id: t.transaction_id })).transaction_id, t.transaction_id);
  trip(`${PS}/after-sales-orders`);
  assert.equal((await c.profitSharing.createAfterSalesOrder({ sub_mchid: SUB, transaction_id: t.transaction_id, type: 'SERVICE_FEE_INCOME', scene: 'REFUND_TICKET', amount: 50, refund_id: `5000${Date.now()}` })).amount, 50);
  assert.equal((await c.profitSharing.queryAfterSalesOrder({ sub_mchid: SUB, transaction_id: t.transaction_id })).amount, 50);
  const fin = no('FALL');
  trip(`${PS}/finish-order`);
  assert.equal((await c.profitSharing.finishOrder({ sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: fin, description: '分账完结' })).out_order_no, fin);
  trip(`${PS}/receivers/delete`);
  assert.equal((await c.profitSharing.deleteReceiver({ appid: APPID, type: 'MERCHANT_ID', account: RECEIVER })).account, RECEIVER);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  trip('/v3/profitsharing/bills');
  const bill = await c.profitSharing.bill({ sub_mchid: SUB, bill_date: today });
  const rows = (await c.profitSharing.downloadBill(bill)).rows;
  assert.ok(rows.some((r) => r.out_order_no === out), 'the bill lists the split');
  const entries = await ledger();
  assert.equal(countOf(entries, 'split', 'outOrderNo', out), 1);
  assert.equal(entries.filter((e) => e.kind === 'return' && JSON.stringify(e).includes(ret)).length, 1);

  // Payscore: create → query → modify → complete → register deduction → query it; sync; cancel.
  const P = '/v3/payscore/acquiringbank';
  const so = no('SOALL');
  const create = JSON.parse(createServiceOrderSpec(so, 'https://shop.example.com/notify').body);
  trip(`${P}/serviceorder`);
  assert.equal((await c.payScore.createServiceOrder({ ...create, ...PAYSCORE, appid: APPID_INST })).state, 'CREATED');
  emu.payscore.confirm(so);
  const beijing = (ms = 0) => new Date(Date.now() + ms + 8 * 3600_000).toISOString().slice(0, 19).replace(/[-T:]/g, '');
  trip(`${P}/serviceorder/${so}/complete`, 'before');
  assert.equal((await c.payScore.completeServiceOrder({ ...PAYSCORE, out_order_no: so, post_payments: [{ name: '租借费用', amount: 300 }], total_amount: 300, time_range: { end_time: beijing() } })).status, 204);
  trip(`${P}/serviceorder/${so}/modify`);
  assert.equal((await c.payScore.modifyServiceOrder({ ...PAYSCORE, out_order_no: so, post_payments: [{ name: '租借费用', amount: 200 }], total_amount: 200, reason: '优惠' })).status, 204);
  assert.equal((await c.payScore.queryServiceOrder({ ...PAYSCORE, out_order_no: so })).total_amount, 200);
  trip(`${P}/serviceorder/${so}/registerdeductinfo`, 'before');
  await c.payScore.registerDeductInfo({ ...PAYSCORE, appid: APPID_INST, out_order_no: so, out_trade_no: `DT${Date.now()}` });
  await c.payScore.queryDeduction({ ...PAYSCORE, appid: APPID_INST, out_order_no: so });
  const so2 = no('SOALL');
  await c.payScore.createServiceOrder({ ...JSON.parse(createServiceOrderSpec(so2, 'https://shop.example.com/notify').body), ...PAYSCORE, appid: APPID_INST });
  trip(`${P}/serviceorder/${so2}/cancel`);
  const cancelled = await c.payScore.cancelServiceOrder({ ...PAYSCORE, out_order_no: so2, reason: '不用了' });
  // The first attempt cancelled it and its answer was replaced by a 500; the retry met the state
  // guard, and the client's query found the order REVOKED: the cancel is reported done.
  assert.deepEqual([cancelled.status, cancelled.recovered, cancelled.order.state], [200, true, 'REVOKED']);

  // Authorization: apply (retried: same token), query, terminate after the user authorized.
  const code = `AUTH${Date.now()}`;
  trip(`${P}/permissions`);
  const token = (await c.payScore.applyPermissions({ ...PAYSCORE, appid: APPID_INST, authorization_code: code })).apply_permissions_token;
  assert.ok(token);
  emu.payscore.authorize(code, { openid: 'oUserClient' });
  assert.equal((await c.payScore.queryPermissions({ ...PAYSCORE, authorization_code: code })).authorization_state, 'AVAILABLE');
  assert.equal((await c.payScore.terminatePermissions({ ...PAYSCORE, authorization_code: code, reason: '用户要求' })).status, 204);

  const pod = no('POD');
  trip(`${P}/servicepayondeliveryorder`);
  const made = await c.payScore.createPayOnDeliveryOrder({
    ...PAYSCORE, appid: APPID_INST, out_order_no: pod, service_introduction: '先用后付',
    post_payments: [{ name: '耳机', amount: 39900, count: 1 }], risk_fund: { name: 'ESTIMATE_ORDER_COST', amount: 39900 },
    time_range: { start_time: 'OnAccept' }, notify_url: 'https://127.0.0.1:9/pod',
    shopping_info: { jump_link: { jump_link_type: 'JUMP_LINK_MINI_PROGRAM', appid: APPID_INST, path: '/o' }, goods: [{ name: '耳机', picture: 'https://img.example.com/p.png', amount: 39900, count: 1, category_id: ['6032'] }] },
  });
  assert.equal(made.out_order_no, pod);
  assert.equal((await admin(emu, '/payscore')).json.filter((o) => o.out_order_no === pod || o.out_order_no === so).length, 2);
  assert.deepEqual((await admin(emu, '/faults')).json, [], 'every fault met its operation');

  // What "state-guarded" means when the answer of a complete is lost after it ran: the retry is
  // refused by the state guard (never charged twice), the client queries the order, and the
  // order completed at the asked amount makes the call a success, marked recovered.
  const so3 = no('SOALL');
  await c.payScore.createServiceOrder({ ...JSON.parse(createServiceOrderSpec(so3, 'https://shop.example.com/notify').body), ...PAYSCORE, appid: APPID_INST });
  emu.payscore.confirm(so3);
  trip(`${P}/serviceorder/${so3}/complete`);
  const completed = await c.payScore.completeServiceOrder({ ...PAYSCORE, out_order_no: so3, post_payments: [{ name: '租借费用', amount: 300 }], total_amount: 300, time_range: { end_time: beijing() } });
  assert.deepEqual([completed.status, completed.recovered, completed.order.state, completed.order.state_description, completed.order.total_amount], [200, true, 'DOING', 'MCH_COMPLETE', 300]);
  assert.deepEqual(requests(`${P}/serviceorder/${so3}/complete`).map((x) => x.outcome), ['answered', 'answered'], 'two attempts, one charge');
});

test('a refused retry of a state-guarded write is settled by the order, never guessed', async () => {
  const c = client();
  const P = '/v3/payscore/acquiringbank';
  const made = async (confirm = true) => {
    const so = no('SOREC');
    await c.payScore.createServiceOrder({ ...JSON.parse(createServiceOrderSpec(so, 'https://shop.example.com/notify').body), ...PAYSCORE, appid: APPID_INST });
    if (confirm) emu.payscore.confirm(so);
    return so;
  };
  const beijing = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 19).replace(/[-T:]/g, '');
  const complete = (so, amount) => c.payScore.completeServiceOrder({ ...PAYSCORE, out_order_no: so, post_payments: [{ name: '租借费用', amount }], total_amount: amount, time_range: { end_time: beijing() } });
  const queries = () => emu.requests({ path: `${P}/serviceorder` }).filter((x) => x.method === 'GET').length;

  // Refused on the first attempt (no answer was lost): the refusal stands, no query is made.
  const so1 = await made();
  await complete(so1, 300);
  const q1 = queries();
  const again = await complete(so1, 300).catch((e) => e);
  assert.deepEqual([again.code, again.apiCode, again.attempts], ['ERR_WXPAY_API', 'INVALID_REQUEST', 1]);
  assert.equal(queries(), q1, 'nothing to settle after one attempt');

  // Completed at 300 by someone else, then our complete at 250 loses its answer and is refused:
  // the order does not show this write (another amount), so the refusal stands.
  const so2 = await made();
  await complete(so2, 300);
  emu.injectFault({ error: { status: 503, code: 'SYSTEM_ERROR' }, phase: 'before', path: `${P}/serviceorder/${so2}/complete` });
  const q2 = queries();
  const other = await complete(so2, 250).catch((e) => e);
  assert.deepEqual([other.code, other.apiCode, other.attempts], ['ERR_WXPAY_API', 'INVALID_REQUEST', 2]);
  assert.equal(queries(), q2 + 1, 'the order was asked once');

  // A cancel without service_id cannot be queried (the query requires it): the refusal stands.
  const so3 = await made(false);
  emu.injectFault({ error: { status: 500, code: 'SYSTEM_ERROR' }, phase: 'after', path: `${P}/serviceorder/${so3}/cancel` });
  const { service_id: _omitted, ...withoutService } = PAYSCORE;
  const bare = await c.payScore.cancelServiceOrder({ ...withoutService, out_order_no: so3, reason: '不用了' }).catch((e) => e);
  assert.deepEqual([bare.code, bare.apiCode, bare.attempts], ['ERR_WXPAY_API', 'INVALID_REQUEST', 2]);
  assert.equal((await c.payScore.queryServiceOrder({ ...PAYSCORE, out_order_no: so3 })).state, 'REVOKED', 'it was cancelled all the same');

  // A terminate whose answer is lost after it ran: the authorization is UNAVAILABLE, so it is done.
  const code = `AUTHREC${Date.now()}`;
  await c.payScore.applyPermissions({ ...PAYSCORE, appid: APPID_INST, authorization_code: code });
  emu.payscore.authorize(code, { openid: 'oUserRecovery' });
  emu.injectFault({ error: { status: 500, code: 'SYSTEM_ERROR' }, phase: 'after', path: `${P}/permissions/authorization-code/${code}/terminate` });
  const ended = await c.payScore.terminatePermissions({ ...PAYSCORE, authorization_code: code, reason: '用户要求' });
  assert.deepEqual([ended.status, ended.recovered, ended.order], [200, true, undefined]);
  // Refused on its first attempt (already ended, no answer lost): the refusal stands.
  const twice = await c.payScore.terminatePermissions({ ...PAYSCORE, authorization_code: code, reason: '用户要求' }).catch((e) => e);
  assert.deepEqual([twice.code, twice.attempts], ['ERR_WXPAY_API', 1]);

  // A registration whose answer is lost after it ran, and whose retry is refused (what WeChat Pay
  // answers a repeated registration is not documented; the emulator accepts it, so the refusal is
  // injected): the deduction query shows the same out_trade_no, so it is done.
  const so4 = await made();
  await complete(so4, 300);
  const register = (out_trade_no) => c.payScore.registerDeductInfo({ ...PAYSCORE, appid: APPID_INST, out_order_no: so4, out_trade_no });
  const deductionQueries = () => emu.requests({ path: `${P}/serviceorder/deduction` }).length;
  const registerPath = `${P}/serviceorder/${so4}/registerdeductinfo`;
  const refuse = () => emu.injectFault({ error: { status: 400, code: 'INVALID_REQUEST', message: '扣款单已登记' }, phase: 'before', path: registerPath });
  emu.injectFault({ error: { status: 500, code: 'SYSTEM_ERROR' }, phase: 'after', path: registerPath });
  refuse();
  const registered = await register(`DT${so4}`);
  assert.equal(registered.recovered, true);
  assert.equal(typeof registered.description, 'string');
  // Another number, its first attempt lost before it ran, its retry refused: the deduction in
  // place is the first one, so the refusal stands.
  emu.injectFault({ error: { status: 503, code: 'SYSTEM_ERROR' }, phase: 'before', path: registerPath });
  refuse();
  const d0 = deductionQueries();
  const otherNumber = await register(`DX${so4}`).catch((e) => e);
  assert.deepEqual([otherNumber.code, otherNumber.attempts], ['ERR_WXPAY_API', 2]);
  assert.equal(deductionQueries(), d0 + 1, 'the deduction was asked once');
  assert.equal((await c.payScore.queryDeduction({ ...PAYSCORE, appid: APPID_INST, out_order_no: so4 })).out_trade_no, `DT${so4}`);

  // The core's rule, without HTTP: REVOKED settles a cancel, an order elsewhere does not.
  const order = (state) => JSON.stringify({ out_order_no: so3, service_id: PAYSCORE.service_id, state });
  const cancelInput = { ...PAYSCORE, out_order_no: so3, reason: 'r' };
  assert.equal(wx.payScore.recoveryRequest('cancelServiceOrder', cancelInput).method, 'GET');
  assert.equal(wx.payScore.recoveryRequest('modifyServiceOrder', cancelInput), null);
  assert.equal(wx.payScore.recoveredAck('cancelServiceOrder', cancelInput, 200, order('REVOKED')).recovered, true);
  assert.equal(wx.payScore.recoveredAck('cancelServiceOrder', cancelInput, 200, order('CREATED')), null);
  assert.throws(() => wx.payScore.recoveredAck('cancelServiceOrder', cancelInput, 404, '{"code":"ORDER_NOT_EXIST","message":"订单不存在"}'), { code: 'ERR_WXPAY_API' });
  const registerInput = { ...PAYSCORE, appid: APPID_INST, out_order_no: so4, out_trade_no: 'T1' };
  assert.match(wx.payScore.recoveryRequest('registerDeductInfo', registerInput).pathAndQuery, /\/serviceorder\/deduction\?.*out_order_no=/);
  assert.deepEqual(wx.payScore.recoveredAck('registerDeductInfo', registerInput, 200, '{"description":"d","out_trade_no":"T1"}'), { description: 'd', recovered: true });
  assert.equal(wx.payScore.recoveredAck('registerDeductInfo', registerInput, 200, '{"description":"d","out_trade_no":"T2"}'), null);
});

test('backoff: full jitter within [0, min(maxDelayMs, baseDelayMs · 2^(n-1))), bounded for any attempt number', async () => {
  const { backoffDelay } = await import(new URL('./node_modules/wechatpay-edge/src/client/backoff.js', import.meta.url));
  const retry = { baseDelayMs: 100, maxDelayMs: 2000 };
  assert.equal(backoffDelay(1, retry, () => 0), 0);
  assert.equal(backoffDelay(1, retry, () => 0.999999), 99);
  assert.equal(backoffDelay(3, retry, () => 0.5), 200);
  assert.equal(backoffDelay(10, retry, () => 0.999999), 1999);
  assert.equal(backoffDelay(10_000, retry, () => 0.999999), 1999);
  const draws = Array.from({ length: 2000 }, () => backoffDelay(4, retry));
  assert.ok(draws.every((d) => d >= 0 && d < 800));
  assert.ok(Math.max(...draws) > 600 && Math.min(...draws) < 200, 'spread over the whole window');
});
