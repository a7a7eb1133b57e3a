// Run with `node --conditions=browser`: the browser entry, initialised from the exported .wasm.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as wx from 'wechatpay-edge';

if (wx.runtime !== 'browser') throw new Error(`expected the browser entry, got ${wx.runtime}`);
let refused = false;
try {
  wx.importMerchantKey({});
} catch (e) {
  refused = e.code === 'ERR_WXPAY_NOT_INITIALIZED';
}
if (!refused) throw new Error('the browser entry must refuse calls before init()');
await wx.init(readFileSync(fileURLToPath(import.meta.resolve('wechatpay-edge/wechatpay_edge_bg.wasm'))));
const msg = wx.buildSigningMessage({ method: 'GET', url: '/v3/certificates', timestamp: 1, nonce: 'n' });
if (msg !== 'GET\n/v3/certificates\n1\nn\n\n') throw new Error(JSON.stringify(msg));
console.log('ok: --conditions=browser → browser entry, init(bytes of the exported .wasm)');
