// State of the emulator: plain JSON records by kind and key, kept in memory and, with a state
// file, made durable incrementally:
//
//   FILE        a SQLite database, the snapshot: table `records (kind, key, value JSON, updated_at)`.
//               Through node:sqlite where Node has it (≥ 22.5; 22.5–22.12 behind
//               --experimental-sqlite), else through the sql.js package (SQLite compiled to wasm,
//               an optional peer dependency: 30 MB that a library user never needs). Neither →
//               ERR_EMULATOR_NO_SQLITE saying how to fix it. The in-memory store needs neither.
//   FILE.jsonl  the change journal: one JSON line per change set (one API call, one control
//               call, one delivery attempt), appended before the answer is sent.
//
// A change costs one small append (O(the records changed)), not a rewrite of the database.
// The journal is folded into the snapshot ("compaction": the whole database to FILE.tmp-PID,
// fsync, rename over FILE, then the journal truncated) on start, on close (SIGINT / SIGTERM in
// the CLI), after `idleMs` without changes, and once the journal outgrows the snapshot, so the
// occasional full export is amortized over at least as many bytes of changes.
//
// Crash safety: FILE is only ever replaced by rename, so a kill -9 leaves the old or the new
// snapshot, never a half-written one. A change set is one line; on start the journal is replayed
// up to its last complete line (a torn last line, from a kill in the middle of an append, is a
// change set that was never answered and is dropped whole). Replaying is idempotent (puts,
// deletes and clears in order), so a kill between the rename and the truncation is harmless.
// Nothing answered is lost when the process dies; the journal is not fsynced per change, so a
// power cut can lose what the OS had not yet written. One emulator per state file.
import { existsSync, readFileSync, renameSync, mkdirSync, openSync, writeSync, closeSync, fsyncSync, ftruncateSync, fstatSync, unlinkSync } from 'node:fs';
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

/** Compaction thresholds: after this long without changes, or once the journal is this big (and bigger than the snapshot). */
export const STORE_DEFAULTS = Object.freeze({ idleMs: 1000, minCompactBytes: 1 << 20 });

export class Store {
  /** @param {null | { path: string, db: any, journal: string }} sqlite */
  constructor(sqlite = null, options = {}) {
    this.tables = new Map();
    this.sqlite = sqlite;
    this.depth = 0;
    /** Changes of the open batch: [op, kind, key, json] (op 'p' put, 'd' delete, 'c' clear). */
    this.pending = [];
    this.fd = null;
    this.journalBytes = 0;
    this.snapshotBytes = 0;
    this.stmts = null;
    this.idleTimer = null;
    this.idleMs = options.idleMs ?? STORE_DEFAULTS.idleMs;
    this.minCompactBytes = options.minCompactBytes ?? STORE_DEFAULTS.minCompactBytes;
    /** Counters for tests and diagnostics. */
    this.stats = { appends: 0, compactions: 0, replayed: 0, droppedTail: 0 };
  }

  /**
   * An in-memory store, or one backed by the SQLite file at `path` and its journal (created when
   * missing). `options.sqlite`: 'node:sqlite' | 'sql.js' to pick a backend (default: the first available).
   */
  static async open(path, options = {}) {
    if (!path) return new Store();
    const file = resolve(path);
    const db = await openSqlite(file, options.sqlite);
    db.exec(SCHEMA);
    const version = db.all("SELECT value FROM meta WHERE name = 'schema'");
    if (version.length && version[0][0] !== SCHEMA_VERSION) {
      db.close();
      const e = new Error(`${file}: state schema ${version[0][0]} is not ${SCHEMA_VERSION}; start with a new --state file`);
      e.code = 'ERR_EMULATOR_STATE';
      throw e;
    }
    db.run("INSERT OR REPLACE INTO meta (name, value) VALUES ('schema', ?)", [SCHEMA_VERSION]);
    mkdirSync(dirname(file), { recursive: true });
    const store = new Store({ path: file, db, journal: `${file}.jsonl` }, options);
    store.replay();
    for (const [kind, key, value] of db.all('SELECT kind, key, value FROM records')) store.table(kind).set(key, JSON.parse(value));
    store.compact();
    return store;
  }

  /** 'node:sqlite' or 'sql.js' with a state file, null in memory. */
  get backend() {
    return this.sqlite ? this.sqlite.db.backend : null;
  }

