// Child of hostile-input.test.mjs: the issue 13 crash reproduction in a loop. Before the fix,
// Node 20 died with a segmentation fault (exit 139) after about 2 500 calls.
//   node helpers/crash-child.mjs <node|wasm> <times>
import { loadEntries } from './entries.mjs';

const [entry, times] = process.argv.slice(2);
const E = await loadEntries();
const wx = entry === 'node' ? E.node : E.browser;
const codes = new Map();
for (let i = 0; i < Number(times); i++) {
  try {
    wx.payScore.allowedOperations('DOING', 5);
    codes.set('returned', (codes.get('returned') ?? 0) + 1);
  } catch (e) {
    const key = e instanceof wx.WxPayError ? e.code : `not a WxPayError: ${e && e.name}`;
    codes.set(key, (codes.get(key) ?? 0) + 1);
  }
}
// The instance still answers valid calls exactly.
const after = wx.payScore.allowedOperations('DOING', 'USER_CONFIRM');
process.stdout.write(`${JSON.stringify({ codes: Object.fromEntries(codes), after })}\n`);
