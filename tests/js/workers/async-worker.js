// Runs inside real workerd: the async forms (WebCrypto) against the sync forms (wasm) over the
// shared table (helpers/async-table.mjs); the Node side asserts they agree.
import * as wx from 'wechatpay-edge';
import * as testing from 'wechatpay-edge/testing';
import { runTable } from '../helpers/async-table.mjs';

export default {
  async fetch() {
    return Response.json({ runtime: wx.runtime, rows: await runTable(wx, testing) });
  },
};
