//! Shared code for the wechatpay-edge fuzz targets.
//!
//! Each target module has `run(&[u8])` (what the libFuzzer binary calls) and
//! `seeds(…)` (what `examples/seedgen.rs` writes into `fuzz/corpus/<target>`),
//! built on the same [`framing`], so seeds decode exactly as intended.
//! `examples/replay.rs` runs any target on saved inputs outside libFuzzer.

pub mod fixtures;
pub mod framing;
pub mod seedlib;
pub mod spec;

pub mod aead;
pub mod authorization;
pub mod bill;
pub mod certificates;
pub mod keys;
pub mod notification;
pub mod payscore;
pub mod profitsharing;
pub mod split;
pub mod verify;

/// A target's entry point.
pub type Run = fn(&[u8]);

/// Every target: (binary name, entry point).
pub const TARGETS: &[(&str, Run)] = &[
    ("fuzz_authorization", authorization::run),
    ("fuzz_verify", verify::run),
    ("fuzz_notification", notification::run),
    ("fuzz_aead", aead::run),
    ("fuzz_keys", keys::run),
    ("fuzz_certificates", certificates::run),
    ("fuzz_profitsharing", profitsharing::run),
    ("fuzz_payscore", payscore::run),
    ("fuzz_split", split::run),
    ("fuzz_bill", bill::run),
];

pub fn target(name: &str) -> Option<Run> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}
