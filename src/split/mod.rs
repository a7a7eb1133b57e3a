//! Split arithmetic in integer fen.

pub mod policy;
pub use policy::Policy;
