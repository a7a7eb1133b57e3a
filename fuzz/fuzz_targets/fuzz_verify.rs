#![no_main]
//! See `fuzz/src/verify.rs` for the input framing and the checked invariants.
libfuzzer_sys::fuzz_target!(|data: &[u8]| wechatpay_edge_fuzz::verify::run(data));
