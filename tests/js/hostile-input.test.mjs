// Issue 13 ("Hostile input at the JavaScript boundary"), items 1, 3 and 6: regression tests on
// the node entry and the portable wasm path. The fuzzer (fuzz-api.test.mjs) covers the rest.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadEntries, caught } from './helpers/entries.mjs';
import { fx } from './helpers/fixtures.mjs';

let E;
let paths;
before(async () => {
  E = await loadEntries();
  paths = [
    { name: 'node', api: E.node, testing: E.nodeTesting },
    { name: 'wasm', api: E.browser, testing: E.browserTesting },
  ];
  for (const p of paths) {
    p.mk = p.api.importMerchantKey({ mchid: fx.mchid, serialNo: fx.merchantSerial, privateKey: fx.merchantKey });
    p.pc = p.api.importPlatformCertificate(fx.platformCert);
    p.set = p.api.createPlatformKeySet([p.pc]);
  }
});

const NOW = 1763870400;
const boom = () => {
  throw new Error('caller code threw');
};

/** The error `fn` threw (or rejected with), checked to be a WxPayError with `code` and, for validation, an issue at `path`. */
async function refused(p, fn, code, path) {
  const e = await caught(fn);
  assert.ok(e instanceof p.api.WxPayError, `${p.name}: expected a WxPayError, got ${e && e.name}: ${e && e.message}`);
  assert.equal(e.code, code, `${p.name}: ${e.message}`);
  if (path !== undefined) {
    assert.ok(Array.isArray(e.issues) && e.issues.some((i) => i.path === path), `${p.name}: no issue at ${path}: ${JSON.stringify(e.issues)}`);
    assert.match(e.message, new RegExp(path.replace(/[.[\]]/g, '\\$&')), `${p.name}: the message names ${path}`);
  }
  return e;
}

// ---- item 1: a process crash ----------------------------------------------------------------

const CRASH_CHILD = fileURLToPath(new URL('./helpers/crash-child.mjs', import.meta.url));

