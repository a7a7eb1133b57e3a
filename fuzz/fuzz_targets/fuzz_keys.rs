#![no_main]
//! See `fuzz/src/keys.rs` for the input framing and the checked invariants.
libfuzzer_sys::fuzz_target!(|data: &[u8]| wechatpay_edge_fuzz::keys::run(data));
