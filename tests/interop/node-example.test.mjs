// examples/node/server.mjs on 127.0.0.1 (port 0), against an emulated WeChat Pay that is
// also a local node:http server. The example imports the packed tarball installed in
// examples/node/node_modules by scripts/test-interop.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createPublicKey, verify } from 'node:crypto';
import * as wx from 'wechatpay-edge';
import { signResponse } from 'wechatpay-edge/testing';
import { startEmulator } from 'wechatpay-edge/emulator';
import { createServer, openDatabase, recordSplit } from '../../examples/node/server.mjs';
import { fx, delivery, splitPayload, nowSec } from './helpers/fixtures.mjs';

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
const close = (server) => new Promise((resolve) => server.close(resolve));

// ---- emulated WeChat Pay ----------------------------------------------------------------
const upstream = { seen: [], forge: false };
const wechat = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks).toString();
  const auth = req.headers.authorization ?? '';
  const f = Object.fromEntries([...auth.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const ok = verify('sha256', Buffer.from(`${req.method}\n${req.url}\n${f.timestamp}\n${f.nonce_str}\n${body}\n`), createPublicKey(fx.merchantCert), Buffer.from(f.signature ?? '', 'base64'));
  upstream.seen.push({ url: req.url, auth, ok, serial: req.headers['wechatpay-serial'], ua: req.headers['user-agent'] });
  if (!ok) {
    res.writeHead(401, { 'Content-Type': 'application/json' });
    return res.end(JSON.stringify({ code: 'SIGN_ERROR', message: '签名错误' }));
  }
  const r = JSON.parse(body);
  const answer = JSON.stringify({ sub_mchid: r.sub_mchid, transaction_id: r.transaction_id, out_order_no: r.out_order_no, order_id: '3008450740201411110007820472', status: 'PROCESSING', receivers: r.receivers.map((x) => ({ amount: x.amount, description: x.description, result: 'PENDING', type: x.type, receiver_account: x.receiver_account })) });
  res.writeHead(200, { ...signResponse({ body: answer, privateKey: upstream.forge ? fx.platform2Key : fx.platformKey, serial: fx.platformSerial }), 'Content-Type': 'application/json' });
  res.end(answer);
});

// ---- the example --------------------------------------------------------------------------
const calls = new Map();
// The example's zero-setup database: SQLite (sql.js), here in memory.
const database = await openDatabase({ sqliteFile: null });
let failNext = false;
const app = createServer({
  mchid: fx.mchid,
  merchantSerialNo: fx.merchantSerial,
  merchantPrivateKey: fx.merchantKeyPkcs1,
  apiV3Key: fx.apiV3Key,
  platformCertificates: [fx.platformCert],
  publicKey: { id: fx.publicKeyId, pem: fx.pubKey },
  db: database.db,
  async process(n) {
    calls.set(n.idempotencyKey, (calls.get(n.idempotencyKey) ?? 0) + 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (failNext) {
      failNext = false;
      throw new Error('the ledger is unavailable');
    }
    return recordSplit(n);
  },
});

let base;
let wechatBase;
before(async () => {
  wechatBase = await listen(wechat);
  base = await listen(app);
});
after(async () => {
  await close(app);
  await close(wechat);
  await database.close();
});

const nodeKeys = wx.createPlatformKeySet([wx.importPlatformCertificate(fx.platformCert)]);
const keyOfPayload = (payload) => {
  const d = delivery({ payload });
  return wx.parseNotification({ headers: d.headers, body: d.body, keys: nodeKeys, apiV3Key: fx.apiV3Key }).idempotencyKey;
};
/** The ledger row of an event, committed with its processed marker (null: not processed). */
async function recordOf(key) {
  const { rows } = await database.db.query('SELECT record FROM ledger WHERE idempotency_key = $1', [key]);
  assert.ok(rows.length <= 1, 'at most one ledger row per event');
  return rows.length ? { record: JSON.parse(rows[0].record) } : null;
}
const rec = (payload) => recordOf(keyOfPayload(payload));
const post = (headers, body) => fetch(`${base}/wechatpay/notify`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });

async function expectReply(res, status, code) {
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.equal(JSON.parse(text).code, code);
}

test('valid, then duplicate: processed once, its ledger row committed before the ack, both acked', async () => {
  const payload = splitPayload();
  const d = delivery({ payload });
  await expectReply(await post(d.headers, d.body), 200, 'SUCCESS');
  assert.equal((await rec(payload)).record.outOrderNo, payload.out_order_no);
  const again = delivery({ payload, id: 'EV-NODE-REDELIVERY' });
  await expectReply(await post(again.headers, again.body), 200, 'SUCCESS');
  await expectReply(await post(d.headers, d.body), 200, 'SUCCESS');
  assert.equal(calls.get(keyOfPayload(payload)), 1);
});

test('the WeChat Pay public key (PUB_KEY_ID_… mode) verifies too', async () => {
  const payload = splitPayload();
  const d = delivery({ payload, privateKey: fx.pubKeyPrivate, serial: fx.publicKeyId });
  await expectReply(await post(d.headers, d.body), 200, 'SUCCESS');
  assert.notEqual(await rec(payload), null);
});

