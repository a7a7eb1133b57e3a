//! Key import: merchant private keys, WeChat Pay public keys, platform certificates.

pub mod certificates;
pub mod keyset;
pub mod merchant;
pub mod pem;
pub mod platform;
mod rsa_der;

/// Longest identifier a caller may hand over: a merchant number (string(32)), a certificate
/// serial (≤ 64 hex digits) or a `PUB_KEY_ID_…` id all fit with room to spare.
pub const MAX_IDENTIFIER_LEN: usize = 128;

/// Refuses an identifier by size before anything reads it (the JS layer asks before copying).
pub fn check_identifier_len(len: usize) -> crate::Result<()> {
    if len > MAX_IDENTIFIER_LEN {
        // KeyInvalid, as for any other malformed key identity (mchid, serial, public key id).
        return Err(crate::Error::KeyInvalid(format!(
            "an identifier is {len} bytes; a merchant number, certificate serial or PUB_KEY_ID is at most {MAX_IDENTIFIER_LEN}: pass the identifier itself"
        )));
    }
    Ok(())
}

pub use certificates::load_certificates;
pub use keyset::PlatformKeySet;
pub use merchant::MerchantKey;
pub use platform::{PlatformKey, PlatformKeyKind};
