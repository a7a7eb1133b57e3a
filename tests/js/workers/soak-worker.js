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
  } else if (kind === 'churn') {
    for (let i = 0; i < n; i++) {
      const keys = wx.createPlatformKeySet([wx.importPlatformCertificate(s.fx.platformCert), wx.importPlatformPublicKey({ id: s.fx.publicKeyId, pem: s.fx.pubKey })]);
      wx.verifyNotification({ headers: s.made.headers, body: s.made.body, keys, now: s.now });
    }
  }
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
    } else if (url.pathname === '/run') {
      run(url.searchParams.get('kind'), Number(url.searchParams.get('n')));
    }
    return Response.json({ wasmBytes: initSync().memory.buffer.byteLength, finalization: typeof FinalizationRegistry === 'function' });
  },
};
