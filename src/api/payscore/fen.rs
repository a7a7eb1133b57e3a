//! Payscore amounts and counts: the package's one [`Fen`](crate::api::fen::Fen) type.
//!
//! Amounts where 0 is legal (a discount, a total) use `Fen::check`; amounts that must be
//! positive (a risk fund) add the rule at the call site (`rules::amount(.., positive: true)`).

pub use crate::api::fen::{exact_u64, Count, Fen, IntProblem, MAX_SAFE_INTEGER};
