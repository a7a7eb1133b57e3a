//! wasm-bindgen exports. Thin: convert JS values, call the core, convert back.
//!
//! These names are internal (prefixed `wasm_` on the Rust side); the public
//! JavaScript API lives in pkg-template/ and wraps them.

#[cfg(feature = "full")]
mod bill;
#[cfg(feature = "full")]
mod builders;
pub(crate) mod convert;
mod headers;
mod keys;
#[cfg(not(feature = "full"))]
mod lite;
mod protocol;
mod signing;
#[cfg(feature = "full")]
mod split;
mod verifying;

pub use convert::JsError;

use wasm_bindgen::prelude::*;

/// Runs once per instance. Nothing to set up: it exists because wasm-bindgen's re-instantiation
/// (below) calls the start export of every fresh instance.
#[wasm_bindgen(start)]
fn start() {}

/// Asks the glue for a fresh instance after a trap (an allocation the host refused, a stack
/// overflow): the glue swaps in a new `WebAssembly.Instance` of the same compiled module at
/// the next export call. Called by the JS layer, never by the core; it only sets a JS flag, so
/// it is safe to call on an instance that has trapped.
#[wasm_bindgen(js_name = wasmScheduleReset)]
pub fn wasm_schedule_reset() {
    wasm_bindgen::handler::schedule_reinit();
}

/// Takes no arguments and returns a scalar, so the glue's call guard (which runs after argument
/// marshalling in other exports) swaps in the fresh instance before anything touches memory.
#[wasm_bindgen(js_name = wasmReady)]
pub fn wasm_ready() -> bool {
    true
}
