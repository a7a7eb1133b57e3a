// Type definitions for wechatpay-edge/webhooks: exactly-once notification processing on a
// transactional store, and reconciliation of notifications that never came.
import type { Reply } from '../index.js';

/** What the stores need of a notification (the object parseNotification returns has it all). */
export interface OnceNotification {
  idempotencyKey: string;
  kind: string;
  eventType?: string | null;
  id?: string | null;
  summary?: string | null;
  data?: unknown;
}

export type Outcome = 'processed' | 'duplicate';
export type Source = 'notification' | 'reconciliation';

/** A store records the key and runs the business write in one transaction. */
export interface OnceStore<Apply = unknown> {
  once(notification: OnceNotification, apply: Apply | undefined, source?: Source): Promise<Outcome>;
}

export interface HandleOnceInput<N extends OnceNotification, Apply> {
  store: OnceStore<Apply>;
  notification: N;
  /** The business write: its shape depends on the store (see each store). */
  apply?: Apply;
  /** Recorded with the marker; default 'notification'. */
  source?: Source;
  /** Default '处理失败'. */
  nackMessage?: string;
  /** Default 500. */
  nackStatus?: number;
}

export interface HandleOnceResult {
  /** 'failed': nothing committed, the reply is a nack and WeChat Pay retries. */
  outcome: Outcome | 'failed';
  /** ack() once committed (now or before), nack() otherwise: send it as the answer. */
  reply: Reply;
  /** Why it failed, for your log. */
  error?: unknown;
}

/** Processes `notification` at most once on `store`; ack() only after the commit. */
export declare function handleOnce<N extends OnceNotification, Apply>(input: HandleOnceInput<N, Apply>): Promise<HandleOnceResult>;

export interface StoreOptions {
  /** The marker table; default 'wechatpay_notifications'. A plain SQL identifier. */
  table?: string;
}

/** The minimal D1 surface used (a D1Database binding has it). */
export interface D1Like {
  prepare(query: string): D1StatementLike;
  batch(statements: D1StatementLike[]): Promise<unknown[]>;
}
export interface D1StatementLike {
  bind(...values: unknown[]): D1StatementLike;
  first(): Promise<unknown>;
  run(): Promise<unknown>;
}

/** D1 apply: returns the business statements (built with db.prepare), run in the marker's db.batch(). It must not write itself. */
export type D1Apply<N extends OnceNotification = OnceNotification> = (n: N, tx: { db: D1Like }) => D1StatementLike[] | void | Promise<D1StatementLike[] | void>;

export interface D1Store extends OnceStore<D1Apply<any>> {
  readonly kind: 'd1';
  readonly table: string;
  init(): Promise<void>;
  seen(idempotencyKey: string): Promise<boolean>;
}
/** D1: the marker's INSERT and your statements in one db.batch() (one transaction). */
export declare function d1Store(db: D1Like, options?: StoreOptions): D1Store;

/** A Durable Object namespace binding (the part used). */
export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: any): { fetch(input: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ readonly status: number; json(): Promise<unknown> }> };
}
export interface DurableObjectStoreOptions {
  /** The object a notification goes to; default its idempotency key. */
  shard?: (n: OnceNotification) => string;
}
/** The processing runs in the object (serveOnce); handleOnce's apply is not used. */
export declare function durableObjectStore(namespace: DurableObjectNamespaceLike, options?: DurableObjectStoreOptions): OnceStore<never> & { readonly kind: 'durable-object' };

/** SQLite-backed Durable Object storage (ctx.storage), the part used. */
export interface DurableObjectStorageLike {
  sql: { exec(query: string, ...bindings: unknown[]): { toArray(): unknown[]; readonly rowsWritten: number } };
  transactionSync<T>(fn: () => T): T;
}
export type DurableObjectApply = (n: OnceNotification, sql: DurableObjectStorageLike['sql'], source: Source) => void;
/** Inside the object: marker and `apply` (synchronous) in one transactionSync. */
export declare function onceInDurableObject(storage: DurableObjectStorageLike, n: OnceNotification, apply?: DurableObjectApply, source?: Source, options?: StoreOptions): Outcome;
/**
 * The object's fetch for durableObjectStore: `return serveOnce(this.ctx, request, apply)`.
 * Resolves to a Response (typed loosely so no DOM or Workers types are needed here).
 */
export declare function serveOnce(ctx: { storage: DurableObjectStorageLike } | DurableObjectStorageLike, request: { json(): Promise<unknown> }, apply?: DurableObjectApply, options?: StoreOptions): Promise<any>;

/** pg-like: `query(text, params)` with $1 placeholders → { rows, rowCount }. A pg Pool or Client fits. */
export interface SqlLike {
  query(text: string, params?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>;
}
export type SqlApply<N extends OnceNotification = OnceNotification> = (n: N, tx: SqlLike) => unknown | Promise<unknown>;
export interface SqlStore extends OnceStore<SqlApply<any>> {
  readonly kind: 'sql';
  readonly table: string;
  init(): Promise<void>;
  seen(idempotencyKey: string): Promise<boolean>;
}
/** PostgreSQL (or sqlJsDatabase): INSERT … ON CONFLICT DO NOTHING and your writes in one transaction. */
export declare function sqlStore(db: SqlLike, options?: StoreOptions): SqlStore;

/**
 * A sql.js Database behind the pg-like interface ($1 placeholders); `persist` runs after each
 * commit. One connection: inside `apply` write through `tx.query`, never the database's own
 * `query` (it waits for the transaction to end, as a pg Pool of one would).
 */
export declare function sqlJsDatabase(db: unknown, options?: { persist?: (db: any) => void | Promise<void> }): SqlLike & { readonly db: any };

/** The marker table's CREATE TABLE IF NOT EXISTS (SQLite, D1 and PostgreSQL). */
export declare function markerTableSql(table?: string): string;
export declare const DEFAULT_TABLE: 'wechatpay_notifications';

export type PendingKind = 'split' | 'return' | 'payscore';
/**
 * The notifications a parsed query answer stands for (settled movements only), built by the core
 * through the notifications' own parser, so with the keys parseNotification gives them:
 * profitSharing.eventsFromQuery('split' | 'return', …) or payScore.eventsFromQuery(…).
 */
export declare function eventsFromQuery(kind: PendingKind, result: object): OnceNotification[];

export interface ReconcileReport {
  checked: number;
  processed: number;
  duplicate: number;
  stillPending: number;
  failed: Array<{ item: unknown; error: unknown }>;
}
/** Queries each pending row and processes what it finds through `handle` (your once-per-key processing). */
export declare function reconcile<T extends { kind: PendingKind }>(input: {
  pending: T[];
  query: (item: T) => Promise<object>;
  handle: (n: OnceNotification) => Promise<{ outcome: string; error?: unknown }>;
  concurrency?: number;
}): Promise<ReconcileReport>;
