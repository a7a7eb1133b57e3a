// Worker for scripts/memory-soak.mjs and memory.test.mjs: runs batches of notifications, builds and key-set churn
// inside workerd and reports the module's wasm memory after each batch.
import * as wx from 'wechatpay-edge';
import { signNotification } from 'wechatpay-edge/testing';
import { initSync } from '../node_modules/wechatpay-edge/wechatpay_edge.js';

let state = null;

const ORDER = {
  sub_mchid: '1900000109',
  transaction_id: '4208450740201411110007820472',
  out_order_no: 'P20150806125346',
  receivers: [{ type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 100, description: '分给商户' }],
  finish: false,
};

function run(kind, n) {
  const s = state;
  if (kind === 'notify') {
    for (let i = 0; i < n; i++) wx.parseNotification({ headers: s.made.headers, body: s.made.body, keys: s.keys, apiV3Key: s.fx.apiV3Key, now: s.now });
  } else if (kind === 'notify-key' || kind === 'notify-array') {
    // keys as one PlatformKey or an array: the call makes (and must free) its own key set.
    const keys = kind === 'notify-key' ? s.key : [s.key];
    for (let i = 0; i < n; i++) wx.parseNotification({ headers: s.made.headers, body: s.made.body, keys, apiV3Key: s.fx.apiV3Key, now: s.now });
  } else if (kind === 'build') {
    for (let i = 0; i < n; i++) {
      if (i & 1) wx.profitSharing.queryOrder({ sub_mchid: ORDER.sub_mchid, transaction_id: ORDER.transaction_id, out_order_no: `P${i}` });
      else wx.profitSharing.createOrder({ ...ORDER, out_order_no: `P${i}`, wechatpay_serial: s.fx.platformSerial });
    }
  } else if (kind === 'churn' || kind === 'churn-unfreed') {
    // Keys imported per request: freed explicitly (FinalizationRegistry callbacks never run in
    // workerd, so 'churn-unfreed' grows wasm memory by ~1.8 KB per iteration for ever).
    for (let i = 0; i < n; i++) {
      const cert = wx.importPlatformCertificate(s.fx.platformCert);
      const pub = wx.importPlatformPublicKey({ id: s.fx.publicKeyId, pem: s.fx.pubKey });
      const keys = wx.createPlatformKeySet([cert, pub]);
      wx.verifyNotification({ headers: s.made.headers, body: s.made.body, keys, now: s.now });
      if (kind === 'churn') {
        keys.free();
        cert[Symbol.dispose]();
        pub.free();
      }
    }
  } else if (kind === 'freed') {
    // What a freed handle does inside workerd: a typed error, never a trap.
    const key = wx.importPlatformCertificate(s.fx.platformCert);
    const keys = wx.createPlatformKeySet([key]);
    keys.free();
    keys.free();
    const codes = [];
    for (const f of [() => wx.verifyNotification({ headers: s.made.headers, body: s.made.body, keys, now: s.now }), () => keys.get(key.serial)]) {
      try {
        f();
        codes.push('no error');
      } catch (e) {
        codes.push(`${e.name}:${e.code}:${e.details && e.details.freed}`);
      }
    }
    key.free();
    return codes;
  }
  return null;
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/setup') {
      const fx = await request.json();
      const now = 1_800_000_000;
      const payload = {
        sp_mchid: '1900000100', sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', order_id: '3008450740201411110007820472',
        out_order_no: 'P20150806125346', receiver: { type: 'MERCHANT_ID', account: '1900000109', amount: 888, description: '分给商户' }, success_time: '2026-11-23T10:00:00+08:00',
      };
      const made = signNotification({ payload, eventType: 'PROFITSHARING.SUCCESS', summary: '分账成功', apiV3Key: fx.apiV3Key, privateKey: fx.platformKey, serial: fx.platformSerial, timestamp: now, nonce: 'soak' });
      const key = wx.importPlatformCertificate(fx.platformCert);
      state = { fx, now, made, key, keys: wx.createPlatformKeySet([key]) };
    }
    const result = url.pathname === '/run' ? run(url.searchParams.get('kind'), Number(url.searchParams.get('n'))) : null;
    return Response.json({ wasmBytes: initSync().memory.buffer.byteLength, finalization: typeof FinalizationRegistry === 'function', result });
  },
};
