// Child process for package.test.mjs (--conditions=browser): a failed init() must not
// poison later calls (a flaky network fetch of the .wasm is retried by the app).
import { readFileSync } from 'node:fs';
import * as wx from 'wechatpay-edge';

const report = {};
try {
  await wx.init(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 255]));
  report.bad = 'resolved';
} catch (e) {
  report.bad = 'rejected';
}
try {
  await wx.init(new Uint8Array(readFileSync(new URL(import.meta.resolve('wechatpay-edge/wechatpay_edge_bg.wasm')))));
  report.good = 'resolved';
  report.works = wx.ack().status;
} catch (e) {
  report.good = `rejected: ${e && e.message}`;
}
process.stdout.write(JSON.stringify(report));
