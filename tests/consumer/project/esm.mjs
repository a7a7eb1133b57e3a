// ESM consumer: static imports of the package and its ./testing subpath.
import * as wx from 'wechatpay-edge';
import * as testing from 'wechatpay-edge/testing';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('./shared.cjs').run(wx, testing, 'ESM import');

// Only what "exports" lists is reachable.
for (const deep of ['wechatpay-edge/src/api.js', 'wechatpay-edge/entry/node.js', 'wechatpay-edge/wechatpay_edge.js']) {
  await import(deep).then(
    () => {
      throw new Error(`${deep} should not be importable`);
    },
    (e) => {
      if (e.code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw e;
    },
  );
}
console.log('ok: deep imports refused (ERR_PACKAGE_PATH_NOT_EXPORTED)');

// The exported .wasm and package.json subpaths resolve.
const wasmUrl = import.meta.resolve('wechatpay-edge/wechatpay_edge_bg.wasm');
if (!wasmUrl.endsWith('/wechatpay_edge_bg.wasm')) throw new Error(wasmUrl);
if (require('wechatpay-edge/package.json').type !== 'module') throw new Error('package.json subpath');
console.log('ok: ./wechatpay_edge_bg.wasm and ./package.json subpaths');
