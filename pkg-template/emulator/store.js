// State of the emulator: plain JSON records by kind and key, kept in memory and, with a
// state file, written through to SQLite (sql.js: SQLite compiled to wasm, no native build)
// after every change, so a restart loses nothing.
import { existsSync, readFileSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS records (
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (kind, key)
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
`;
const SCHEMA_VERSION = '1';

export class Store {
  /** @param {null | { path: string, db: any }} sqlite */
  constructor(sqlite = null) {
    this.tables = new Map();
    this.sqlite = sqlite;
    this.depth = 0;
    this.dirty = false;
  }

  /** An in-memory store, or one backed by the SQLite file at `path` (created when missing). */
  static async open(path) {
    if (!path) return new Store();
    let initSqlJs;
    try {
      ({ default: initSqlJs } = await import('sql.js'));
    } catch (err) {
      const e = new Error(`--state needs the sql.js package (a dependency of wechatpay-edge): ${err.message}`);
      e.code = 'ERR_EMULATOR_STATE';
      throw e;
    }
    const SQL = await initSqlJs();
    const file = resolve(path);
    const db = existsSync(file) ? new SQL.Database(readFileSync(file)) : new SQL.Database();
    db.exec(SCHEMA);
    const version = db.exec("SELECT value FROM meta WHERE name = 'schema'");
    if (version.length && version[0].values[0][0] !== SCHEMA_VERSION) {
      const e = new Error(`${file}: state schema ${version[0].values[0][0]} is not ${SCHEMA_VERSION}; start with a new --state file`);
      e.code = 'ERR_EMULATOR_STATE';
      throw e;
    }
    db.run("INSERT OR REPLACE INTO meta (name, value) VALUES ('schema', ?)", [SCHEMA_VERSION]);
    const store = new Store({ path: file, db });
    const rows = db.exec('SELECT kind, key, value FROM records');
    for (const [kind, key, value] of rows.length ? rows[0].values : []) store.table(kind).set(key, JSON.parse(value));
    mkdirSync(dirname(file), { recursive: true });
    store.flush();
    return store;
  }

  get persistent() {
    return this.sqlite !== null;
  }

  get path() {
    return this.sqlite ? this.sqlite.path : null;
  }

  table(kind) {
    let t = this.tables.get(kind);
    if (!t) this.tables.set(kind, (t = new Map()));
    return t;
  }

  get(kind, key) {
    return this.table(kind).get(key);
  }

  all(kind) {
    return [...this.table(kind).values()];
  }

  /** Stores `value` (a JSON-able object) and writes it through. Mutate a record, then put it again. */
  put(kind, key, value) {
    this.table(kind).set(key, value);
    if (this.sqlite) {
      this.sqlite.db.run('INSERT OR REPLACE INTO records (kind, key, value, updated_at) VALUES (?, ?, ?, ?)', [
        kind,
        key,
        JSON.stringify(value),
        Date.now(),
      ]);
      this.changed();
    }
    return value;
  }

  delete(kind, key) {
    this.table(kind).delete(key);
    if (this.sqlite) {
      this.sqlite.db.run('DELETE FROM records WHERE kind = ? AND key = ?', [kind, key]);
      this.changed();
    }
  }

  clear() {
    this.tables.clear();
    if (this.sqlite) {
      this.sqlite.db.run('DELETE FROM records');
      this.changed();
    }
  }

  /** Runs `fn` with one write of the file at the end instead of one per change. */
  batch(fn) {
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
      if (this.depth === 0 && this.dirty) this.flush();
    }
  }

  changed() {
    this.dirty = true;
    if (this.depth === 0) this.flush();
  }

  /** The whole database to a temporary file, then renamed over the state file (never half-written). */
  flush() {
    if (!this.sqlite) return;
    const tmp = `${this.sqlite.path}.${process.pid}.tmp`;
    writeFileSync(tmp, this.sqlite.db.export());
    renameSync(tmp, this.sqlite.path);
    this.dirty = false;
  }

  close() {
    if (!this.sqlite) return;
    if (this.dirty) this.flush();
    this.sqlite.db.close();
    this.sqlite = null;
  }
}
