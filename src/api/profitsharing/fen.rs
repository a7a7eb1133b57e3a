//! Profit-sharing amounts: the package's one [`Fen`](crate::api::fen::Fen) type.
//!
//! Split and return amounts must be more than 0 fen; builders say so with
//! `Fen::check_positive` or, for `createOrder`, through the split-plan receiver checks.

pub use crate::api::fen::{Fen, MAX_FEN};