for (const entry of ['node', 'wasm']) {
  test(`item 1: payScore.allowedOperations('DOING', 5) × 5000 on the ${entry} path neither crashes nor corrupts the instance`, () => {
    const r = spawnSync(process.execPath, [CRASH_CHILD, entry, '5000'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.signal, null, `killed by ${r.signal}\n${r.stderr}`);
    assert.equal(r.status, 0, `exit ${r.status} (139 was the segfault)\n${r.stderr}`);
    const out = JSON.parse(r.stdout.trim());
    assert.deepEqual(out.codes, { ERR_WXPAY_VALIDATION: 5000 });
    assert.deepEqual(out.after.operations, ['query', 'complete', 'cancel']);
  });
}

test('item 1: a non-string state, description or collection state is a validation error naming the argument', async () => {
  for (const p of paths) {
    for (const [args, path] of [
      [['DOING', 5], 'stateDescription'],
      [['DOING', 'USER_CONFIRM', 7n], 'collectionState'],
      [[{ toString: () => 'DOING' }], 'state'],
      [[Symbol('s')], 'state'],
    ]) {
      const e = await refused(p, () => p.api.payScore.allowedOperations(...args), 'ERR_WXPAY_VALIDATION', path);
      assert.match(e.message, /must be a string/);
    }
    // null and undefined still mean "absent".
    assert.deepEqual(p.api.payScore.allowedOperations('DOING', 'USER_CONFIRM', null).operations, ['query', 'complete', 'cancel']);
  }
});

// ---- item 3: plain TypeErrors and internal errors for the caller's mistakes ---------------------

test('item 3: null where an input object belongs is ERR_WXPAY_VALIDATION at "input", never a TypeError', async () => {
  for (const p of paths) {
    const calls = {
      parseNotification: () => p.api.parseNotification(null),
      verifyNotification: () => p.api.verifyNotification(null),
      verifyResponse: () => p.api.verifyResponse(null),
      decryptResource: () => p.api.decryptResource(null),
      importMerchantKey: () => p.api.importMerchantKey(null),
      importPlatformPublicKey: () => p.api.importPlatformPublicKey(null),
      buildSigningMessage: () => p.api.buildSigningMessage(null),
      formatAuthorization: () => p.api.formatAuthorization(null),
      signRequest: () => p.api.signRequest(p.mk, null),
      signRequestAsync: () => p.api.signRequestAsync(p.mk, null),
      'testing.encryptResource': () => p.testing.encryptResource(null),
      'testing.signResponse': () => p.testing.signResponse(null),
      'testing.signNotification': () => p.testing.signNotification(null),
    };
    for (const [name, fn] of Object.entries(calls)) {
      const e = await caught(fn);
      assert.ok(e instanceof p.api.WxPayError, `${p.name} ${name}: ${e && e.name}: ${e && e.message}`);
      assert.equal(e.code, 'ERR_WXPAY_VALIDATION', `${p.name} ${name}: ${e.message}`);
      assert.ok(['input', 'request'].includes(e.issues[0].path), `${p.name} ${name}: ${JSON.stringify(e.issues)}`);
      assert.match(e.message, /must be an object \(got null\)/);
    }
  }
});

test('item 3: null options mean "no options" (createPlatformKeySet, prepare, prepareAsync, builders)', async () => {
  for (const p of paths) {
    assert.deepEqual([...p.api.createPlatformKeySet([p.pc], null).serials], [fx.platformSerial]);
    const spec = p.api.profitSharing.queryAmounts({ transaction_id: '4208450740201411110007820472' });
    const sync = p.api.prepare(p.mk, spec, null);
    const async_ = await p.api.prepareAsync(p.mk, spec, null);
    assert.equal(sync.url, async_.url);
    assert.equal(p.api.profitSharing.createOrder({ sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'P1', receivers: [{ type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 1, description: 'd' }], finish: true, wechatpay_serial: fx.platformSerial }, null).method, 'POST');
    await refused(p, () => p.api.createPlatformKeySet([p.pc], 5), 'ERR_WXPAY_VALIDATION', 'options');
    await refused(p, () => p.api.prepareAsync(p.mk, spec, 'x'), 'ERR_WXPAY_VALIDATION', 'options');
  }
});

test('item 3: a throwing getter or Proxy trap in an argument is ERR_WXPAY_VALIDATION naming the field, the cause kept', async () => {
  for (const p of paths) {
    const getter = (obj, name) => Object.defineProperty({ ...obj }, name, { get: boom, enumerable: true });
    const trap = new Proxy({}, { get: boom, ownKeys: boom, getPrototypeOf: boom, has: boom, getOwnPropertyDescriptor: boom });
    const note = p.testing.signNotification({ payload: { a: 1 }, eventType: 'PROFITSHARING.SUCCESS', summary: '分账', apiV3Key: fx.apiV3Key, privateKey: fx.platformKey, serial: fx.platformSerial, timestamp: NOW, nonce: 'n' });
    const cases = [
      [() => p.api.importPlatformPublicKey(getter({ id: fx.publicKeyId, pem: fx.pubKey }, 'pem')), 'pem'],
      [() => p.api.importMerchantKey(getter({ mchid: fx.mchid, serialNo: fx.merchantSerial, privateKey: fx.merchantKey }, 'mchid')), 'mchid'],
      [() => p.api.verifyNotification({ headers: trap, body: note.body, keys: p.set, now: NOW }), 'headers'],
      [() => p.api.verifyNotification({ headers: getter(note.headers, 'Wechatpay-Nonce'), body: note.body, keys: p.set, now: NOW }), 'headers'],
      [() => p.api.parseNotification({ headers: note.headers, body: note.body, keys: p.set, apiV3Key: trap, now: NOW }), 'apiV3Key'],
      [() => p.api.decryptResource({ apiV3Key: fx.apiV3Key, resource: trap }), p.name === 'node' ? 'resource' : 'resource'],
      [() => p.api.verifyNotification({ headers: note.headers, body: note.body, keys: trap, now: NOW }), 'keys'],
      [() => p.api.createPlatformKeySet({ [Symbol.iterator]: boom }), 'keys'],
      [() => p.api.signRequest(p.mk, getter({ method: 'GET', url: '/v3/x' }, 'url')), 'request.url'],
      [() => p.api.prepareAsync(p.mk, getter(p.api.profitSharing.queryAmounts({ transaction_id: '4208450740201411110007820472' }), 'method')), 'spec.method'],
      [() => p.api.prepare(p.mk, p.api.profitSharing.queryAmounts({ transaction_id: '4208450740201411110007820472' }), getter({}, 'nonce')), 'options.nonce'],
      [() => p.testing.signResponse(getter({ privateKey: fx.platformKey, serial: 'S' }, 'body')), 'body'],
    ];
    for (const [fn, path] of cases) {
      const e = await caught(fn);
      assert.ok(e instanceof p.api.WxPayError, `${p.name} ${path}: ${e && e.name}: ${e && e.message}`);
      assert.ok(['ERR_WXPAY_VALIDATION', 'ERR_WXPAY_KEY_INVALID'].includes(e.code), `${p.name} ${path}: ${e.code} ${e.message}`);
      if (e.code === 'ERR_WXPAY_VALIDATION') {
        assert.equal(e.issues[0].path, path, `${p.name}: ${e.message}`);
        assert.ok(!e.message.includes('caller code threw'), 'the caller\'s own message is not repeated');
        if (e.issues[0].code === 'unreadable') assert.equal(e.cause && e.cause.message, 'caller code threw');
      }
    }
  }
});

test('item 3: BigInt, Symbol, objects and deep nesting where a string or number belongs are ERR_WXPAY_VALIDATION naming the argument', async () => {
  let deep = [];
  for (let i = 0; i < 10000; i++) deep = [deep];
  for (const p of paths) {
    const sign = (over) => ({ method: 'GET', url: '/v3/x', timestamp: NOW, nonce: 'abc', ...over });
    const note = p.testing.signNotification({ payload: { a: 1 }, eventType: 'PROFITSHARING.SUCCESS', summary: '分账', apiV3Key: fx.apiV3Key, privateKey: fx.platformKey, serial: fx.platformSerial, timestamp: NOW, nonce: 'n' });
    for (const [fn, path] of [
      [() => p.api.buildSigningMessage(sign({ timestamp: 1n })), 'timestamp'],
      [() => p.api.buildSigningMessage(sign({ timestamp: String(NOW) })), 'timestamp'],
      [() => p.api.buildSigningMessage(sign({ nonce: Symbol('n') })), 'nonce'],
      [() => p.api.buildSigningMessage(sign({ url: deep })), 'url'],
      [() => p.api.formatAuthorization({ mchid: fx.mchid, serialNo: fx.merchantSerial, timestamp: 2n ** 70n, nonce: 'a', signature: 's' }), 'timestamp'],
      [() => p.api.signRequest(p.mk, sign({ nonce: 12345 })), 'nonce'],
      [() => p.api.verifyNotification({ headers: note.headers, body: note.body, keys: p.set, now: 1n }), 'now'],
      [() => p.api.parseAuthorization(1n), 'header'],
      [() => p.api.importPlatformCertificate({ pem: fx.platformCert }), 'pem'],
      [() => p.api.encryptSensitive(deep, p.pc), 'plaintext'],
      [() => p.api.decryptSensitive(1n, p.mk), 'ciphertext'],
      [() => p.set.get(Symbol('serial')), 'serial'],
      [() => p.api.profitSharing.parseResponse(1n, '{}'), 'operation'],
      [() => p.api.payScore.parseResponse('queryServiceOrder', 200n, '{}'), 'status'],
      [() => p.testing.encryptResource({ apiV3Key: fx.apiV3Key, plaintext: undefined }), 'plaintext'],
      [() => p.testing.encryptResource({ apiV3Key: fx.apiV3Key, plaintext: { a: 1n } }), 'plaintext'],
    ]) {
      if (path === undefined) continue;
      await refused(p, fn, 'ERR_WXPAY_VALIDATION', path);
    }
    // Deeply nested input objects reach the core's JSON reader, which refuses them.
    await refused(p, () => p.api.profitSharing.queryOrder(deep), 'ERR_WXPAY_VALIDATION', 'input');
  }
});

test('item 3: a foreign or fake key, or a Proxy where a key belongs, is ERR_WXPAY_KEY_INVALID (no Proxy trap runs)', async () => {
  const trap = new Proxy({}, { getPrototypeOf: boom, get: boom });
  for (const p of paths) {
    const other = p.name === 'node' ? paths[1] : paths[0];
    await refused(p, () => p.api.signRequest(other.mk, { method: 'GET', url: '/v3/x' }), 'ERR_WXPAY_KEY_INVALID');
    await refused(p, () => p.api.encryptSensitive('x', trap), 'ERR_WXPAY_KEY_INVALID');
    await refused(p, () => p.api.exportSpki(Object.create(p.api.PlatformKey.prototype)), 'ERR_WXPAY_KEY_INVALID');
    await refused(p, () => p.api.PlatformKeySet.prototype.get.call({}, 'x'), 'ERR_WXPAY_KEY_INVALID');
  }
});

// ---- item 6: smaller ------------------------------------------------------------------------

test('item 6: nack refuses a status the wasm u16 would have wrapped (-65036, 66036, 500.7 all became 500)', async () => {
  for (const p of paths) {
    for (const status of [-65036, 66036, 500.7, 65536 + 500, NaN, '500', 500n]) {
      await refused(p, () => p.api.nack('x', status), 'ERR_WXPAY_VALIDATION', 'status');
    }
    assert.equal(p.api.nack('x', 503).status, 503);
    assert.equal(p.api.nack().status, 500);
  }
});

test('item 6: payScore.parseResponse refuses a status that is not an HTTP status code', async () => {
  for (const p of paths) {
    for (const status of [66036, 200.5, -65336, '200']) {
      await refused(p, () => p.api.payScore.parseResponse('cancelServiceOrder', status, ''), 'ERR_WXPAY_VALIDATION', 'status');
    }
    assert.deepEqual(p.api.payScore.parseResponse('cancelServiceOrder', 204, ''), { status: 204 });
  }
});

test('item 6: split.* refuse numbers beyond Number.MAX_SAFE_INTEGER instead of answering inexactly', async () => {
  const rule = { type: 'MERCHANT_ID', account: '1', percentBp: 3000 };
  for (const p of paths) {
    const e = await refused(p, () => p.api.split.allocate(2 ** 60, [rule]), 'ERR_WXPAY_VALIDATION', 'total');
    assert.equal(e.issues[0].code, 'too_large');
    await refused(p, () => p.api.split.allocate(1000, [{ type: 'MERCHANT_ID', account: '1', fixedAmount: 2 ** 53 + 2 }]), 'ERR_WXPAY_VALIDATION', 'rules[0].fixedAmount');
    await refused(p, () => p.api.split.checkPlan({ amount: 1e21 }, { receivers: [{ type: 'MERCHANT_ID', account: '1', amount: 1 }] }), 'ERR_WXPAY_VALIDATION', 'order.amount');
    await refused(p, () => p.api.split.simulate({ amount: 100 }, [{ op: 'split', outOrderNo: 'P1', receivers: [{ type: 'MERCHANT_ID', account: '1', amount: 2 ** 64 }] }]), 'ERR_WXPAY_VALIDATION', 'operations[0].receivers[0].amount');
    // Number.MAX_SAFE_INTEGER itself is exact and still computed with.
    const a = p.api.split.allocate(Number.MAX_SAFE_INTEGER, [rule]);
    assert.ok(Number.isSafeInteger(a.receivers?.[0]?.amount ?? a.shares?.[0]?.amount ?? 0));
  }
});

test('item 6: an RSA-OAEP decryptSensitive failure talks about the merchant key, not the APIv3 key or a nonce', async () => {
  for (const p of paths) {
    // Encrypted to the platform key, decrypted with the merchant key: OAEP fails.
    const { ciphertext } = p.api.encryptSensitive('张三', p.pc);
    const e = await refused(p, () => p.api.decryptSensitive(ciphertext, p.mk), 'ERR_WXPAY_DECRYPTION_FAILED');
    assert.match(e.message, /merchant key/);
    assert.doesNotMatch(e.message, /APIv3|nonce/);
  }
});

test('item 6: PlatformKeySet.serials is frozen all the way down', () => {
  for (const p of paths) {
    const set = p.api.createPlatformKeySet([p.pc]);
    assert.ok(Object.isFrozen(set.serials));
    assert.throws(() => set.serials.push('X'), TypeError);
    assert.throws(() => {
      set.serials[0] = 'X';
    }, TypeError);
    assert.deepEqual([...set.serials], [fx.platformSerial]);
    assert.equal(set.get(fx.platformSerial.toLowerCase()), p.pc);
  }
});
