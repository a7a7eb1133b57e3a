// Notification helpers for the interop and example suites, over the repository's public test
// keys (tests/fixtures, read by the JS suites' helper).
import { testKeys, signNotification } from 'wechatpay-edge/testing';
import { fx } from '../../js/helpers/fixtures.mjs';

export { fx, testKeys };

let seq = 0;
/** A 分账动账通知 payload (the official single-`receiver` shape). */
export function splitPayload({ outOrderNo = `P${Date.now()}${++seq}`, amount = 2000, account = '1900000110' } = {}) {
  return {
    sp_mchid: fx.mchid,
    sub_mchid: '1900000109',
    transaction_id: '4208450740201411110007820472',
    order_id: `3000000001202611230000000${String(1000 + (seq % 9000))}`,
    out_order_no: outOrderNo,
    receiver: { type: 'MERCHANT_ID', account, amount, description: '平台服务费' },
    success_time: '2026-11-23T10:00:00+08:00',
  };
}

/** A delivery as WeChat Pay would send it (signed by the test platform certificate). */
export function delivery({ payload = splitPayload(), eventType = 'PROFITSHARING.SUCCESS', timestamp, privateKey = fx.platformKey, serial = fx.platformSerial, apiV3Key = fx.apiV3Key, id } = {}) {
  return signNotification({ payload, eventType, summary: '分账', apiV3Key, privateKey, serial, timestamp, id });
}

export const nowSec = () => Math.floor(Date.now() / 1000);
