// A throwaway PostgreSQL for the tests: Debian's server binaries (scripts/test-webhooks.sh
// installs the `postgresql` package when they are missing), a cluster in a temp dir, on
// 127.0.0.1 and a free port, trust auth for the local test user. As root, the server runs as
// the `postgres` user the package creates (PostgreSQL refuses to run as root).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export function postgresBin() {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length) throw new Error('no PostgreSQL server under /usr/lib/postgresql/*/bin (scripts/test-webhooks.sh installs the Debian package postgresql)');
  return join(base, versions[0], 'bin');
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

export async function startPostgres() {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'wxe-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid && process.getuid() === 0;
  let uid = null;
  let gid = null;
  if (asRoot) {
    const line = execFileSync('getent', ['passwd', 'postgres'], { encoding: 'utf8' }).trim();
    [uid, gid] = line.split(':').slice(2, 4).map(Number);
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const run = (cmd, args) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
    const r = spawnSync(file, argv, { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'wxe', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`, 'start']);
  let stopped = false;
  return {
    url: `postgres://wxe@127.0.0.1:${port}/postgres`,
    user: asRoot ? 'postgres' : userInfo().username,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
