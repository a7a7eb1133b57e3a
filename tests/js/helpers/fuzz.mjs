// A fuzzer of the public JavaScript API, shared by the Node child (tests/js/helpers/fuzz-child.mjs)
// and the workerd worker (tests/js/workers/fuzz-worker.js): no node:* imports here.
//
// Every iteration takes a known-good call of one exported function, damages it (a whole argument,
// a nested field, a deleted field, an odd key, a Proxy or a throwing getter, or random arguments
// altogether) with values of every JS type, calls it, and then runs a known-good call whose answer
// was recorded before the run. It reports:
//   - a throw that is not a WxPayError with an ERR_WXPAY_* code (ERR_WXPAY_INTERNAL included:
//     bad input is the caller's mistake, never an internal error),
//   - a WxPayError that echoes a marked value given as a personal or secret field (SECRET_FIELD),
//   - ERR_WXPAY_VALIDATION without issues [{ path, code, message }],
//   - a known-good call that fails or answers differently after a hostile one.
// Iteration `i` of seed `s` draws from its own generator, so a report line replays alone
// (runFuzz({ seed: s, from: i, count: 1 })).

import { prng } from './prng.mjs';

const MARK = 'S3CRET-7f2a';
const NOW = 1763870400;

export { prng };

const iterationSeed = (seed, i) => (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0;

function nest(depth, wrap) {
  let v = {};
  for (let i = 0; i < depth; i++) v = wrap(v);
  return v;
}

function thrower(label) {
  return () => {
    throw new Error(`${label} ${MARK}`);
  };
}

/** Values of every JS type, each with a short label for reports. Built once: nothing mutates them. */
function hostileValues(ctx) {
  const boom = thrower('caller code threw');
  const cyclic = { a: 1 };
  cyclic.self = cyclic;
  const cyclicArr = [];
  cyclicArr.push(cyclicArr);
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const allTraps = {};
  for (const t of ['get', 'set', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'defineProperty', 'deleteProperty', 'apply', 'construct', 'isExtensible', 'preventExtensions', 'setPrototypeOf']) allTraps[t] = boom;
  const protoKey = JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
  const getters = Object.defineProperty({}, 'toString', { get: boom });
  const huge = 'x'.repeat(1 << 20);
  const sparse = [];
  sparse[100000] = 'x';
  const values = [
    ['undefined', undefined],
    ['null', null],
    ['true', true],
    ['false', false],
    ['0', 0],
    ['-0', -0],
    ['-1', -1],
    ['1.5', 1.5],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['2^31', 2 ** 31],
    ['2^32', 2 ** 32],
    ['-65036', -65036],
    ['66036', 66036],
    ['500.7', 500.7],
    ['2^53', 2 ** 53],
    ['2^53+2', 2 ** 53 + 2],
    ['1e21', 1e21],
    ['MAX_VALUE', Number.MAX_VALUE],
    ['MIN_VALUE', Number.MIN_VALUE],
    ['5 (a number where a string belongs)', 5],
    ['0n', 0n],
    ['1n', 1n],
    ['-1n', -1n],
    ['2n**70n', 2n ** 70n],
    ['Symbol()', Symbol('s')],
    ['Symbol.iterator', Symbol.iterator],
    ["''", ''],
    ["' '", ' '],
    ['\\0', '\0'],
    ['lone surrogate', '\ud800'],
    ['emoji', '😀'],
    ['CRLF', 'a\r\nb: c'],
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['toString', 'toString'],
    ['marked secret', `${MARK}-张三`],
    ["'500'", '500'],
    ["'1e3'", '1e3'],
    ['DOING', 'DOING'],
    ['JSON text', '{"a":[1,{"b":null}]}'],
    ['PEM junk', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'],
    ['1 MiB string', huge],
    ['1 MiB non-ASCII', '分'.repeat(1 << 18)],
    ['{}', {}],
    ['[]', []],
    ['[[]]', [[]]],
    ['null-proto object', Object.create(null)],
    ['__proto__/constructor keys', protoKey],
    ['{constructor:"x"}', { constructor: 'x', prototype: 1, hasOwnProperty: 1, toJSON: 1 }],
    ['throwing toString', { toString: boom }],
    ['throwing valueOf', { valueOf: boom, toString: boom }],
    ['throwing toPrimitive', { [Symbol.toPrimitive]: boom }],
    ['throwing toJSON', { toJSON: boom }],
    ['toJSON → BigInt', { toJSON: () => 1n }],
    ['getter toString', getters],
    ['throwing iterator', { [Symbol.iterator]: boom }],
    ['endless iterator (bounded by callers?)', { *[Symbol.iterator]() { for (let i = 0; i < 1000; i++) yield i; } }],
    ['Proxy (every trap throws)', new Proxy({}, allTraps)],
    ['Proxy array (every trap throws)', new Proxy([], allTraps)],
    ['Proxy function (every trap throws)', new Proxy(function f() {}, allTraps)],
    ['revoked Proxy', revoked.proxy],
    ['transparent Proxy', new Proxy({ a: 1 }, {})],
    ['cycle', cyclic],
    ['cyclic array', cyclicArr],
    ['deep array (10 000)', nest(10000, (v) => [v])],
    ['deep object (10 000)', nest(10000, (v) => ({ a: v }))],
    ['deep array (200)', nest(200, (v) => [v])],
    ['sparse array', sparse],
    ['array of 100 000', new Array(100000).fill('a')],
    ['Date', new Date(0)],
    ['invalid Date', new Date(NaN)],
    ['RegExp', /x/g],
    ['Map', new Map([['a', 1]])],
    ['Set', new Set([1])],
    ['WeakMap', new WeakMap()],
    ['Promise', Promise.resolve(1)],
    ['Error', new Error('e')],
    ['function', () => 1],
    ['class', class X {}],
    ['String object', new String('x')],
    ['Number object', new Number(5)],
    ['Boolean object', new Boolean(false)],
    ['Uint8Array(0)', new Uint8Array(0)],
    ['Uint8Array(33)', new Uint8Array(33).fill(0x41)],
    ['Uint8Array(32)', new Uint8Array(32).fill(0x41)],
    ['Uint16Array', new Uint16Array([0xd800, 0x41])],
    ['Float64Array', new Float64Array([NaN])],
    ['BigInt64Array', new BigInt64Array(2)],
    ['DataView', new DataView(new ArrayBuffer(4))],
    ['ArrayBuffer', new ArrayBuffer(8)],
    ['detached-looking subarray', new Uint8Array(64).subarray(60)],
    ['Headers', new Headers({ 'wechatpay-serial': '1', 'x-a': 'b' })],
    ['headers-like (throwing forEach)', { forEach: boom, get: boom }],
    ['[name, value] pairs, not pairs', [['a'], ['b', 'c', 'd']]],
    ['array with holes', [, , 1]],
    ['array of symbols', [Symbol('a'), Symbol('b')]],
    ['array of BigInt', [1n, 2n]],
    ['object of BigInt', { amount: 1n, total: 2n }],
    ['frozen object', Object.freeze({ a: 1 })],
    ['object with symbol key', { [Symbol('k')]: 1 }],
  ];
  for (const [label, v] of ctx.foreign) values.push([label, v]);
  return values;
}

/** A getter that throws, planted on `name` of a copy of `obj`. */
function withThrowingGetter(obj, name) {
  const copy = Array.isArray(obj) ? [...obj] : { ...obj };
  Object.defineProperty(copy, name, { get: thrower(`getter ${name}`), enumerable: true, configurable: true });
  return copy;
}

/** A Proxy over `obj` whose `trap` throws. */
function withThrowingTrap(obj, trap) {
  return new Proxy(obj, { [trap]: thrower(`trap ${trap}`) });
}

/**
 * The cases: for each exported function, a thunk of known-good arguments (fresh each time)
 * and whether the function is slow on the wasm path (RSA private-key operations).
 */
function buildCases(wx, t) {
  const K = t.testKeys;
  const mk = wx.importMerchantKey({ mchid: K.mchid, serialNo: K.merchantSerialNo, privateKey: K.merchantPrivateKey });
  const pc = wx.importPlatformCertificate(K.platformCertificate);
  const pk = wx.importPlatformPublicKey({ id: K.publicKeyId, pem: K.publicKey });
  const set = wx.createPlatformKeySet([pc, pk], { merchantSerialNo: K.merchantSerialNo });
  const ownCert = wx.importPlatformCertificate(K.merchantCertificate);
  const sensitive = wx.encryptSensitive('张三', ownCert).ciphertext;
  const payload = { sub_mchid: '1900000109', transaction_id: '4200000000000000000000000000', order_id: '1217752501201407033233368018', out_order_no: 'P1', receiver: { type: 'MERCHANT_ID', account: '1900000109', amount: 888, description: 'x' }, success_time: '2018-06-08T10:34:56+08:00' };
  const note = t.signNotification({ payload, eventType: 'PROFITSHARING.SUCCESS', summary: '分账', apiV3Key: K.apiV3Key, privateKey: K.platformPrivateKey, serial: K.platformSerial, timestamp: NOW, nonce: 'fuzznonce1', id: 'EV-FUZZ-1' });
  const respBody = '{"sub_mchid":"1900000109","transaction_id":"4208450740201411110007820472","unsplit_amount":1000}';
  const respHeaders = t.signResponse({ body: respBody, privateKey: K.platformPrivateKey, serial: K.platformSerial, timestamp: NOW, nonce: 'fuzznonce2' });
  const resource = t.encryptResource({ apiV3Key: K.apiV3Key, plaintext: '{"x":1}', nonce: 'abcdefghijkl', associatedData: 'transaction' });
  const certsBody = JSON.stringify({
    data: [{ serial_no: K.platformSerial, effective_time: '2026-11-23T10:00:00+08:00', expire_time: '2036-11-23T10:00:00+08:00', encrypt_certificate: t.encryptResource({ apiV3Key: K.apiV3Key, plaintext: K.platformCertificate, associatedData: 'certificate', nonce: 'certnonce123' }) }],
  });
  const SUB = '1900000109';
  const TX = '4208450740201411110007820472';
  const ids = { service_id: '500001', sub_mchid: SUB, channel_id: '1230000109' };
  const spec = () => wx.profitSharing.queryOrder({ sub_mchid: SUB, transaction_id: TX, out_order_no: 'P20150806125346' });
  const auth = wx.formatAuthorization({ mchid: K.mchid, serialNo: K.merchantSerialNo, timestamp: NOW, nonce: 'abc', signature: 'c2ln' });
  const message = `${NOW}\nfuzznonce2\n${respBody}\n`;

  // [name, call(args), goodArgs(), slow?]
  const cases = [
    ['importMerchantKey', (a) => wx.importMerchantKey(...a), () => [{ mchid: K.mchid, serialNo: K.merchantSerialNo, privateKey: K.merchantPrivateKey }]],
    ['importPlatformPublicKey', (a) => wx.importPlatformPublicKey(...a), () => [{ id: K.publicKeyId, pem: K.publicKey }]],
    ['importPlatformCertificate', (a) => wx.importPlatformCertificate(...a), () => [K.platformCertificate]],
    ['createPlatformKeySet', (a) => wx.createPlatformKeySet(...a), () => [[pc, pk], { merchantSerialNo: K.merchantSerialNo }]],
    ['loadCertificates', (a) => wx.loadCertificates(...a), () => [certsBody, K.apiV3Key]],
    ['buildSigningMessage', (a) => wx.buildSigningMessage(...a), () => [{ method: 'POST', url: '/v3/x?a=1', timestamp: NOW, nonce: 'abc', body: '{"a":1}' }]],
    ['formatAuthorization', (a) => wx.formatAuthorization(...a), () => [{ mchid: K.mchid, serialNo: K.merchantSerialNo, timestamp: NOW, nonce: 'abc', signature: 'c2ln' }]],
    ['parseAuthorization', (a) => wx.parseAuthorization(...a), () => [auth]],
    ['signRequest', (a) => wx.signRequest(...a), () => [mk, { method: 'GET', url: '/v3/x', body: '', timestamp: NOW, nonce: 'abc' }], true],
    ['signRequestAsync', (a) => wx.signRequestAsync(...a), () => [mk, { method: 'GET', url: '/v3/x', body: '', timestamp: NOW, nonce: 'abc' }]],
    ['encryptSensitive', (a) => wx.encryptSensitive(...a), () => ['张三', pc]],
    ['decryptSensitive', (a) => wx.decryptSensitive(...a), () => [sensitive, mk], true],
    ['verifyResponse', (a) => wx.verifyResponse(...a), () => [{ status: 200, headers: { ...respHeaders }, body: respBody, keys: set, now: NOW }]],
    ['verifyNotification', (a) => wx.verifyNotification(...a), () => [{ headers: { ...note.headers }, body: note.body, keys: set, now: NOW }]],
    ['verifySignature', (a) => wx.verifySignature(...a), () => [pc, message, respHeaders['Wechatpay-Signature']]],
    ['exportSpki', (a) => wx.exportSpki(...a), () => [pc]],
    ['decryptResource', (a) => wx.decryptResource(...a), () => [{ apiV3Key: K.apiV3Key, resource: { ...resource } }]],
    ['parseNotification', (a) => wx.parseNotification(...a), () => [{ headers: { ...note.headers }, body: note.body, keys: set, apiV3Key: K.apiV3Key, now: NOW }]],
    ['ack', (a) => wx.ack(...a), () => []],
    ['nack', (a) => wx.nack(...a), () => ['处理失败', 500]],
    ['prepare', (a) => wx.prepare(...a), () => [mk, spec(), { timestamp: NOW, nonce: 'abc', baseUrl: 'https://api.mch.weixin.qq.com' }], true],
    ['prepareAsync', (a) => wx.prepareAsync(...a), () => [mk, spec(), { timestamp: NOW, nonce: 'abc' }]],
    ['profitSharing.addReceiver', (a) => wx.profitSharing.addReceiver(...a), () => [{ sub_mchid: SUB, appid: 'wx8888888888888888', type: 'PERSONAL_OPENID', account: 'oLd0r5ZVU3N8cb1RoRtA-aPQfJ3E', name: '张三', relation_type: 'STAFF' }, { keys: set, legacyEncryptedName: false }]],
    ['profitSharing.deleteReceiver', (a) => wx.profitSharing.deleteReceiver(...a), () => [{ account: '190001001', type: 'MERCHANT_ID', appid: 'wx8888888888888888' }]],
    ['profitSharing.createOrder', (a) => wx.profitSharing.createOrder(...a), () => [{ sub_mchid: SUB, transaction_id: TX, out_order_no: 'P1', receivers: [{ type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 190, description: '分给商户A' }], finish: true }, { keys: set, policy: 'official' }]],
    ['profitSharing.queryOrder', (a) => wx.profitSharing.queryOrder(...a), () => [{ sub_mchid: SUB, transaction_id: TX, out_order_no: 'P1' }]],
    ['profitSharing.createReturnOrder', (a) => wx.profitSharing.createReturnOrder(...a), () => [{ sub_mchid: SUB, order_id: '3008450740201411110007820472', out_return_no: 'R1', return_mchid: '86693852', amount: 10, description: '用户退款' }]],
    ['profitSharing.queryReturnOrder', (a) => wx.profitSharing.queryReturnOrder(...a), () => [{ sub_mchid: SUB, out_order_no: 'P1', out_return_no: 'R1' }]],
    ['profitSharing.finishOrder', (a) => wx.profitSharing.finishOrder(...a), () => [{ sub_mchid: SUB, transaction_id: TX, out_order_no: 'F1', description: '分账完结' }]],
    ['profitSharing.queryAmounts', (a) => wx.profitSharing.queryAmounts(...a), () => [{ transaction_id: TX }]],
    ['profitSharing.createAfterSalesOrder', (a) => wx.profitSharing.createAfterSalesOrder(...a), () => [{ sub_mchid: SUB, transaction_id: TX, amount: 10, type: 'SERVICE_FEE_INCOME', scene: 'REFUND_TICKET', refund_id: '50000000382019052709732678859' }]],
    ['profitSharing.queryAfterSalesOrder', (a) => wx.profitSharing.queryAfterSalesOrder(...a), () => [{ sub_mchid: SUB, transaction_id: TX }]],
    ['profitSharing.parseResponse', (a) => wx.profitSharing.parseResponse(...a), () => ['queryAmounts', `{"transaction_id":"${TX}","unsplit_amount":1000}`]],
    ['payScore.createServiceOrder', (a) => wx.payScore.createServiceOrder(...a), () => [{ ...ids, appid: 'wxd678efh567hg6787', out_order_no: 'A1', service_introduction: '共享充电宝', post_payments: [{ name: '充电费', amount: 400, count: 2 }], risk_fund: { name: 'DEPOSIT', amount: 9900 }, time_range: { start_time: 'OnAccept', end_time: '20251231235959' }, notify_url: 'https://example.com/n' }]],
    ['payScore.queryServiceOrder', (a) => wx.payScore.queryServiceOrder(...a), () => [{ ...ids, out_order_no: 'A1' }]],
    ['payScore.cancelServiceOrder', (a) => wx.payScore.cancelServiceOrder(...a), () => [{ ...ids, out_order_no: 'A1', reason: '取消' }]],
    ['payScore.completeServiceOrder', (a) => wx.payScore.completeServiceOrder(...a), () => [{ ...ids, out_order_no: 'A1', post_payments: [{ name: '充电费', amount: 400 }], total_amount: 400 }]],
    ['payScore.registerDeductInfo', (a) => wx.payScore.registerDeductInfo(...a), () => [{ ...ids, out_order_no: 'A1', appid: 'wx1', out_trade_no: 'T1' }]],
    ['payScore.queryDeduction', (a) => wx.payScore.queryDeduction(...a), () => [{ ...ids, appid: 'wx1', out_order_no: 'A1' }]],
    ['payScore.modifyServiceOrder', (a) => wx.payScore.modifyServiceOrder(...a), () => [{ ...ids, out_order_no: 'A1', post_payments: [{ name: '充电费', amount: 200 }], total_amount: 200, reason: '降价', context: { total_amount: 300 } }]],
    ['payScore.syncServiceOrder', (a) => wx.payScore.syncServiceOrder(...a), () => [{ ...ids, out_order_no: 'A1', detail: { paid_time: '20251231235959' } }]],
    ['payScore.applyPermissions', (a) => wx.payScore.applyPermissions(...a), () => [{ ...ids, appid: 'wxd678efh567hg6787', authorization_code: 'AUTH1', notify_url: 'https://example.com/auth' }]],
    ['payScore.queryPermissions', (a) => wx.payScore.queryPermissions(...a), () => [{ ...ids, authorization_code: 'AUTH1' }]],
    ['payScore.terminatePermissions', (a) => wx.payScore.terminatePermissions(...a), () => [{ ...ids, authorization_code: 'AUTH1', reason: '用户要求' }]],
    ['payScore.createPayOnDeliveryOrder', (a) => wx.payScore.createPayOnDeliveryOrder(...a), () => [{ ...ids, appid: 'wxd678efh567hg6787', out_order_no: 'POD1', service_introduction: '先用后付', post_payments: [{ name: '耳机', amount: 39900, count: 1 }], risk_fund: { name: 'ESTIMATE_ORDER_COST', amount: 39900 }, time_range: { start_time: 'OnAccept' }, notify_url: 'https://example.com/n', shopping_info: { jump_link: { jump_link_type: 'JUMP_LINK_MINI_PROGRAM', appid: 'wxd678efh567hg6787', path: '/o' }, goods: [{ name: '耳机', picture: 'https://example.com/p.png', amount: 39900, count: 1 }] } }]],
    ['payScore.parseResponse', (a) => wx.payScore.parseResponse(...a), () => ['createServiceOrder', 200, '{"out_order_no":"A1","state":"CREATED","order_id":"O1","package":"DJIOSQPYWDxsjdldeskfkls"}']],
    ['payScore.allowedOperations', (a) => wx.payScore.allowedOperations(...a), () => ['DOING', 'MCH_COMPLETE', 'USER_PAYING']],
    ['split.allocate', (a) => wx.split.allocate(...a), () => [10000, [{ type: 'MERCHANT_ID', account: '1900000110', percentBp: 3000 }], { ratePpm: 6000 }]],
    ['split.checkPlan', (a) => wx.split.checkPlan(...a), () => [{ amount: 10000, fee: { ratePpm: 6000 }, alreadySplit: 2000 }, { receivers: [{ type: 'MERCHANT_ID', account: '1', amount: 982 }] }, 'default']],
    ['split.simulate', (a) => wx.split.simulate(...a), () => [{ amount: 10000, fee: { ratePpm: 6000 } }, [{ op: 'split', outOrderNo: 'P1', receivers: [{ type: 'MERCHANT_ID', account: '1', amount: 100 }] }], { maxReceiversPerRequest: 50 }]],
    ['testing.encryptResource', (a) => t.encryptResource(...a), () => [{ apiV3Key: K.apiV3Key, plaintext: { a: 1 }, associatedData: 'x', nonce: 'abcdefghijkl' }]],
    ['testing.signResponse', (a) => t.signResponse(...a), () => [{ body: '{}', privateKey: K.platformPrivateKey, serial: K.platformSerial, timestamp: NOW, nonce: 'abc' }], true],
    ['testing.signNotification', (a) => t.signNotification(...a), () => [{ payload, eventType: 'PROFITSHARING.SUCCESS', summary: '分账', apiV3Key: K.apiV3Key, privateKey: K.platformPrivateKey, serial: K.platformSerial, timestamp: NOW, nonce: 'abc' }], true],
    ['PlatformKeySet#get', (a) => set.get(...a), () => [K.platformSerial]],
    ['MerchantKey#toJSON', (a) => mk.toJSON(...a), () => []],
    ['init', (a) => wx.init(...a), () => []],
  ].map(([name, call, good, slow = false]) => ({ name, call, good, slow }));

  // The good calls interleaved with hostile ones, with their answers recorded up front.
  // Deterministic answers are compared whole; the rest by a stable part.
  const checks = [
    ['buildSigningMessage', () => wx.buildSigningMessage({ method: 'GET', url: '/v3/x?a=1', timestamp: NOW, nonce: 'abc', body: '' })],
    ['payScore.allowedOperations', () => wx.payScore.allowedOperations('DOING', 'USER_CONFIRM')],
    ['nack', () => wx.nack('x', 503)],
    ['verifyNotification', () => wx.verifyNotification({ headers: note.headers, body: note.body, keys: set, now: NOW })],
    ['verifyResponse', () => wx.verifyResponse({ status: 200, headers: respHeaders, body: respBody, keys: set, now: NOW })],
    ['parseNotification', () => wx.parseNotification({ headers: note.headers, body: note.body, keys: set, apiV3Key: K.apiV3Key, now: NOW })],
    ['decryptResource', () => wx.decryptResource({ apiV3Key: K.apiV3Key, resource })],
    ['profitSharing.createOrder', () => wx.profitSharing.createOrder({ sub_mchid: SUB, transaction_id: TX, out_order_no: 'P1', receivers: [{ type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 190, description: 'd' }], finish: true }, { keys: set })],
    ['payScore.queryServiceOrder', () => wx.payScore.queryServiceOrder({ ...ids, out_order_no: 'A1' })],
    ['split.allocate', () => wx.split.allocate(10001, [{ type: 'MERCHANT_ID', account: 'a', percentBp: 3333 }, { type: 'MERCHANT_ID', account: 'b', percentBp: 3333 }])],
    ['importPlatformCertificate', () => wx.importPlatformCertificate(K.platformCertificate).serial],
    ['encryptSensitive', () => wx.encryptSensitive('张三', pc).serial],
    ['verifySignature', () => wx.verifySignature(pc, message, respHeaders['Wechatpay-Signature'])],
    ['PlatformKeySet#get', () => set.get(K.platformSerial.toLowerCase()).serial],
    ['keySet.serials', () => [...set.serials]],
    ['formatAuthorization', () => wx.formatAuthorization({ mchid: K.mchid, serialNo: K.merchantSerialNo, timestamp: NOW, nonce: 'abc', signature: 'c2ln' })],
    ['signRequest', () => wx.signRequest(mk, { method: 'GET', url: '/v3/x', timestamp: NOW, nonce: 'abc' }).authorization, true],
  ].map(([name, run, slow = false]) => ({ name, run, slow, want: JSON.stringify(run()) }));

  return { cases, checks };
}

/** A copy of the plain objects and arrays in `v` (keys and other class instances shared). */
function clonePlain(v) {
  if (Array.isArray(v)) return v.map(clonePlain);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clonePlain(x)]));
  }
  return v;
}