  get persistent() {
    return this.sqlite !== null;
  }

  get path() {
    return this.sqlite ? this.sqlite.path : null;
  }

  /** The journal file next to the state file (null in memory). */
  get journalPath() {
    return this.sqlite ? this.sqlite.journal : null;
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

  /** Stores `value` (a JSON-able object) and records the change. Mutate a record, then put it again. */
  put(kind, key, value) {
    this.table(kind).set(key, value);
    if (this.sqlite) this.record(['p', kind, key, JSON.stringify(value)]);
    return value;
  }

  delete(kind, key) {
    this.table(kind).delete(key);
    if (this.sqlite) this.record(['d', kind, key]);
  }

  clear() {
    this.tables.clear();
    if (this.sqlite) this.record(['c']);
  }

  /** Runs `fn` with its changes appended as one journal line at the end (also when it throws). */
  batch(fn) {
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
      if (this.depth === 0) this.commit();
    }
  }

  record(change) {
    this.apply(change, Date.now());
    this.pending.push(change);
    if (this.depth === 0) this.commit();
  }

  /** Applies a change to the in-memory SQLite copy (the next snapshot). */
  apply([op, kind, key, json], now) {
    const s = (this.stmts ??= {
      put: this.sqlite.db.prepare('INSERT OR REPLACE INTO records (kind, key, value, updated_at) VALUES (?, ?, ?, ?)'),
      del: this.sqlite.db.prepare('DELETE FROM records WHERE kind = ? AND key = ?'),
    });
    if (op === 'p') s.put.run([kind, key, json, now]);
    else if (op === 'd') s.del.run([kind, key]);
    else if (op === 'c') this.sqlite.db.run('DELETE FROM records');
    else throw new Error(`unknown journal change ${JSON.stringify(op)}`);
  }

  /** Appends the pending changes as one line: {"t": ms, "c": [[op, kind, key, json?], …]}. */
  commit() {
    if (!this.sqlite || !this.pending.length) return;
    const line = Buffer.from(`${JSON.stringify({ t: Date.now(), c: this.pending })}\n`);
    this.pending = [];
    this.fd ??= openSync(this.sqlite.journal, 'a');
    for (let off = 0; off < line.length; ) off += writeSync(this.fd, line, off, line.length - off);
    this.journalBytes += line.length;
    this.stats.appends++;
    if (this.journalBytes >= Math.max(this.minCompactBytes, this.snapshotBytes)) this.compact();
    else this.scheduleIdle();
  }

  scheduleIdle() {
    if (this.idleTimer) this.idleTimer.refresh();
    else {
      this.idleTimer = setTimeout(() => {
        this.idleTimer = null;
        if (this.sqlite && this.journalBytes > 0) this.compact();
      }, this.idleMs);
      this.idleTimer.unref();
    }
  }

  /** Replays FILE.jsonl into the SQLite copy, up to its last complete, well-formed line. */
  replay() {
    const j = this.sqlite.journal;
    if (!existsSync(j)) return;
    const text = readFileSync(j, 'utf8');
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) {
        if (start < text.length) this.stats.droppedTail++;
        break;
      }
      let entry;
      try {
        entry = JSON.parse(text.slice(start, nl));
      } catch {
        // Only the last append can be torn; stop at the first line that does not parse.
        this.stats.droppedTail++;
        break;
      }
      this.sqlite.db.run('BEGIN');
      for (const change of entry.c) this.apply(change, entry.t);
      this.sqlite.db.run('COMMIT');
      this.stats.replayed++;
      start = nl + 1;
    }
    this.journalBytes = Buffer.byteLength(text);
  }

  /** The whole database to a temporary file, fsync, rename over FILE (never half-written), then an empty journal. */
  compact() {
    if (!this.sqlite) return;
    this.commit();
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    const { path, journal, db } = this.sqlite;
    const tmp = `${path}.tmp-${process.pid}`;
    // sql.js's export() closes and reopens the database, which frees prepared statements.
    this.stmts = null;
    this.snapshotBytes = db.writeTo(tmp);
    renameSync(tmp, path);
    this.fd ??= openSync(journal, 'a');
    if (fstatSync(this.fd).size > 0) ftruncateSync(this.fd, 0);
    this.journalBytes = 0;
    this.stats.compactions++;
  }

  /** Folds the journal into the snapshot and closes the files; the store is in memory afterwards. */
  close() {
    if (!this.sqlite) return;
    this.compact();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    try {
      unlinkSync(this.sqlite.journal);
    } catch {}
    this.sqlite.db.close();
    this.sqlite = null;
  }
}

