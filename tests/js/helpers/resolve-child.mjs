// Child process for package.test.mjs: prints how this process's --conditions resolve the
// package's subpaths (import.meta.resolve follows package.json "exports").
const out = {};
for (const spec of ['wechatpay-edge', 'wechatpay-edge/testing', 'wechatpay-edge/webhooks', 'wechatpay-edge/lite', 'wechatpay-edge/wechatpay_edge_lite_bg.wasm', 'wechatpay-edge/package.json', 'wechatpay-edge/wechatpay_edge_bg.wasm', 'wechatpay-edge/src/api.js', 'wechatpay-edge/entry/node.js', 'wechatpay-edge/index.d.ts']) {
  try {
    const url = import.meta.resolve(spec);
    out[spec] = url.slice(url.indexOf('/node_modules/wechatpay-edge/') + '/node_modules/wechatpay-edge/'.length);
  } catch (e) {
    out[spec] = { error: e.code };
  }
}
process.stdout.write(JSON.stringify(out));
