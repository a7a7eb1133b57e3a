// The repository's public test keys (tests/fixtures) and notification helpers shared by the
// interop and example suites.
import { readFileSync } from 'node:fs';
import { testKeys, signNotification } from 'wechatpay-edge/testing';

const dir = new URL('../../fixtures/', import.meta.url);
export const readFixture = (name) => readFileSync(new URL(name, dir), 'utf8');

const env = Object.fromEntries(
  readFixture('test-keys.env')
    .split('\n')
    .filter((l) => l.includes('=') && !l.startsWith('#'))
    .map((l) => [l.slice(0, l.indexOf('=')).trim(), l.slice(l.indexOf('=') + 1).trim()]),
);

export const fx = Object.freeze({
  mchid: env.MERCHANT_ID,
  merchantSerial: env.MERCHANT_SERIAL,
  platformSerial: env.PLATFORM_SERIAL,
  platform2Serial: env.PLATFORM2_SERIAL,
  publicKeyId: env.PUBLIC_KEY_ID,
  apiV3Key: env.APIV3_KEY,
  merchantKey: readFixture('merchant_key.pem'),
  merchantKeyPkcs1: readFixture('merchant_key_pkcs1.pem'),
  merchantCert: readFixture('merchant_cert.pem'),
  platformKey: readFixture('platform_key.pem'),
  platformCert: readFixture('platform_cert.pem'),
  platform2Key: readFixture('platform2_key.pem'),
  platform2Cert: readFixture('platform2_cert.pem'),
  pubKey: readFixture('wechatpay_pubkey.pem'),
  pubKeyPrivate: readFixture('wechatpay_pubkey_private.pem'),
});

export { testKeys };

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
