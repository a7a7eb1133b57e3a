//! The outer JSON WeChat Pay posts; unknown members are ignored (new ones appear over time).

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// Callbacks are a few KB; anything far larger is not one.
pub const MAX_BODY_LEN: usize = 256 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Resource {
    pub algorithm: String,
    pub ciphertext: String,
    #[serde(default)]
    pub associated_data: Option<String>,
    pub nonce: String,
    #[serde(default)]
    pub original_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Envelope {
    pub id: String,
    #[serde(default)]
    pub create_time: Option<String>,
    pub event_type: String,
    #[serde(default)]
    pub resource_type: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    pub resource: Resource,
}

/// Refuses a notification body over [`MAX_BODY_LEN`] before any work is done on it: a real
/// one is a few KB, and hosts call this before copying the body anywhere (into wasm memory,
/// which never shrinks) or hashing it.
pub fn check_body_len(len: usize) -> Result<()> {
    if len > MAX_BODY_LEN {
        return Err(Error::PayloadInvalid(format!("notification body is over {MAX_BODY_LEN} bytes")));
    }
    Ok(())
}

impl Envelope {
    pub fn parse(body: &[u8]) -> Result<Self> {
        check_body_len(body.len())?;
        serde_json::from_slice(body)
            .map_err(|e| Error::PayloadInvalid(format!("notification envelope is not the expected JSON: {}", crate::error::serde_reason(&e))))
    }
}