// ---- SQLite backends ------------------------------------------------------------------
//
// Both hold the database in memory (the snapshot being built) and write it whole to a file:
//   exec(sql), run(sql, params), all(sql) → rows as arrays, prepare(sql) → { run(params) },
//   writeTo(file) → bytes written and fsynced, close().

/** The error when neither backend is there: what to do about it. */
export function noSqliteError(reasons) {
  const e = new Error(
    '--state needs SQLite, and this Node has neither node:sqlite nor the sql.js package. Either install sql.js next to ' +
      `wechatpay-edge (an optional peer dependency): npm install sql.js@1.16.0 — or use Node >= 22.5 (22.5 to 22.12: node --experimental-sqlite). ` +
      `Without --state the emulator keeps its state in memory and needs neither. (${reasons.join('; ')})`,
  );
  e.code = 'ERR_EMULATOR_NO_SQLITE';
  return e;
}

async function openSqlite(file, which) {
  const reasons = [];
  if (which === undefined || which === 'node:sqlite') {
    try {
      return await nodeSqlite(file);
    } catch (err) {
      if (err.code === 'ERR_EMULATOR_STATE') throw err;
      reasons.push(`node:sqlite: ${err.code ?? err.message}`);
    }
  }
  if (which === undefined || which === 'sql.js') {
    let initSqlJs;
    try {
      ({ default: initSqlJs } = await import('sql.js'));
    } catch (err) {
      reasons.push(`sql.js: ${err.code === 'ERR_MODULE_NOT_FOUND' ? 'not installed' : err.message}`);
    }
    if (initSqlJs) return sqlJs(await initSqlJs(), file);
  }
  throw noSqliteError(reasons);
}

function fsyncedWrite(tmp, bytes) {
  const fd = openSync(tmp, 'w');
  try {
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return bytes.length;
}

function sqlJs(SQL, file) {
  const db = existsSync(file) ? new SQL.Database(readFileSync(file)) : new SQL.Database();
  return {
    backend: 'sql.js',
    exec: (sql) => db.exec(sql),
    run: (sql, params) => db.run(sql, params),
    all: (sql) => {
      const r = db.exec(sql);
      return r.length ? r[0].values : [];
    },
    prepare: (sql) => {
      const st = db.prepare(sql);
      return { run: (params) => st.run(params) };
    },
    writeTo: (tmp) => fsyncedWrite(tmp, db.export()),
    close: () => db.close(),
  };
}

async function nodeSqlite(file) {
  const { DatabaseSync } = await import('node:sqlite');
  const db = new DatabaseSync(':memory:');
  if (existsSync(file)) {
    // Load the snapshot into memory: the file itself is only ever replaced whole (VACUUM INTO + rename).
    let loaded = false;
    try {
      db.exec(`ATTACH DATABASE '${file.replaceAll("'", "''")}' AS snap`);
      db.exec(SCHEMA);
      const has = (t) => db.prepare("SELECT 1 FROM snap.sqlite_master WHERE type = 'table' AND name = ?").get(t);
      if (has('records')) db.exec('INSERT INTO main.records SELECT kind, key, value, updated_at FROM snap.records');
      if (has('meta')) db.exec('INSERT OR REPLACE INTO main.meta SELECT name, value FROM snap.meta');
      loaded = true;
    } finally {
      try {
        db.exec('DETACH DATABASE snap');
      } catch {}
      if (!loaded) db.close();
    }
  }
  return {
    backend: 'node:sqlite',
    exec: (sql) => db.exec(sql),
    run: (sql, params = []) => db.prepare(sql).run(...params),
    all: (sql) => db.prepare(sql).all().map((row) => Object.values(row)),
    prepare: (sql) => {
      const st = db.prepare(sql);
      return { run: (params) => st.run(...params) };
    },
    writeTo: (tmp) => {
      try {
        unlinkSync(tmp);
      } catch {}
      db.exec(`VACUUM INTO '${tmp.replaceAll("'", "''")}'`);
      const fd = openSync(tmp, 'r+');
      try {
        fsyncSync(fd);
        return fstatSync(fd).size;
      } finally {
        closeSync(fd);
      }
    },
    close: () => db.close(),
  };
}
