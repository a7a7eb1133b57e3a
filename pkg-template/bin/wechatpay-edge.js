#!/usr/bin/env node
// wechatpay-edge command line (Node only):
//   wechatpay-edge emulate [--port N] …   the WeChat Pay emulator
//   wechatpay-edge admin [--port N]       the admin page on http://127.0.0.1:N/
const argv = process.argv.slice(2);
const run = argv[0] === 'admin' ? import('../admin/server.js').then((m) => m.main(argv.slice(1))) : import('../emulator/cli.js').then((m) => m.main(argv));

run.then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`wechatpay-edge: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  },
);
