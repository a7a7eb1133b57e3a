// Shared by the emulator suites: the installed package, a signed client, a webhook, polling.
import { createServer } from 'node:http';
import * as wx from 'wechatpay-edge';
import { testKeys } from 'wechatpay-edge/testing';
import { startEmulator } from 'wechatpay-edge/emulator';

export { wx, testKeys, startEmulator };

export const merchant = wx.importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: testKeys.merchantPrivateKey });
export const cert = wx.importPlatformCertificate(testKeys.platformCertificate);
export const pubKey = wx.importPlatformPublicKey({ id: testKeys.publicKeyId, pem: testKeys.publicKey });
export const keys = wx.createPlatformKeySet([cert, pubKey], { merchantSerialNo: testKeys.merchantSerialNo });

export const SUB = '1900000109';
export const RECEIVER = '1900000110';
export const RECEIVER2 = '1900000111';
export const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
export const APPID = 'wx8888888888888888';
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Sends a builder's spec (or a raw { method, pathAndQuery, body, headers }) signed by the test merchant. */
export async function send(emu, spec, { timestamp, nonce, tamper, headers = {} } = {}) {
  const req = wx.prepare(merchant, { headers: [], body: null, ...spec }, { baseUrl: emu.url, timestamp, nonce });
  const body = tamper ? tamper(req.body) : req.body;
  const res = await fetch(req.url, { method: req.method, headers: { ...req.headers, ...headers }, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text, json: text ? JSON.parse(text) : undefined };
}

/** A raw signed call: any JSON body (bypasses the builders' own validation). */
export function raw(method, pathAndQuery, body, headers = []) {
  return { method, pathAndQuery, body: body === undefined ? null : JSON.stringify(body), headers };
}

/** Verifies the response like a client must; returns the WxPayError for 4xx/5xx. */
export function verified(r, k = keys) {
  try {
    return { ok: true, result: wx.verifyResponse({ status: r.status, headers: r.headers, body: r.body, keys: k }) };
  } catch (err) {
    return { ok: false, err };
  }
}

export async function admin(emu, path, body, method = body === undefined ? 'GET' : 'POST') {
  const res = await fetch(`${emu.url}/_emulator${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** A local webhook: `respond(n, req)` picks the status for the n-th request (1-based). */
export async function webhook(respond = () => 200) {
  const received = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const entry = { at: Date.now(), url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      const status = await respond(received.length, entry);
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(status === 204 ? '' : JSON.stringify(status < 300 ? { code: 'SUCCESS', message: '成功' } : { code: 'FAIL', message: '失败' }));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { server, base, received, close: () => new Promise((r) => server.close(r)) };
}

export async function until(fn, timeoutMs = 5000, what = 'condition') {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A seeded profit-sharing payment plus a merchant receiver. */
export async function seeded(emu, { amount = 10000, feeRatePpm = 6000, receivers = [RECEIVER] } = {}) {
  const t = emu.seedTransaction({ sub_mchid: SUB, amount, feeRatePpm });
  for (const account of receivers) {
    const r = await send(emu, wx.profitSharing.addReceiver({ type: 'MERCHANT_ID', account, name: `商户${account}`, relation_type: 'SUPPLIER' }));
    if (r.status !== 200) throw new Error(`addReceiver ${r.status} ${r.body}`);
  }
  return t;
}

export const splitSpec = (transaction_id, out_order_no, receivers, finish = false) =>
  wx.profitSharing.createOrder(
    { sub_mchid: SUB, transaction_id, out_order_no, receivers: receivers.map(([account, amount]) => ({ type: 'MERCHANT_ID', receiver_account: account, amount, description: '分账' })), finish, wechatpay_serial: testKeys.platformSerial },
    { policy: { maxReceiversPerRequest: 100 } },
  );

export const PAYSCORE = { service_id: '2002000000000558128851361561536', sub_mchid: SUB, channel_id: '1900000108' };
export const APPID_INST = 'wxd678efh567hg6787';

export function createServiceOrderSpec(out_order_no, notify_url, extra = {}) {
  return wx.payScore.createServiceOrder({
    ...PAYSCORE,
    appid: APPID_INST,
    out_order_no,
    service_introduction: '充电宝租借',
    post_payments: [{ name: '租借费用', amount: 300 }],
    risk_fund: { name: 'DEPOSIT', amount: 9900 },
    time_range: { start_time: 'OnAccept' },
    notify_url,
    ...extra,
  });
}

/** yyyyMMddHHmmss (Beijing) `offsetMs` from now. */
export const beijing = (offsetMs = 0) => new Date(Date.now() + offsetMs + 8 * 3600_000).toISOString().slice(0, 19).replace(/[-T:]/g, '');
