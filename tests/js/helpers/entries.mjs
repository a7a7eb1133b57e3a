// Loads the installed package's entries side by side in one Node process:
//   node    – `import 'wechatpay-edge'` (node condition: RSA through node:crypto)
//   browser – the browser entry by file URL after `await init(bytes)`: the wasm-only path.
// Both share the wasm glue module; each has its own API instance and key classes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const pkgJson = createRequire(import.meta.url).resolve('wechatpay-edge/package.json');
export const pkgDir = new URL('./', pathToFileURL(pkgJson));
export const pkg = JSON.parse(readFileSync(new URL('package.json', pkgDir), 'utf8'));
export const wasmBytes = () => new Uint8Array(readFileSync(new URL('wechatpay_edge_bg.wasm', pkgDir)));

export async function loadEntries() {
  const node = await import('wechatpay-edge');
  const nodeTesting = await import('wechatpay-edge/testing');
  const browser = await import(new URL('entry/browser.js', pkgDir).href);
  await browser.init(wasmBytes());
  const browserTesting = await import(new URL('testing/browser.js', pkgDir).href);
  return { node, nodeTesting, browser, browserTesting };
}

/** Catches a synchronous throw (or rejection) and returns the error. */
export function caught(fn) {
  try {
    const r = fn();
    if (r && typeof r.then === 'function') return r.then(() => undefined, (e) => e);
  } catch (e) {
    return e;
  }
  return undefined;
}
