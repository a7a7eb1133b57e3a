// Receivers over real HTTP: the emulator takes the add-receiver shapes the builder produces
// (issue 12 row 1: doc/v3/partner/4012477758, 2025.09.29 sends a personal name plain; the
// 2020 shape, encrypted_name + Wechatpay-Serial, stays behind legacyEncryptedName), and a
// split's encrypted receiver_name is checked against the name given either way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { wx, startEmulator, send, raw, seeded, OPENID, APPID, SUB, keys } from './helpers.mjs';

let emu;
before(async () => {
  emu = await startEmulator({ timeScale: 0.01 });
});
after(() => emu.close());

const personal = (name) => ({ appid: APPID, type: 'PERSONAL_OPENID', account: OPENID, name, relation_type: 'DISTRIBUTOR' });

async function splitWithName(t, outOrderNo, name) {
  const spec = wx.profitSharing.createOrder(
    {
      appid: APPID, sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: outOrderNo,
      receivers: [{ type: 'PERSONAL_OPENID', receiver_account: OPENID, receiver_name: name, amount: 100, description: '佣金' }],
      finish: false,
    },
    { keys },
  );
  return send(emu, spec);
}

test('add receiver: the current plain name is accepted and is the name later splits must match', async () => {
  const spec = wx.profitSharing.addReceiver(personal('张三'));
  assert.deepEqual(spec.headers, [], 'the 2025 page has no Wechatpay-Serial for this call');
  assert.equal(JSON.parse(spec.body).name, '张三');
  const add = await send(emu, spec);
  assert.equal(add.status, 200, add.body);
  const t = await seeded(emu);
  assert.equal((await splitWithName(t, 'RCV1', '张三')).status, 200);
  const wrong = await splitWithName(t, 'RCV2', '李四');
  assert.equal(wrong.status, 400);
  assert.equal(wrong.json.message, '分账接收方姓名与实名不一致');
});

test('add receiver: the legacy encrypted_name shape is still accepted and decrypted', async () => {
  const spec = wx.profitSharing.addReceiver(personal('王五'), { keys, legacyEncryptedName: true });
  const body = JSON.parse(spec.body);
  assert.equal(body.name, undefined);
  assert.ok(body.encrypted_name.length > 300);
  assert.equal(spec.headers[0][0], 'Wechatpay-Serial');
  assert.equal((await send(emu, spec)).status, 200);
  const t = await seeded(emu);
  assert.equal((await splitWithName(t, 'RCV3', '王五')).status, 200);
  assert.equal((await splitWithName(t, 'RCV4', '张三')).status, 400);
  // Ciphertext without the header naming its key cannot be decrypted.
  const noHeader = await send(emu, raw('POST', '/v3/ecommerce/profitsharing/receivers/add', body));
  assert.equal(noHeader.status, 400, noHeader.body);
  assert.equal(noHeader.json.code, 'PARAM_ERROR');
});

test('extra is the builders’ pass-through option, never a wire field: the emulator refuses it', async () => {
  const r = await send(emu, raw('POST', '/v3/ecommerce/profitsharing/receivers/delete', { appid: APPID, type: 'PERSONAL_OPENID', account: OPENID, extra: { x: 1 } }));
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.code, 'PARAM_ERROR');
  assert.match(r.json.message, /extra/);
});