// Where a marked value counts as personal or secret (a field of that name, or a whole argument):
// an error must never repeat it. Elsewhere (an operation name, a date) echoing is allowed.
const SECRET_FIELD = /(^|\.)(privateKey|apiV3Key|plaintext|payload|body|receiver_name|account|receiver_account|openid|sub_openid|ciphertext|signature|Wechatpay-Signature) = /;
const SECRET_ARGS = {
  encryptSensitive: [0],
  decryptSensitive: [0],
  loadCertificates: [0, 1],
  verifySignature: [1, 2],
  'profitSharing.parseResponse': [1],
  'payScore.parseResponse': [2],
};

const isPlain = (v) => v !== null && typeof v === 'object' && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype);

/** Paths [argIndex, key, key, …] to every field of the plain objects and arrays in `args`. */
function fieldPaths(args) {
  const out = [];
  const walk = (v, path, depth) => {
    if (!isPlain(v) || depth > 4) return;
    for (const k of Object.keys(v)) {
      out.push([...path, k]);
      walk(v[k], [...path, k], depth + 1);
    }
  };
  args.forEach((a, i) => walk(a, [i], 0));
  return out;
}

function parentOf(args, path) {
  let v = args;
  for (const k of path.slice(0, -1)) {
    if (!isPlain(v)) return null;
    v = v[k];
  }
  return isPlain(v) ? v : null;
}

