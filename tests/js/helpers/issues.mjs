// The validation findings a builder call throws, as `path:code` strings (fails the test if the
// call returns or throws anything but ERR_WXPAY_VALIDATION).
import assert from 'node:assert/strict';

export function issuesOf(fn) {
  try {
    fn();
  } catch (e) {
    assert.equal(e.code, 'ERR_WXPAY_VALIDATION', e.message);
    return e.issues.map((i) => `${i.path}:${i.code}`);
  }
  assert.fail('expected ERR_WXPAY_VALIDATION');
}
