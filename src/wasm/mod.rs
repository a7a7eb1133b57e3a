//! wasm-bindgen exports. Thin: convert JS values, call the core, convert back.
//!
//! These names are internal (prefixed `wasm_` on the Rust side); the public
//! JavaScript API lives in pkg-template/ and wraps them.

mod builders;
mod convert;
mod keys;
mod protocol;
mod split;

pub use convert::JsError;
