// Runs slices of the API fuzzer (tests/js/helpers/fuzz.mjs) inside real workerd, driven by
// fuzz-api.test.mjs: GET /fuzz?seed=S&from=I&count=N answers with the slice's report.
// workerd's clock stands still during a request, so each slice is bounded by `count`.
import * as wx from 'wechatpay-edge';
import * as testing from 'wechatpay-edge/testing';
import { runFuzz } from '../helpers/fuzz.mjs';

let foreign = null;

export default {
  async fetch(request) {
    const q = new URL(request.url).searchParams;
    const K = testing.testKeys;
    foreign ??= [
      ['own MerchantKey (wrong kind)', wx.importMerchantKey({ mchid: K.mchid, serialNo: K.merchantSerialNo, privateKey: K.merchantPrivateKey })],
      ['fake PlatformKey', Object.create(wx.PlatformKey.prototype)],
      ['fake PlatformKeySet', Object.create(wx.PlatformKeySet.prototype)],
    ];
    const report = await runFuzz(wx, testing, {
      seed: Number(q.get('seed')),
      from: Number(q.get('from')),
      count: Number(q.get('count')),
      foreign,
      skipSlow: 0.95,
    });
    return Response.json({ runtime: wx.runtime, ...report });
  },
};
