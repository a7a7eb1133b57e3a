// Testing helpers for your own tests (never for production): sign notifications and
// responses, encrypt resources, and the package's public test keys.
import { __testing } from '../entry/browser.js';
export { testKeys } from './test-keys.js';
export const encryptResource = (...a) => __testing.encryptResource(...a);
export const signResponse = (...a) => __testing.signResponse(...a);
export const signNotification = (...a) => __testing.signNotification(...a);
