// CommonJS consumer on any Node: dynamic import() of the ESM-only package.
'use strict';
(async () => {
  const wx = await import('wechatpay-edge');
  const testing = await import('wechatpay-edge/testing');
  require('./shared.cjs').run(wx, testing, 'CommonJS await import()');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
