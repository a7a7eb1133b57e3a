// examples/worker in real workerd (miniflare 4 ships the workerd binary in its npm package),
// with a D1 database binding and WeChat Pay emulated by miniflare's outboundService.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, createPrivateKey, privateDecrypt, verify, constants } from 'node:crypto';
import { Miniflare } from 'miniflare';
import * as wx from 'wechatpay-edge';
import { signResponse } from 'wechatpay-edge/testing';
import { startEmulator } from 'wechatpay-edge/emulator';
import http from 'node:http';
import { bundleForWorkerd } from './helpers/workerd-bundle.mjs';
import { fx, delivery, splitPayload, nowSec } from './helpers/fixtures.mjs';

const NOTIFY = 'http://worker.test/wechatpay/notify';
const ORDERS = 'http://worker.test/profit-sharing/orders';

// What the emulated WeChat Pay saw, and how it answers.
const upstream = { seen: [], forge: false };

async function emulatedWechatPay(request) {
  const url = new URL(request.url);
  const body = await request.text();
  const auth = request.headers.get('authorization') ?? '';
  const fields = Object.fromEntries([...auth.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const message = `${request.method}\n${url.pathname}${url.search}\n${fields.timestamp}\n${fields.nonce_str}\n${body}\n`;
  const signatureOk = verify('sha256', Buffer.from(message), createPublicKey(fx.merchantCert), Buffer.from(fields.signature ?? '', 'base64'));
  upstream.seen.push({ host: url.host, path: url.pathname, auth, fields, serial: request.headers.get('wechatpay-serial'), body, signatureOk });
  if (!signatureOk) {
    return new Response(JSON.stringify({ code: 'SIGN_ERROR', message: '签名错误' }), { status: 401, headers: { 'Content-Type': 'application/json', 'Request-ID': 'REQ-SIGN' } });
  }
  const req = JSON.parse(body);
  const answer = JSON.stringify({
    sub_mchid: req.sub_mchid,
    transaction_id: req.transaction_id,
    out_order_no: req.out_order_no,
    order_id: '3008450740201411110007820472',
    status: 'PROCESSING',
    receivers: req.receivers.map((r) => ({ amount: r.amount, description: r.description, result: 'PENDING', type: r.type, receiver_account: r.receiver_account, detail_id: '36011111111111111111111' })),
  });
  const headers = signResponse({ body: answer, privateKey: upstream.forge ? fx.platform2Key : fx.platformKey, serial: fx.platformSerial });
  return new Response(answer, { status: 200, headers: { ...headers, 'Content-Type': 'application/json' } });
}

let mf;
let db;
before(async () => {
  mf = new Miniflare(
    bundleForWorkerd(new URL('./workers/webhook-under-test.js', import.meta.url), {
      d1Databases: ['DB'],
      bindings: {
        WECHATPAY_MCHID: fx.mchid,
        WECHATPAY_MERCHANT_SERIAL: fx.merchantSerial,
        WECHATPAY_MERCHANT_KEY: fx.merchantKey,
        WECHATPAY_APIV3_KEY: fx.apiV3Key,
        WECHATPAY_PLATFORM_CERT: fx.platformCert,
        WECHATPAY_PUBLIC_KEY_ID: fx.publicKeyId,
        WECHATPAY_PUBLIC_KEY: fx.pubKey,
      },
      outboundService: emulatedWechatPay,
    }),
  );
  db = await mf.getD1Database('DB');
});
after(async () => mf && (await mf.dispose()));

// Parsed on the Node side too: the key workerd computes must be the one Node computes.
const nodeKeys = wx.createPlatformKeySet([wx.importPlatformCertificate(fx.platformCert), wx.importPlatformPublicKey({ id: fx.publicKeyId, pem: fx.pubKey })]);
const keyOf = (d) => wx.parseNotification({ headers: d.headers, body: d.body, keys: nodeKeys, apiV3Key: fx.apiV3Key }).idempotencyKey;
/** The key of the business event in `payload`, from a valid delivery of it. */
const keyOfPayload = (payload) => keyOf(delivery({ payload }));
/** The ledger row of an event, committed with its processed marker in one D1 batch (null: none). */
async function recordOf(key) {
  const { results } = await db.prepare('SELECT record FROM ledger WHERE idempotency_key = ?').bind(key).all();
  assert.ok(results.length <= 1, 'at most one ledger row per event');
  return results.length ? { record: JSON.parse(results[0].record) } : null;
}
const ledgerSize = async () => (await db.prepare('SELECT COUNT(*) AS n FROM ledger').first()).n;

const post = (d, headers = d.headers, body = d.body) => mf.dispatchFetch(NOTIFY, { method: 'POST', headers, body });
const calls = async () => (await mf.dispatchFetch('http://worker.test/__calls')).json();

async function expectReply(res, status, code) {
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.equal(JSON.parse(text).code, code);
}

test('valid: verified, processed once, its ledger row committed in D1, then acked', async () => {
  const d = delivery();
  const key = keyOf(d);
  await expectReply(await post(d), 200, 'SUCCESS');
  const stored = await recordOf(key);
  assert.equal(stored.record.kind, 'split');
  assert.equal(stored.record.outOrderNo, JSON.parse(wx.decryptResource({ apiV3Key: fx.apiV3Key, resource: JSON.parse(d.body).resource })).out_order_no);
  assert.deepEqual(stored.record.receivers, [{ type: 'MERCHANT_ID', account: '1900000110', amount: 2000 }]);
  assert.equal((await calls())[key], 1);
});

test('duplicate: the same delivery, and a re-signed redelivery under a new event id, are acked without processing again', async () => {
  const payload = splitPayload();
  const d = delivery({ payload });
  const key = keyOf(d);
  await expectReply(await post(d), 200, 'SUCCESS');
  await expectReply(await post(d), 200, 'SUCCESS');
  const again = delivery({ payload, id: 'EV-REDELIVERED-0001', timestamp: nowSec() + 1 });
  assert.notEqual(again.headers['Wechatpay-Nonce'], d.headers['Wechatpay-Nonce']);
  assert.equal(keyOf(again), key);
  await expectReply(await post(again), 200, 'SUCCESS');
  assert.equal((await calls())[key], 1);
});

test('the WeChat Pay public key (PUB_KEY_ID_… mode) verifies too', async () => {
  const d = delivery({ privateKey: fx.pubKeyPrivate, serial: fx.publicKeyId });
  await expectReply(await post(d), 200, 'SUCCESS');
  assert.equal((await calls())[keyOf(d)], 1);
});

test('refused with 401 and never processed: tampered, replayed, probe-signed, wrong key, unknown serial', async () => {
  const cases = [];
  const add = (label, make) => {
    const payload = splitPayload();
    cases.push([label, payload, ...make(payload)]);
  };
  add('tampered body', (payload) => {
    const d = delivery({ payload });
    return [d.headers, d.body.replace('"summary":"分账"', '"summary":"分账回退"')];
  });
  add('replayed (signed 10 minutes ago)', (payload) => {
    const d = delivery({ payload, timestamp: nowSec() - 600 });
    return [d.headers, d.body];
  });
  add('from the future (+10 minutes)', (payload) => {
    const d = delivery({ payload, timestamp: nowSec() + 600 });
    return [d.headers, d.body];
  });
  add('probe signature (WECHATPAY/SIGNTEST/…)', (payload) => {
    const d = delivery({ payload });
    return [{ ...d.headers, 'Wechatpay-Signature': 'WECHATPAY/SIGNTEST/' + d.headers['Wechatpay-Signature'].slice(19) }, d.body];
  });
  add('signed with another key under our platform serial', (payload) => {
    const d = delivery({ payload, privateKey: fx.platform2Key, serial: fx.platformSerial });
    return [d.headers, d.body];
  });
  add('signed by a platform certificate we do not have', (payload) => {
    const d = delivery({ payload, privateKey: fx.platform2Key, serial: fx.platform2Serial });
    return [d.headers, d.body];
  });
  add('Wechatpay-Signature missing', (payload) => {
    const d = delivery({ payload });
    const { ['Wechatpay-Signature']: _dropped, ...rest } = d.headers;
    return [rest, d.body];
  });
  for (const [label, payload, headers, body] of cases) {
    const res = await mf.dispatchFetch(NOTIFY, { method: 'POST', headers, body });
    const text = await res.text();
    assert.equal(res.status, 401, `${label}: ${text}`);
    assert.equal(JSON.parse(text).code, 'FAIL', label);
    const key = keyOfPayload(payload);
    assert.equal(await recordOf(key), null, label);
    assert.equal((await calls())[key], undefined, `${label} must not be processed`);
  }
});

test('encrypted with another APIv3 key: authentic but unreadable → 500 so WeChat Pay retries', async () => {
  const payload = splitPayload();
  const d = delivery({ payload, apiV3Key: 'x'.repeat(32) });
  await expectReply(await post(d), 500, 'FAIL');
  assert.equal((await calls())[keyOfPayload(payload)], undefined);
});

test('processing fails → 500 and nothing recorded; the retry is processed and acked', async () => {
  const d = delivery({ payload: splitPayload({ outOrderNo: 'FAIL-ONCE-1' }) });
  const key = keyOf(d);
  await expectReply(await post(d), 500, 'FAIL');
  assert.equal(await recordOf(key), null, 'no record before the ack');
  await expectReply(await post(d), 200, 'SUCCESS');
  assert.notEqual(await recordOf(key), null);
  assert.equal((await calls())[key], 2);
});

test('an oversized body is refused unread (413), whether its length is declared or it is streamed', async () => {
  const before = await ledgerSize();
  const calls0 = Object.keys(await calls()).length;
  await expectReply(await mf.dispatchFetch(NOTIFY, { method: 'POST', body: 'x'.repeat(70 * 1024) }), 413, 'FAIL');
  const chunk = new TextEncoder().encode('x'.repeat(1024));
  const stream = new ReadableStream({
    start(c) {
      for (let i = 0; i < 70; i++) c.enqueue(chunk);
      c.close();
    },
  });
  await expectReply(await mf.dispatchFetch(NOTIFY, { method: 'POST', body: stream, duplex: 'half' }), 413, 'FAIL');
  assert.equal(await ledgerSize(), before);
  assert.equal(Object.keys(await calls()).length, calls0);
  // A real delivery still goes through afterwards.
  const d = delivery();
  assert.equal((await post(d)).status, 200);
});

test('a burst of 20 concurrent deliveries of one notification: all acked, exactly one processed', async () => {
  const payload = splitPayload();
  // Distinct signatures and nonces, as WeChat Pay's redeliveries would have.
  const burst = Array.from({ length: 20 }, (_, i) => delivery({ payload, id: `EV-BURST-${i}` }));
  const key = keyOf(burst[0]);
  const results = await Promise.all(burst.map(async (d) => {
    const res = await post(d);
    return [res.status, (await res.json()).code];
  }));
  assert.deepEqual(results, Array(20).fill([200, 'SUCCESS']));
  assert.equal((await calls())[key], 1, 'exactly one delivery processed in this isolate');
  assert.notEqual(await recordOf(key), null);
});

const orderInput = {
  sub_mchid: '1900000109',
  appid: 'wx8888888888888888',
  transaction_id: '4208450740201411110007820472',
  out_order_no: 'P20261123001',
  receivers: [
    { type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 2000, description: '平台服务费' },
    { type: 'PERSONAL_OPENID', receiver_account: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', receiver_name: '张三', amount: 900, description: '推广佣金' },
  ],
  finish: false,
};

test('createOrder: built, signed with WebCrypto inside workerd, accepted by the emulated WeChat Pay, answer verified', async () => {
  upstream.seen.length = 0;
  upstream.forge = false;
  const res = await mf.dispatchFetch(ORDERS, { method: 'POST', body: JSON.stringify(orderInput) });
  const out = await res.json();
  assert.equal(res.status, 200, JSON.stringify(out));
  assert.equal(out.order_id, '3008450740201411110007820472');
  assert.equal(out.receivers.length, 2);
  const [seen] = upstream.seen;
  assert.equal(seen.host, 'api.mch.weixin.qq.com');
  assert.equal(seen.path, '/v3/ecommerce/profitsharing/orders');
  assert.ok(seen.signatureOk, 'the merchant certificate verifies the Authorization signature');
  assert.match(seen.auth, /^WECHATPAY2-SHA256-RSA2048 mchid="1900000100",nonce_str="[0-9A-Za-z]{32}",signature="[A-Za-z0-9+/=]{344}",timestamp="\d{10}",serial_no="3775B6A45ACD588826D15E583A95F5DD4B0A5A69"$/);
  assert.ok(Math.abs(Number(seen.fields.timestamp) - nowSec()) < 60);
  // The receiver name is RSA-OAEP encrypted for the platform key announced in Wechatpay-Serial.
  assert.ok([fx.platformSerial, fx.publicKeyId].includes(seen.serial));
  const sent = JSON.parse(seen.body);
  const decryptWith = seen.serial === fx.platformSerial ? fx.platformKey : fx.pubKeyPrivate;
  const name = privateDecrypt({ key: createPrivateKey(decryptWith), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(sent.receivers[1].receiver_name, 'base64')).toString();
  assert.equal(name, '张三');
});

test('createOrder: an answer not signed by WeChat Pay is refused (502), invalid input is a 400 with issues', async () => {
  upstream.forge = true;
  try {
    const res = await mf.dispatchFetch(ORDERS, { method: 'POST', body: JSON.stringify(orderInput) });
    const out = await res.json();
    assert.equal(res.status, 502);
    assert.equal(out.code, 'ERR_WXPAY_SIGNATURE_INVALID');
  } finally {
    upstream.forge = false;
  }
  const res = await mf.dispatchFetch(ORDERS, { method: 'POST', body: JSON.stringify({ ...orderInput, receivers: [{ ...orderInput.receivers[0], amount: -1 }] }) });
  const out = await res.json();
  assert.equal(res.status, 400);
  assert.equal(out.code, 'ERR_WXPAY_VALIDATION');
  assert.ok(out.issues.some((i) => i.path.includes('amount')), JSON.stringify(out.issues));
});

// Issue 12 row 2: the emulator (a local WeChat Pay, on node:http) delivers an authentic
// notification with an event type this version does not know to the worker in workerd (through
// a loopback bridge to dispatchFetch); the worker must ack it and keep it in its ledger.
test('the emulator delivers an unknown PROFITSHARING.* event type: acked on the first attempt, recorded in D1 with its payload', async () => {
  const bridge = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const r = await mf.dispatchFetch(NOTIFY, { method: 'POST', headers: req.headers, body: Buffer.concat(chunks) });
    const text = await r.text();
    res.writeHead(r.status, { 'Content-Type': r.headers.get('content-type') ?? 'application/json' });
    res.end(text);
  });
  await new Promise((resolve) => bridge.listen(0, '127.0.0.1', resolve));
  const emu = await startEmulator({ timeScale: 0.01, platformCertificate: fx.platformCert, platformPrivateKey: fx.platformKey, apiV3Key: fx.apiV3Key });
  try {
    const payload = { sub_mchid: '1900000109', out_order_no: 'UNKNOWN-1', frozen_amount: 100, new_member: { x: [1, 2] } };
    const res = await fetch(`${emu.url}/_emulator/notifications`, {
      method: 'POST',
      body: JSON.stringify({ url: `http://127.0.0.1:${bridge.address().port}/wechatpay/notify`, event_type: 'PROFITSHARING.FROZEN', summary: '分账冻结', payload }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const queued = await res.json();
    const [d] = (await emu.settle(10_000)).filter((x) => x.id === queued.id);
    assert.equal(d.state, 'delivered', JSON.stringify(d.attempts));
    assert.deepEqual(d.attempts.map((a) => [a.kind, a.status]), [['delivery', 200]]);
    const key = `event:${d.notification_id}`;
    const stored = await recordOf(key);
    assert.deepEqual(stored.record, { kind: 'other', eventType: 'PROFITSHARING.FROZEN', id: d.notification_id, summary: '分账冻结', data: payload });
    assert.equal((await calls())[key], 1);
  } finally {
    await emu.close();
    await new Promise((resolve) => bridge.close(resolve));
  }
});
