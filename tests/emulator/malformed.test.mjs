// Requests the emulator cannot take apart: a malformed percent-escape in a path or query
// parameter (400 PARAM_ERROR, signed like every other API error, on every route), headers over
// Node's limit (431 with WeChat's body, not Node's bare status line), a request Node's parser
// refuses (400 with WeChat's body).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { maxHeaderSize } from 'node:http';
import { wx, startEmulator, send, raw, verified, admin, keys, SUB } from './helpers.mjs';

let emu;
before(async () => {
  emu = await startEmulator({ timeScale: 0.01 });
});
after(() => emu.close());

const BAD = ['%', '%E4', '%E4%B8', '%ZZ', '%E4%B8%ZZ', 'a%2'];

/** A signed API error: the signature verifies (a WxPayError of code ERR_WXPAY_API, not a signature failure). */
function assertSignedParamError(r, { location, field }) {
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.code, 'PARAM_ERROR');
  assert.equal(r.json.detail.location, location);
  if (field) assert.equal(r.json.detail.field, field);
  assert.doesNotMatch(r.body, /URI malformed|SYSTEM_ERROR/);
  const v = verified(r);
  assert.equal(v.ok, false);
  assert.equal(v.err.code, 'ERR_WXPAY_API', String(v.err.message));
  assert.equal(v.err.status, 400);
  assert.equal(v.err.apiCode, 'PARAM_ERROR');
}

// Every API route that takes a path parameter.
const PS = '/v3/payscore/acquiringbank/serviceorder';
const API_PATH_ROUTES = [
  ['GET', (p) => `/v3/ecommerce/profitsharing/orders/${p}/amounts`, 'transaction_id'],
  ['POST', (p) => `${PS}/${p}/cancel`, 'out_order_no'],
  ['POST', (p) => `${PS}/${p}/complete`, 'out_order_no'],
  ['POST', (p) => `${PS}/${p}/modify`, 'out_order_no'],
  ['POST', (p) => `${PS}/${p}/sync`, 'out_order_no'],
  ['POST', (p) => `${PS}/${p}/registerdeductinfo`, 'out_order_no'],
];

for (const [method, path, field] of API_PATH_ROUTES) {
  test(`${method} ${path(`:${field}`)}: a malformed escape in ${field} is 400 PARAM_ERROR, signed`, async () => {
    for (const bad of BAD) {
      const r = await send(emu, raw(method, path(bad), method === 'POST' ? { reason: 'x' } : undefined));
      assertSignedParamError(r, { location: 'path', field });
    }
    // Well-formed escapes still reach the route (and its own answer).
    const ok = await send(emu, raw(method, path('%41%42'), method === 'POST' ? { reason: 'x' } : undefined));
    assert.doesNotMatch(ok.body, /百分号|URI malformed/);
    assert.notEqual(ok.status, 500, ok.body);
  });
}

// Every API route that reads the query string.
const API_QUERY_ROUTES = [
  ['GET', '/v3/certificates', 'algorithm_type', {}],
  ['GET', '/v3/ecommerce/profitsharing/orders', 'out_order_no', { sub_mchid: SUB, transaction_id: '4200000000000000000000000000' }],
  ['GET', '/v3/ecommerce/profitsharing/returnorders', 'out_return_no', { sub_mchid: SUB, out_order_no: 'X1' }],
  ['GET', PS, 'out_order_no', { service_id: '2002000000000558128851361561536', sub_mchid: SUB, channel_id: '1900000108' }],
  ['GET', `${PS}/deduction`, 'out_order_no', { service_id: '2002000000000558128851361561536', sub_mchid: SUB, channel_id: '1900000108' }],
  ['GET', '/v3/ecommerce/profitsharing/orders/4200000000000000000000000000/amounts', 'extra', {}],
];

for (const [method, path, field, rest] of API_QUERY_ROUTES) {
  test(`${method} ${path}?${field}=…: a malformed escape in the query is 400 PARAM_ERROR, signed`, async () => {
    const base = new URLSearchParams(rest).toString();
    for (const bad of BAD) {
      const r = await send(emu, raw(method, `${path}?${base ? `${base}&` : ''}${field}=${bad}`));
      assertSignedParamError(r, { location: 'query', field });
    }
    // In a query name too.
    const r = await send(emu, raw(method, `${path}?${base ? `${base}&` : ''}x%E4=1`));
    assertSignedParamError(r, { location: 'query' });
  });
}

test('control routes with a path parameter: a malformed escape is 400 PARAM_ERROR (plain JSON)', async () => {
  const routes = [
    ['GET', (p) => `/transactions/${p}`, 'id'],
    ['POST', (p) => `/receivers/${p}/notify-url`, 'mchid'],
    ['POST', (p) => `/payscore/${p}/confirm`, 'out_order_no'],
    ['POST', (p) => `/payscore/${p}/pay`, 'out_order_no'],
    ['POST', (p) => `/payscore/${p}/expire`, 'out_order_no'],
  ];
  for (const [method, path, field] of routes) {
    for (const bad of BAD) {
      const r = await admin(emu, path(bad), method === 'POST' ? { url: 'http://127.0.0.1:9/n' } : undefined, method);
      assert.equal(r.status, 400, `${method} ${path(bad)}: ${JSON.stringify(r.json)}`);
      assert.equal(r.json.code, 'PARAM_ERROR');
      assert.deepEqual([r.json.detail.location, r.json.detail.field], ['path', field]);
    }
  }
  const q = await admin(emu, '/deliveries?state=%E4');
  assert.equal(q.status, 400);
  assert.deepEqual([q.json.code, q.json.detail.location, q.json.detail.field], ['PARAM_ERROR', 'query', 'state']);
});

test('a 60 KB Authorization header is 431 with a signed WeChat error body, not a bare status line', async () => {
  for (const path of ['/v3/certificates', '/_emulator']) {
    const res = await fetch(`${emu.url}${path}`, { headers: { Authorization: `WECHATPAY2-SHA256-RSA2048 ${'x'.repeat(60_000)}` } });
    const body = await res.text();
    assert.equal(res.status, 431);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    const json = JSON.parse(body);
    assert.equal(json.code, 'PARAM_ERROR');
    assert.equal(json.detail.location, 'header');
    assert.match(json.detail.issue, new RegExp(String(maxHeaderSize)));
    assert.throws(
      () => wx.verifyResponse({ status: res.status, headers: res.headers, body, keys }),
      (err) => err.code === 'ERR_WXPAY_API' && err.status === 431 && err.apiCode === 'PARAM_ERROR',
    );
  }
  // The emulator still answers afterwards.
  assert.equal((await admin(emu, '')).status, 200);
});

/** Sends raw bytes over TCP; resolves with everything the server sent back before closing. */
function rawHttp(bytes) {
  return new Promise((resolve, reject) => {
    const { port } = new URL(emu.url);
    const s = connect(Number(port), '127.0.0.1', () => s.end(bytes));
    const chunks = [];
    s.on('data', (c) => chunks.push(c));
    s.on('error', reject);
    s.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    s.setTimeout(5000, () => s.destroy(new Error('timeout')));
  });
}

test("a request Node's parser refuses is 400 with WeChat's body", async () => {
  const answer = await rawHttp('GET /v3/certificates HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n');
  const [head, body] = answer.split('\r\n\r\n');
  assert.match(head, /^HTTP\/1\.1 400 Bad Request/);
  assert.match(head, /\r\nWechatpay-Signature: /i);
  assert.match(head, /\r\nConnection: close/i);
  const json = JSON.parse(body);
  assert.equal(json.code, 'PARAM_ERROR');
  assert.equal(json.detail.location, 'request');
});