test('refused with 401 and never processed: tampered, replayed, probe-signed, wrong key, unknown serial', async () => {
  const cases = {
    tampered: (p) => {
      const d = delivery({ payload: p });
      return [d.headers, d.body.replace('"summary":"分账"', '"summary":"分账回退"')];
    },
    replayed: (p) => {
      const d = delivery({ payload: p, timestamp: nowSec() - 600 });
      return [d.headers, d.body];
    },
    probe: (p) => {
      const d = delivery({ payload: p });
      return [{ ...d.headers, 'Wechatpay-Signature': 'WECHATPAY/SIGNTEST/' + d.headers['Wechatpay-Signature'].slice(19) }, d.body];
    },
    wrongKey: (p) => {
      const d = delivery({ payload: p, privateKey: fx.platform2Key, serial: fx.platformSerial });
      return [d.headers, d.body];
    },
    unknownSerial: (p) => {
      const d = delivery({ payload: p, privateKey: fx.platform2Key, serial: fx.platform2Serial });
      return [d.headers, d.body];
    },
  };
  for (const [label, make] of Object.entries(cases)) {
    const payload = splitPayload();
    const [headers, body] = make(payload);
    const res = await post(headers, body);
    const text = await res.text();
    assert.equal(res.status, 401, `${label}: ${text}`);
    assert.equal(JSON.parse(text).code, 'FAIL');
    assert.equal(await rec(payload), null, label);
    assert.equal(calls.get(keyOfPayload(payload)), undefined, label);
  }
});

test('processing fails → 500, nothing stored; the retry is processed and acked', async () => {
  const payload = splitPayload();
  const d = delivery({ payload });
  failNext = true;
  await expectReply(await post(d.headers, d.body), 500, 'FAIL');
  assert.equal(await rec(payload), null);
  await expectReply(await post(d.headers, d.body), 200, 'SUCCESS');
  assert.notEqual(await rec(payload), null);
  assert.equal(calls.get(keyOfPayload(payload)), 2);
});

test('a burst of 20 concurrent deliveries: all acked, exactly one processed', async () => {
  const payload = splitPayload();
  const burst = Array.from({ length: 20 }, (_, i) => delivery({ payload, id: `EV-NODE-BURST-${i}` }));
  const statuses = await Promise.all(burst.map(async (d) => {
    const res = await post(d.headers, d.body);
    await res.text();
    return res.status;
  }));
  assert.deepEqual(statuses, Array(20).fill(200));
  assert.equal(calls.get(keyOfPayload(payload)), 1);
});

// Issue 12 row 2: the emulator (a local WeChat Pay) delivers an authentic notification with an
// event type this version does not know; the example must ack and store it, not make WeChat retry.
test('the emulator delivers an unknown PROFITSHARING.* event type: acked on the first attempt, stored with its payload', async () => {
  const emu = await startEmulator({ timeScale: 0.01, platformCertificate: fx.platformCert, platformPrivateKey: fx.platformKey, apiV3Key: fx.apiV3Key });
  try {
    const payload = { sub_mchid: '1900000109', frozen_amount: 100, new_member: { x: [1, 2] } };
    const res = await fetch(`${emu.url}/_emulator/notifications`, { method: 'POST', body: JSON.stringify({ url: `${base}/wechatpay/notify`, event_type: 'PROFITSHARING.FROZEN', summary: '分账冻结', payload }) });
    assert.equal(res.status, 200, await res.clone().text());
    const queued = await res.json();
    const [d] = (await emu.settle(5000)).filter((x) => x.id === queued.id);
    assert.equal(d.state, 'delivered');
    assert.deepEqual(d.attempts.map((a) => [a.kind, a.status]), [['delivery', 200]]);
    const key = `event:${d.notification_id}`;
    const stored = await recordOf(key);
    assert.ok(stored, 'stored under the envelope id');
    assert.deepEqual(stored.record, { kind: 'other', eventType: 'PROFITSHARING.FROZEN', id: d.notification_id, summary: '分账冻结', data: payload });
    assert.equal(calls.get(key), 1);
  } finally {
    await emu.close();
  }
});

test('an oversized body is refused before parsing (413)', async () => {
  const res = await fetch(`${base}/wechatpay/notify`, { method: 'POST', body: 'x'.repeat(70 * 1024) });
  assert.equal(res.status, 413);
});

const orderInput = {
  sub_mchid: '1900000109',
  appid: 'wx8888888888888888',
  transaction_id: '4208450740201411110007820472',
  out_order_no: 'P20261123002',
  receivers: [{ type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 2000, description: '平台服务费' }],
  finish: false,
};

test('createOrder: signed with node:crypto (PKCS#1 key), verified by the emulated WeChat Pay, answer verified', async () => {
  const example = createServer({
    mchid: fx.mchid, merchantSerialNo: fx.merchantSerial, merchantPrivateKey: fx.merchantKeyPkcs1, apiV3Key: fx.apiV3Key,
    platformCertificates: [fx.platformCert], baseUrl: wechatBase, // http:// is accepted for loopback only
    db: database.db,
  });
  const url = await listen(example);
  try {
    upstream.seen.length = 0;
    const res = await fetch(`${url}/profit-sharing/orders`, { method: 'POST', body: JSON.stringify(orderInput) });
    const out = await res.json();
    assert.equal(res.status, 200, JSON.stringify(out));
    assert.equal(out.order_id, '3008450740201411110007820472');
    const [seen] = upstream.seen;
    assert.equal(seen.url, '/v3/ecommerce/profitsharing/orders');
    assert.ok(seen.ok, 'the merchant certificate verifies the signature');
    assert.equal(seen.serial, fx.platformSerial);
    assert.match(seen.ua, /^wechatpay-edge\//);

    upstream.forge = true;
    const forged = await fetch(`${url}/profit-sharing/orders`, { method: 'POST', body: JSON.stringify(orderInput) });
    assert.equal(forged.status, 502);
    assert.equal((await forged.json()).code, 'ERR_WXPAY_SIGNATURE_INVALID');
  } finally {
    upstream.forge = false;
    await close(example);
  }
});
