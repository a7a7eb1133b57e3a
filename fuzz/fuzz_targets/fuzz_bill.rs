#![no_main]
//! See `fuzz/src/bill.rs` for the input framing and the checked invariants.
libfuzzer_sys::fuzz_target!(|data: &[u8]| wechatpay_edge_fuzz::bill::run(data));