/** Damages `args` in place (or replaces them); returns a description for the report. */
function mutate(rng, args, values) {
  const hostile = () => rng.pick(values);
  const mode = rng.int(0, 9);
  const paths = fieldPaths(args);
  if (mode <= 2 || (paths.length === 0 && mode <= 6)) {
    // A whole argument (sometimes one past the end).
    const i = rng.int(0, Math.max(args.length, 1) - (rng.chance(0.1) ? 0 : 1));
    const [label, v] = hostile();
    args[i] = v;
    return `arg[${i}] = ${label}`;
  }
  if (mode <= 6) {
    const path = rng.pick(paths);
    const parent = parentOf(args, path);
    const key = path[path.length - 1];
    if (!parent) return 'no-op';
    if (mode === 3) {
      delete parent[key];
      return `delete ${path.join('.')}`;
    }
    if (mode === 4) {
      Object.defineProperty(parent, key, { get: thrower(`getter ${key}`), enumerable: true, configurable: true });
      return `${path.join('.')} = throwing getter`;
    }
    const [label, v] = hostile();
    parent[key] = v;
    return `${path.join('.')} = ${label}`;
  }
  if (mode === 7) {
    // An odd own key on an object argument (or on the first nested object).
    const i = rng.int(0, Math.max(args.length, 1) - 1);
    const target = isPlain(args[i]) ? args[i] : null;
    if (!target) return 'no-op';
    const key = rng.pick(['__proto__', 'constructor', 'prototype', 'toString', 'toJSON', 'then', 'hasOwnProperty', '']);
    const [label, v] = hostile();
    Object.defineProperty(target, key, { value: v, enumerable: true, configurable: true, writable: true });
    return `arg[${i}].${key} (own) = ${label}`;
  }
  if (mode === 8) {
    // A Proxy whose one trap throws, or a copy with a throwing getter.
    const i = rng.int(0, Math.max(args.length, 1) - 1);
    const v = args[i];
    if (v === null || typeof v !== 'object') return 'no-op';
    if (rng.chance(0.5) && Object.keys(v).length) {
      const key = rng.pick(Object.keys(v));
      args[i] = withThrowingGetter(v, key);
      return `arg[${i}] with throwing getter ${key}`;
    }
    const trap = rng.pick(['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf']);
    args[i] = withThrowingTrap(v, trap);
    return `arg[${i}] = Proxy (${trap} throws)`;
  }
  // Random arguments altogether.
  const n = rng.int(0, 4);
  const labels = [];
  args.length = 0;
  for (let i = 0; i < n; i++) {
    const [label, v] = hostile();
    args.push(v);
    labels.push(label);
  }
  return `args = [${labels.join(', ')}]`;
}

