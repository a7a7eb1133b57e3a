-- D1 schema of the example (the worker also creates these on first use).
-- wechatpay_notifications: one row per processed idempotency key (wechatpay-edge/webhooks d1Store).
CREATE TABLE IF NOT EXISTS wechatpay_notifications (idempotency_key TEXT PRIMARY KEY, kind TEXT NOT NULL, source TEXT NOT NULL, processed_at TEXT NOT NULL);
-- ledger: one row per processed event, written in the same db.batch() as its marker.
CREATE TABLE IF NOT EXISTS ledger (id INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT NOT NULL, kind TEXT NOT NULL, sub_mchid TEXT, out_no TEXT, amount INTEGER NOT NULL, source TEXT NOT NULL, record TEXT NOT NULL, recorded_at TEXT NOT NULL);
-- orders: splits and returns this worker requested; PROCESSING until their notification (or reconciliation) settles them.
CREATE TABLE IF NOT EXISTS orders (kind TEXT NOT NULL, sub_mchid TEXT NOT NULL, out_no TEXT NOT NULL, transaction_id TEXT, out_order_no TEXT, state TEXT NOT NULL, requested_at TEXT NOT NULL, settled_at TEXT, PRIMARY KEY (kind, sub_mchid, out_no));
