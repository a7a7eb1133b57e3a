//! Request signing: the canonical message, the Authorization header, nonces.

pub mod authorization;
pub mod base_url;
pub mod message;
pub mod nonce;
pub mod prepare;
mod signature_text;

pub use authorization::{format_authorization, parse_authorization, AuthorizationParts, SCHEME};
pub use message::{canonical_url, request_message, response_message};
pub use nonce::nonce_from_entropy;
pub use prepare::{prepare, sign_request, PreparedRequest, RequestToSign, Signature, SignedRequest};
