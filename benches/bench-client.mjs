// npm run bench:client: what createClient costs per call over the hand-written flow
// (prepare → fetch → read the raw body → verifyResponse → parseResponse), on loopback to the
// emulator, in one run: the two alternate batch by batch (a noisy neighbour slows both alike),
// medians side by side and their ratio. Target ≤ 1.1×. The emulator runs in this process, so its
// time is in both columns; the difference is the client's.
const pkg = new URL('../dist/pkg/', import.meta.url);
const wx = await import(new URL('entry/node.js', pkg));
const { testKeys } = await import(new URL('testing/node.js', pkg));
const { startEmulator } = await import(new URL('emulator/index.js', pkg));

const emu = await startEmulator({ processingDelaySec: 0 });
const merchant = wx.importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: testKeys.merchantPrivateKey });
const keys = wx.createPlatformKeySet([wx.importPlatformPublicKey({ id: testKeys.publicKeyId, pem: testKeys.publicKey })], { merchantSerialNo: testKeys.merchantSerialNo });
const client = wx.createClient({ merchant, keys, apiV3Key: testKeys.apiV3Key, baseUrl: emu.url, backupBaseUrl: null });

const SUB = '1900000109';
const t = emu.seedTransaction({ sub_mchid: SUB, amount: 1_000_000 });
await client.profitSharing.addReceiver({ type: 'MERCHANT_ID', account: '1900000110', name: '商户', relation_type: 'SUPPLIER' });
const create = { sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: 'BENCH1', receivers: [{ type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 1, description: '分账' }], finish: false };
const query = { sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: 'BENCH1' };
await client.profitSharing.createOrder(create);

async function byHand(op, input, opts) {
  const req = wx.prepare(merchant, wx.profitSharing[op](input, opts), { baseUrl: emu.url });
  const res = await fetch(req.url, req);
  const body = await res.text();
  wx.verifyResponse({ status: res.status, headers: res.headers, body, keys });
  return wx.profitSharing.parseResponse(op, body);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function batch(fn, n) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  return Number(process.hrtime.bigint() - t0) / 1000 / n;
}

async function compare(name, hand, viaClient, { n = 20, samples = 41 } = {}) {
  for (let i = 0; i < 5; i++) {
    await batch(hand, n);
    await batch(viaClient, n);
  }
  const a = [];
  const b = [];
  for (let s = 0; s < samples; s++) {
    // Alternate which goes first, so neither always runs on a warmer connection pool.
    if (s % 2) {
      a.push(await batch(hand, n));
      b.push(await batch(viaClient, n));
    } else {
      b.push(await batch(viaClient, n));
      a.push(await batch(hand, n));
    }
  }
  const [ma, mb] = [median(a), median(b)];
  console.log(`${name.padEnd(34)} ${ma.toFixed(0).padStart(8)} µs ${mb.toFixed(0).padStart(8)} µs ${(mb / ma).toFixed(2).padStart(7)}×`);
  return mb / ma;
}

console.log(`${'µs per call, median (loopback)'.padEnd(34)} ${'by hand'.padStart(11)} ${'client'.padStart(11)} ${'ratio'.padStart(8)}`);
await compare('queryOrder (GET)', () => byHand('queryOrder', query), () => client.profitSharing.queryOrder(query));
await compare('createOrder (POST, deduplicated)', () => byHand('createOrder', create, { keys }), () => client.profitSharing.createOrder(create));
await emu.close();