/** What is wrong with how `fn` ended, or null. */
function judge(wx, outcome, secret) {
  if (!outcome.threw) return null;
  const e = outcome.error;
  if (!(e instanceof wx.WxPayError)) {
    let what;
    try {
      what = `${e && e.constructor ? e.constructor.name : typeof e}: ${e && e.message}`;
    } catch {
      what = typeof e;
    }
    return `threw a non-WxPayError (${what})`;
  }
  if (typeof e.code !== 'string' || !/^ERR_WXPAY_[A-Z0-9_]+$/.test(e.code)) return `WxPayError without a stable code (${String(e.code)})`;
  if (e.code === 'ERR_WXPAY_INTERNAL' || e.code === 'ERR_WXPAY_NOT_INITIALIZED') return `${e.code}: ${e.message}`;
  if (typeof e.message !== 'string' || e.message.length === 0) return `${e.code} without a message`;
  if (secret && e.message.includes(MARK)) return `${e.code} echoes a value it was given: ${e.message.slice(0, 200)}`;
  if (e.code === 'ERR_WXPAY_VALIDATION') {
    const ok = Array.isArray(e.issues) && e.issues.length > 0 && e.issues.every((i) => i && typeof i.path === 'string' && typeof i.code === 'string' && typeof i.message === 'string');
    if (!ok) return `ERR_WXPAY_VALIDATION without issues [{ path, code, message }]: ${e.message}`;
    if (secret && e.issues.some((i) => i.message.includes(MARK))) return 'an issue echoes a value it was given';
  }
  return null;
}

