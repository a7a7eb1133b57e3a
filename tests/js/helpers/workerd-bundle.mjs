// Resolves a worker's imports the way wrangler does (exports condition "workerd"),
// without a bundler: every module is handed to miniflare by path, the .wasm as CompiledWasm.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, '..', 'node_modules', 'wechatpay-edge');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));

/** Resolves `wechatpay-edge[/sub]` through package.json "exports" with the workerd condition. */
export function resolveWorkerd(specifier) {
  const sub = specifier === 'wechatpay-edge' ? '.' : './' + specifier.slice('wechatpay-edge/'.length);
  const entry = pkg.exports[sub];
  if (!entry) throw new Error(`${specifier} is not exported`);
  const target = typeof entry === 'string' ? entry : entry.workerd ?? entry.default;
  return join(pkgDir, target);
}

export async function bundleForWorkerd(workerUrl, extra = {}) {
  const root = join(here, '..');
  const modules = [];
  const seen = new Set();
  const visit = (absPath, name) => {
    if (seen.has(name)) return;
    seen.add(name);
    if (absPath.endsWith('.wasm')) {
      modules.push({ type: 'CompiledWasm', path: name, contents: readFileSync(absPath) });
      return;
    }
    let code = readFileSync(absPath, 'utf8');
    const deps = [];
    code = code.replace(/(from\s+|import\s*\(\s*|import\s+)(['"])([^'"]+)\2/g, (m, pre, q, spec) => {
      let target;
      if (spec.startsWith('wechatpay-edge')) target = resolveWorkerd(spec);
      else if (spec.startsWith('.')) target = join(dirname(absPath), spec);
      else return m;
      const targetName = relative(root, target).split('\\').join('/');
      deps.push([target, targetName]);
      let rel = relative(dirname(name), targetName).split('\\').join('/');
      if (!rel.startsWith('.')) rel = './' + rel;
      return `${pre}${q}${rel}${q}`;
    });
    modules.push({ type: 'ESModule', path: name, contents: code });
    for (const [t, n] of deps) visit(t, n);
  };
  const workerPath = fileURLToPath(workerUrl);
  visit(workerPath, relative(root, workerPath));
  return { modules, modulesRoot: root, compatibilityDate: '2025-09-01', ...extra };
}
