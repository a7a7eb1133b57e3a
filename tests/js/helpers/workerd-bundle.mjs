// Hands a worker to miniflare the way wrangler would bundle it (exports condition "workerd"),
// without a bundler: every module is passed by path, the .wasm as CompiledWasm.
// Shared by tests/js and tests/interop (which roots it at the repository to reach examples/).
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Resolves `wechatpay-edge[/sub]` through the installed package's "exports" with the workerd condition. */
export function resolveWorkerd(specifier, pkgDir = join(here, '..', 'node_modules', 'wechatpay-edge')) {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const sub = specifier === 'wechatpay-edge' ? '.' : './' + specifier.slice('wechatpay-edge/'.length);
  const entry = pkg.exports[sub];
  if (!entry) throw new Error(`${specifier} is not exported`);
  const target = typeof entry === 'string' ? entry : entry.workerd ?? entry.default;
  return join(pkgDir, target);
}

/**
 * Miniflare options for the worker at `workerUrl` and everything it imports.
 * `root`: the modules root (default tests/js); `pkgDir`: where wechatpay-edge is installed.
 */
export function bundleForWorkerd(workerUrl, { root = join(here, '..'), pkgDir = join(root, 'node_modules', 'wechatpay-edge'), ...extra } = {}) {
  const modules = [];
  const seen = new Set();
  const toName = (abs) => relative(root, abs).split('\\').join('/');
  const visit = (absPath) => {
    const name = toName(absPath);
    if (seen.has(name)) return;
    seen.add(name);
    if (absPath.endsWith('.wasm')) {
      modules.push({ type: 'CompiledWasm', path: name, contents: readFileSync(absPath) });
      return;
    }
    const deps = [];
    const code = readFileSync(absPath, 'utf8').replace(/(from\s+|import\s*\(\s*|import\s+)(['"])([^'"]+)\2/g, (m, pre, q, spec) => {
      let target;
      if (spec === 'wechatpay-edge' || spec.startsWith('wechatpay-edge/')) target = resolveWorkerd(spec, pkgDir);
      else if (spec.startsWith('.')) target = join(dirname(absPath), spec);
      else return m;
      deps.push(target);
      let rel = relative(dirname(name), toName(target)).split('\\').join('/');
      if (!rel.startsWith('.')) rel = './' + rel;
      return `${pre}${q}${rel}${q}`;
    });
    modules.push({ type: 'ESModule', path: name, contents: code });
    for (const t of deps) visit(t);
  };
  visit(fileURLToPath(workerUrl));
  return { modules, modulesRoot: root, compatibilityDate: '2025-09-01', ...extra };
}
