// The browser entries' API, made by `await init()`: the wasm is fetched and instantiated there,
// and until then every export is a stand-in (ERR_WXPAY_NOT_INITIALIZED; async ones reject).
// Shared by entry/browser.js (the full module) and lite/browser.js (the lite one).
import { createApi } from './api.js';
import { fail } from './errors.js';

/**
 * `initWasm`/`w`: the glue's default export and namespace; `wasmUrl`: the module next to it;
 * `list`: the entry's export list (src/exports.js); `parts`: createApi's (src/full-parts.js);
 * `entry`: the name errors use; `onReady(api)`: binds the entry's classes.
 */
export function deferredApi({ initWasm, w, wasmUrl, list, parts = null, entry, onReady }) {
  let api = null;
  let pending = null;

  /** Loads the wasm; `input` may be a URL, Response, bytes or a compiled module. A failed load can be retried. */
  function init(input) {
    if (api) return Promise.resolve();
    pending ??= initWasm({ module_or_path: input === undefined ? wasmUrl : input }).then(
      () => {
        api = createApi(w, null, parts);
        onReady(api);
      },
      (err) => {
        pending = null;
        throw err;
      },
    );
    return pending;
  }

  function ready() {
    if (!api) throw fail('ERR_WXPAY_NOT_INITIALIZED', `call \`await init()\` before using ${entry} in the browser`, {});
    return api;
  }

  const call = (name) => (...args) => ready()[name](...args);
  // Async functions reject (rather than throw) before init, like any other failure of theirs.
  const callAsync = (name) => async (...args) => ready()[name](...args);
  const ns = (name) =>
    new Proxy({}, { get: (_, prop) => ready()[name][prop], has: (_, prop) => prop in ready()[name], ownKeys: () => Reflect.ownKeys(ready()[name]), getOwnPropertyDescriptor: (_, prop) => Object.getOwnPropertyDescriptor(ready()[name], prop) });

  /** Stand-ins for every export of `list` until init() has run. */
  function forwarders() {
    const out = {};
    for (const name of list.functions) out[name] = call(name);
    for (const name of list.asyncFunctions) out[name] = callAsync(name);
    for (const name of list.namespaces) out[name] = ns(name);
    return out;
  }

  return { init, forwarders, ns };
}
