//! Key import: merchant private keys, WeChat Pay public keys, platform certificates.

pub mod certificates;
pub mod keyset;
pub mod merchant;
pub mod pem;
pub mod platform;

pub use certificates::load_certificates;
pub use keyset::PlatformKeySet;
pub use merchant::MerchantKey;
pub use platform::{PlatformKey, PlatformKeyKind};
