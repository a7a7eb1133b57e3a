#!/usr/bin/env node
// wechatpay-edge command line: `wechatpay-edge emulate [--port N] …` (Node only).
import { main } from '../emulator/cli.js';

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`wechatpay-edge: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  },
);
