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

const deliver = async (query) => {
  const made = await (await mf.dispatchFetch(`http://localhost/make?${new URLSearchParams(query)}`)).json();
  const res = await mf.dispatchFetch('http://localhost/webhook', { method: 'POST', headers: made.headers, body: made.body });
  return { status: res.status, out: await res.json() };
};

// Issue 12 row 2: authentic events we cannot type are kept ('other', raw payload), never refused.
test('inside workerd: an unknown PROFITSHARING.* event type, or a contradicting summary, is acked as "other" with the raw payload', async () => {
  const unknown = await deliver({ eventType: 'PROFITSHARING.FROZEN', summary: '分账冻结', payload: 'unknown', id: 'EV-WORKERD-1' });
  assert.equal(unknown.status, 200);
  assert.deepEqual([unknown.out.kind, unknown.out.key, unknown.out.runtime], ['other', 'event:EV-WORKERD-1', 'workerd']);
  assert.deepEqual(unknown.out.data, { sub_mchid: '1900000109', frozen_amount: 100, new_member: { x: [1, 2] } });
  const contradiction = await deliver({ eventType: 'PROFITSHARING.SUCCESS', summary: '分账回退', id: 'EV-WORKERD-2' });
  assert.deepEqual([contradiction.status, contradiction.out.kind, contradiction.out.key], [200, 'other', 'event:EV-WORKERD-2']);
  assert.equal(contradiction.out.data.receiver.amount, 888);
});

// pay.weixin.qq.com/doc/v2/partner/4011985282 (分账动账通知, updated 2026.01.28).
test('inside workerd: TRANSACTION.SUCCESS is profit sharing by resource.original_type, summary only as a fallback', async () => {
  const ret = await deliver({ eventType: 'TRANSACTION.SUCCESS', summary: '分账回退', originalType: 'profitsharing' });
  assert.deepEqual([ret.status, ret.out.kind, ret.out.amount], [200, 'return', 888]);
  const payment = await deliver({ eventType: 'TRANSACTION.SUCCESS', summary: '分账', originalType: 'transaction', id: 'EV-WORKERD-3' });
  assert.deepEqual([payment.status, payment.out.kind, payment.out.key], [200, 'other', 'event:EV-WORKERD-3']);
});

test('WebCrypto and wasm signing agree byte for byte inside workerd', async () => {
  const out = await (await mf.dispatchFetch('http://localhost/sign')).json();
  assert.deepEqual(out.async, out.sync);
  assert.match(out.sync.headers.Authorization, /^WECHATPAY2-SHA256-RSA2048 mchid="1900000100",nonce_str="abc",signature="[A-Za-z0-9+/=]{344}",timestamp="1700000000",serial_no="3775B6A45ACD588826D15E583A95F5DD4B0A5A69"$/);
  assert.equal(out.sync.url, 'https://api.mch.weixin.qq.com/v3/ecommerce/profitsharing/orders?sub_mchid=1900000109&transaction_id=4208450740201411110007820472&out_order_no=P20150806125346');
});
