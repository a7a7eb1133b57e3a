// Shared by the webhook suites: the workerd bundler rooted at the repository (so a test worker
// can import examples/worker/), signed notifications with the package's test keys.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testKeys, signNotification } from 'wechatpay-edge/testing';
import { bundleForWorkerd as bundle } from '../js/helpers/workerd-bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
export { testKeys };

export function bundleForWorkerd(workerUrl, extra = {}) {
  return bundle(workerUrl, { root, pkgDir: join(here, 'node_modules', 'wechatpay-edge'), ...extra });
}

/** The bindings examples/worker needs, with the package's test keys (public-key mode). */
export const workerBindings = {
  WECHATPAY_MCHID: testKeys.mchid,
  WECHATPAY_MERCHANT_SERIAL: testKeys.merchantSerialNo,
  WECHATPAY_MERCHANT_KEY: testKeys.merchantPrivateKey,
  WECHATPAY_APIV3_KEY: testKeys.apiV3Key,
  WECHATPAY_PUBLIC_KEY_ID: testKeys.publicKeyId,
  WECHATPAY_PUBLIC_KEY: testKeys.publicKey,
};

let seq = 0;
/** A 分账动账通知 payload (single `receiver`), unique per call unless outOrderNo is given. */
export function splitPayload({ outOrderNo = `W${process.pid}${Date.now()}${++seq}`, amount = 2000, account = '1900000110' } = {}) {
  return {
    sp_mchid: testKeys.mchid,
    sub_mchid: '1900000109',
    transaction_id: '4208450740201411110007820472',
    order_id: `30000000012026112300${String(++seq).padStart(8, '0')}`,
    out_order_no: outOrderNo,
    receiver: { type: 'MERCHANT_ID', account, amount, description: '平台服务费' },
    success_time: '2026-11-23T10:00:00+08:00',
  };
}

/** One delivery of `payload` as WeChat Pay sends it: each redelivery is signed anew (new nonce, id). */
export function delivery(payload, { id, timestamp } = {}) {
  return signNotification({
    payload,
    eventType: 'PROFITSHARING.SUCCESS',
    summary: '分账',
    apiV3Key: testKeys.apiV3Key,
    privateKey: testKeys.publicKeyPrivateKey,
    serial: testKeys.publicKeyId,
    id,
    timestamp: timestamp ?? Math.floor(Date.now() / 1000),
  });
}

/** Polls `check` every 20 ms until it returns something truthy (that value), or throws after `ms`. */
export async function until(check, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
