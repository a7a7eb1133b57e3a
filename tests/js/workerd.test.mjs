// Smoke test inside real workerd (miniflare 4 ships the workerd binary in its npm package).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Miniflare } from 'miniflare';
import { bundleForWorkerd } from './helpers/workerd-bundle.mjs';

let mf;
before(async () => {
  mf = new Miniflare(await bundleForWorkerd(new URL('./workers/smoke-worker.js', import.meta.url)));
});
after(async () => mf && (await mf.dispose()));

test('a signed notification verifies and decrypts inside workerd', async () => {
  const made = await (await mf.dispatchFetch('http://localhost/make')).json();
  const res = await mf.dispatchFetch('http://localhost/webhook', { method: 'POST', headers: made.headers, body: made.body });
  const out = await res.json();
  assert.equal(res.status, 200);
  assert.equal(out.runtime, 'workerd');
  assert.equal(out.kind, 'split');
  assert.equal(out.amount, 888);
  assert.equal(out.reply, '{"code":"SUCCESS","message":"成功"}');
});

test('a tampered body is refused with a typed error and a FAIL reply', async () => {
  const made = await (await mf.dispatchFetch('http://localhost/make')).json();
  const res = await mf.dispatchFetch('http://localhost/webhook', { method: 'POST', headers: made.headers, body: made.body.replace('"EV-', '"EX-') });
  const out = await res.json();
  assert.equal(res.status, 401);
  assert.deepEqual([out.code, out.isWxPayError], ['ERR_WXPAY_SIGNATURE_INVALID', true]);
  assert.match(out.reply, /"code":"FAIL"/);
});

test('WebCrypto and wasm signing agree byte for byte inside workerd', async () => {
  const out = await (await mf.dispatchFetch('http://localhost/sign')).json();
  assert.deepEqual(out.async, out.sync);
  assert.match(out.sync.headers.Authorization, /^WECHATPAY2-SHA256-RSA2048 mchid="1900000100",nonce_str="abc",signature="[A-Za-z0-9+/=]{344}",timestamp="1700000000",serial_no="3775B6A45ACD588826D15E583A95F5DD4B0A5A69"$/);
  assert.equal(out.sync.url, 'https://api.mch.weixin.qq.com/v3/ecommerce/profitsharing/orders?sub_mchid=1900000109&transaction_id=4208450740201411110007820472&out_order_no=P20150806125346');
});
