// The install a library user gets: node_modules/wechatpay-edge plus every package it pulls in
// (dependencies, optionalDependencies, non-optional peerDependencies, transitively), summed over
// file sizes (unpacked, apparent bytes). Fails above the budget, and when sql.js (the emulator's
// optional peer for --state, 30 MB) came along with a plain `npm install wechatpay-edge`.
//   node installed-size.mjs PROJECT_DIR [BUDGET_BYTES]
import { readFileSync, readdirSync, lstatSync, existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

const project = process.argv[2] ?? '.';
const budget = Number(process.argv[3] ?? 3_000_000);

function sizeOf(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) total += sizeOf(p);
    else if (entry.isFile()) total += lstatSync(p).size;
  }
  return total;
}

/** Node's lookup: node_modules/NAME next to the requiring package, then up the tree. */
function locate(name, from) {
  for (let dir = from; ; ) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const up = join(dir, '..');
    if (up === dir || !up.startsWith(project)) return null;
    dir = up;
  }
}

const seen = new Map();
const missing = [];
function visit(dir) {
  const real = realpathSync(dir);
  if (seen.has(real)) return;
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  seen.set(real, { name: pkg.name, version: pkg.version, bytes: sizeOf(dir) });
  const optionalPeers = pkg.peerDependenciesMeta ?? {};
  const wanted = [
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.optionalDependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}).filter((n) => !optionalPeers[n]?.optional),
  ];
  for (const name of wanted) {
    const at = locate(name, dir);
    if (at) visit(at);
    else if (!(pkg.optionalDependencies ?? {})[name]) missing.push(`${pkg.name} → ${name}`);
  }
}

visit(join(project, 'node_modules', 'wechatpay-edge'));
// Packages counted separately (a nested node_modules is counted twice: once in its parent, once here).
const total = [...seen.values()].reduce((a, p) => a + p.bytes, 0);
for (const p of seen.values()) console.log(`  ${p.name}@${p.version}: ${(p.bytes / 1e6).toFixed(2)} MB`);
console.log(`  total: ${(total / 1e6).toFixed(2)} MB unpacked (budget ${(budget / 1e6).toFixed(2)} MB)`);
let ok = true;
if (missing.length) {
  console.error(`missing dependencies: ${missing.join(', ')}`);
  ok = false;
}
if (total > budget) {
  console.error(`the install is ${total} bytes, over the ${budget}-byte budget`);
  ok = false;
}
if (existsSync(join(project, 'node_modules', 'sql.js'))) {
  console.error('sql.js was installed with wechatpay-edge: it must stay an optional peer (only the emulator’s --state uses it)');
  ok = false;
}
process.exit(ok ? 0 : 1);
