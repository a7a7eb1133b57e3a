//! wechatpay-edge: the WeChat Pay APIv3 protocol as a pure, no-IO core.
//!
//! Time, nonces and randomness are inputs; nothing here reads a clock,
//! touches the network or panics on bad input.
#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::unreachable, clippy::todo))]

pub mod error;
pub use error::{Error, Issue, Result};
pub mod api;
pub mod bill;
pub mod crypto;
pub mod decimal;
pub mod keys;
pub mod limits;
pub mod notify;
pub mod sign;
pub mod split;
pub mod verify;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
