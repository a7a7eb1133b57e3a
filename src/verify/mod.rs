//! Verification of responses and callbacks over their raw bytes.

pub mod headers;
pub mod response;
pub mod signature;

pub use headers::{HeaderList, HeaderPair, WechatpayHeaders};
pub use response::{api_failure, verify_response, VerifiedResponse};
pub use signature::{check_headers, check_message, verify_message, HeadToVerify, MessageToVerify, Verified, DEFAULT_TOLERANCE_SEC, PROBE_PREFIX};
