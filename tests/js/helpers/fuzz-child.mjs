// Child process of fuzz-api.test.mjs: runs the fuzz loop over one entry and prints one JSON
// report line. A crash (segfault, abort, OOM) ends this process, not the test runner.
//   node helpers/fuzz-child.mjs <node|wasm> <seed> <milliseconds> [from] [count]
import { loadEntries, pkgDir } from './entries.mjs';
import { runFuzz } from './fuzz.mjs';

const [entry, seedArg, msArg, fromArg, countArg] = process.argv.slice(2);
const E = await loadEntries();
const [wx, testing, other] = entry === 'node' ? [E.node, E.nodeTesting, E.browser] : [E.browser, E.browserTesting, E.node];

// Keys and sets of the other API instance, which this one must refuse as foreign.
const K = E.nodeTesting.testKeys;
const foreignCert = other.importPlatformCertificate(K.platformCertificate);
const foreign = [
  ['foreign PlatformKey', foreignCert],
  ['foreign PlatformKeySet', other.createPlatformKeySet([foreignCert])],
  ['foreign MerchantKey', other.importMerchantKey({ mchid: K.mchid, serialNo: K.merchantSerialNo, privateKey: K.merchantPrivateKey })],
  ['own MerchantKey (wrong kind)', wx.importMerchantKey({ mchid: K.mchid, serialNo: K.merchantSerialNo, privateKey: K.merchantPrivateKey })],
  ['fake PlatformKey', Object.create(wx.PlatformKey.prototype)],
  ['fake PlatformKeySet', Object.create(wx.PlatformKeySet.prototype)],
];

const report = await runFuzz(wx, testing, {
  seed: Number(seedArg),
  from: Number(fromArg ?? 0),
  count: countArg === undefined ? Infinity : Number(countArg),
  deadline: Date.now() + Number(msArg),
  foreign,
  skipSlow: entry === 'node' ? 0.5 : 0.9,
});
// Both entries share one instance in this process: its memory never shrinks, so its size at the
// end is the high-water mark of the whole run.
const glue = await import(new URL('wechatpay_edge.js', pkgDir).href);
const wasmMemoryBytes = glue.initSync().memory.buffer.byteLength;
process.stdout.write(`${JSON.stringify({ entry, wasmMemoryBytes, ...report })}\n`);