async function settle(fn) {
  try {
    const r = fn();
    if (r && typeof r.then === 'function') await r;
    return { threw: false };
  } catch (error) {
    return { threw: true, error };
  }
}

/**
 * Runs iterations [from, from + count) of `seed` (or until `deadline`, a Date.now() value:
 * workerd's clock does not advance during a request, so there it is `count` that bounds).
 * `foreign`: [label, value] pairs from another API instance (its keys must be refused).
 * `skipSlow`: how often (0..1) a slow case is skipped (RSA private-key work on the wasm path).
 */
export async function runFuzz(wx, testing, { seed = 1, from = 0, count = Infinity, deadline = Infinity, foreign = [], skipSlow = 0.8, maxFailures = 20 } = {}) {
  const { cases, checks } = buildCases(wx, testing);
  const values = hostileValues({ foreign });
  const failures = [];
  const seen = new Set();
  const byCase = {};
  let i = from;
  let checkAt = 0;
  for (; i < from + count && Date.now() < deadline && failures.length < maxFailures; i++) {
    const rng = prng(iterationSeed(seed, i));
    const c = rng.pick(cases);
    if (c.slow && rng.chance(skipSlow)) continue;
    const args = clonePlain(c.good());
    const what = mutate(rng, args, values);
    const secret = what.includes('marked secret') && (SECRET_FIELD.test(what) || (SECRET_ARGS[c.name] ?? []).some((n) => what.startsWith(`arg[${n}] =`)));
    const problem = judge(wx, await settle(() => c.call(args)), secret);
    byCase[c.name] = (byCase[c.name] ?? 0) + 1;
    if (problem) {
      const key = `${c.name}|${problem.slice(0, 80)}`;
      if (!seen.has(key)) {
        seen.add(key);
        failures.push({ seed, iteration: i, fn: c.name, input: what, problem });
      }
    }
    // A known-good call right after: it must answer exactly as before the run.
    let check = checks[checkAt++ % checks.length];
    if (check.slow && rng.chance(skipSlow)) check = checks[0];
    let got;
    try {
      got = JSON.stringify(check.run());
    } catch (e) {
      got = `threw ${e && e.code} ${e && e.message}`;
    }
    if (got !== check.want) {
      failures.push({ seed, iteration: i, fn: c.name, input: what, problem: `the good call ${check.name} failed afterwards: ${String(got).slice(0, 200)}` });
    }
  }
  return { seed, from, iterations: i - from, cases: cases.length, byCase, failures };
}

export const FUZZ_CASE_NAMES = (wx, testing) => buildCases(wx, testing).cases.map((c) => c.name);
