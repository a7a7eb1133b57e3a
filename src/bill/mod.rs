//! The profit-sharing bill (分账账单): verify the downloaded file, parse it into typed rows in
//! integer fen, and reconcile it with what was planned.
//!
//! No IO and no digests here: the host downloads, gunzips and computes SHA-1 (it has all three
//! built in, the core has none of them); the core decides whether the digest matches and what
//! the bytes say. Every failure is `ERR_WXPAY_BILL_INVALID` (naming the line) or
//! `ERR_WXPAY_BILL_HASH_MISMATCH`.

mod columns;
pub mod hash;
pub mod parse;
pub mod reconcile;
pub mod yuan;

pub use hash::check_hash;
pub use parse::{parse_bill, Bill, BillRow, RowKind, SummaryCell};
pub use reconcile::{reconcile, Planned, Reconciliation};

/// Largest bill accepted, in bytes after gunzip: bounds the copy into wasm memory (which never
/// shrinks). A day of a large platform's splits is far below this (about 300 bytes a row).
pub const MAX_BILL_LEN: usize = 64 * 1024 * 1024;

/// Why a `tar_type=GZIP` download could not be inflated (the host's gunzip failed).
pub const GZIP_INVALID: &str = "the gzip download is truncated or corrupt: request a new download_url (valid 30 s) and download again";
