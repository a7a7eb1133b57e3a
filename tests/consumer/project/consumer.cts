// TypeScript in a CommonJS module (.cts): `import x = require()` of the ESM-only package.
// TypeScript ≥ 5.8 with module NodeNext models Node's require(esm) (Node ≥ 20.19 / 22.12).
import wx = require('wechatpay-edge');
import testing = require('wechatpay-edge/testing');

const message: string = wx.buildSigningMessage({ method: 'GET', url: '/v3/certificates', timestamp: 1, nonce: 'n' });
const key: wx.MerchantKey = wx.importMerchantKey({ mchid: testing.testKeys.mchid, serialNo: testing.testKeys.merchantSerialNo, privateKey: testing.testKeys.merchantPrivateKey });
export = { message, key };
