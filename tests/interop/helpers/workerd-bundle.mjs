// The tests/js bundler, rooted at the repository (so a test worker can import examples/worker/)
// and resolving wechatpay-edge from tests/interop/node_modules.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForWorkerd as bundle } from '../../js/helpers/workerd-bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));

export function bundleForWorkerd(workerUrl, extra = {}) {
  return bundle(workerUrl, { root: join(here, '..', '..', '..'), pkgDir: join(here, '..', 'node_modules', 'wechatpay-edge'), ...extra });
}
