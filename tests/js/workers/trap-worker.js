// Worker for trap.test.mjs: the module is instantiated (by the workerd entry, synchronously
// from the imported WebAssembly.Module) with a memory maximum, so an oversize allocation traps.
import * as wx from 'wechatpay-edge';
import { signNotification } from 'wechatpay-edge/testing';

const ORDER = { sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'P20150806125346' };

export default {
  async fetch(request) {
    const fx = await request.json();
    const now = 1_800_000_000;
    const payload = { sp_mchid: '1900000100', sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', order_id: '3008450740201411110007820472', out_order_no: 'P1', receiver: { type: 'MERCHANT_ID', account: '1900000109', amount: 888, description: 'x' }, success_time: '2026-11-23T10:00:00+08:00' };
    const made = signNotification({ payload, eventType: 'PROFITSHARING.SUCCESS', summary: '分账成功', apiV3Key: fx.apiV3Key, privateKey: fx.platformKey, serial: fx.platformSerial, timestamp: now, nonce: 'w1' });
    const keys = wx.createPlatformKeySet([wx.importPlatformCertificate(fx.platformCert)]);
    const merchant = wx.importMerchantKey({ mchid: fx.mchid, serialNo: fx.merchantSerial, privateKey: fx.merchantKey });
    const traps = [];
    for (let i = 0; i < 50; i++) {
      try {
        wx.profitSharing.queryOrder({ ...ORDER, out_order_no: 'x'.repeat(200_000) });
        traps.push(null);
      } catch (e) {
        traps.push([e.name, e.code, e.details && e.details.trap]);
      }
    }
    const after = {
      build: wx.profitSharing.queryOrder(ORDER).method,
      kind: wx.parseNotification({ headers: made.headers, body: made.body, keys, apiV3Key: fx.apiV3Key, now }).kind,
      authorization: wx.signRequest(merchant, { method: 'GET', url: '/v3/x', timestamp: now, nonce: 'abc' }).authorization.slice(0, 26),
      async: (await wx.signRequestAsync(merchant, { method: 'GET', url: '/v3/x', timestamp: now, nonce: 'abc' })).authorization === wx.signRequest(merchant, { method: 'GET', url: '/v3/x', timestamp: now, nonce: 'abc' }).authorization,
    };
    return Response.json({ traps: [...new Set(traps.map((t) => JSON.stringify(t)))], after });
  },
};
