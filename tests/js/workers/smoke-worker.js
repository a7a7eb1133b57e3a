// Runs inside real workerd: imports the package's workerd entry the way a bundler
// with the "workerd" condition would, then exercises the webhook path.
import * as wx from 'wechatpay-edge';
import { testKeys, signNotification } from 'wechatpay-edge/testing';

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const keys = wx.createPlatformKeySet([wx.importPlatformCertificate(testKeys.platformCertificate)], { merchantSerialNo: testKeys.merchantSerialNo });
    if (url.pathname === '/make') {
      // ?eventType=…&summary=…&originalType=…&payload=unknown vary the default split.
      const q = url.searchParams;
      const split = { sub_mchid: '1900000109', transaction_id: '4200000000000000000000000000', order_id: '1217752501201407033233368018', out_order_no: 'P1', receiver: { type: 'MERCHANT_ID', account: '1900000109', amount: 888, description: 'x' }, success_time: '2018-06-08T10:34:56+08:00' };
      const n = signNotification({
        payload: q.get('payload') === 'unknown' ? { sub_mchid: '1900000109', frozen_amount: 100, new_member: { x: [1, 2] } } : split,
        eventType: q.get('eventType') ?? 'PROFITSHARING.SUCCESS', summary: q.get('summary') ?? '分账', originalType: q.get('originalType') ?? undefined, id: q.get('id') ?? undefined,
        apiV3Key: testKeys.apiV3Key, privateKey: testKeys.platformPrivateKey, serial: testKeys.platformSerial,
      });
      return Response.json(n);
    }
    if (url.pathname === '/webhook') {
      const body = await request.text();
      try {
        const n = wx.parseNotification({ headers: request.headers, body, keys, apiV3Key: testKeys.apiV3Key });
        const r = wx.ack();
        const typed = n.kind === 'split' || n.kind === 'return';
        return new Response(JSON.stringify({ reply: r.body, kind: n.kind, amount: typed ? n.data.receivers[0].amount : null, data: typed ? undefined : n.data, key: n.idempotencyKey, runtime: wx.runtime }), { status: r.status });
      } catch (e) {
        const r = wx.nack(e.code, 401);
        return new Response(JSON.stringify({ code: e.code, isWxPayError: e instanceof wx.WxPayError, reply: r.body }), { status: r.status });
      }
    }
    if (url.pathname === '/sign') {
      const key = wx.importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: testKeys.merchantPrivateKey });
      const spec = wx.profitSharing.queryOrder({ sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'P20150806125346' });
      const a = await wx.prepareAsync(key, spec, { timestamp: 1700000000, nonce: 'abc' });
      const b = wx.prepare(key, spec, { timestamp: 1700000000, nonce: 'abc' });
      return Response.json({ async: a, sync: b });
    }
    return new Response('not found', { status: 404 });
  },
};
