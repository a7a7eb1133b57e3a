//! Responses: 2xx must be signed; non-2xx become `Error::Api` (verified when signed).

use serde::Deserialize;

use super::headers::{self, HeaderPair, WechatpayHeaders};
use super::signature::{check_headers, HeadToVerify, Verified};
use crate::crypto::rsa_sig;
use crate::error::ApiFailure;
use crate::keys::PlatformKeySet;
use crate::{Error, Result};

/// The largest response body verified or parsed, in bytes. The APIs this crate speaks answer
/// with a few KB of JSON (a profit-sharing order with its receivers, a Payscore order, the
/// platform certificates); 1 MiB is far above any of them and keeps an oversize answer (a
/// proxy's page, a hostile peer) out of wasm memory, which never shrinks.
pub const MAX_BODY_LEN: usize = 1 << 20;

/// Refuses a response body over [`MAX_BODY_LEN`]; hosts call it before copying the body.
pub fn check_body_len(len: usize) -> Result<()> {
    if len > MAX_BODY_LEN {
        return Err(Error::PayloadInvalid(format!("response body is over {MAX_BODY_LEN} bytes")));
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedResponse {
    pub status: u16,
    pub request_id: Option<String>,
    pub verified: Verified,
}

#[derive(Deserialize)]
struct ErrorBody {
    code: Option<String>,
    message: Option<String>,
    detail: Option<Box<serde_json::value::RawValue>>,
}

/// The error as WeChat Pay stated it; bodies that are not JSON keep status and Request-ID.
pub fn api_failure(status: u16, headers_in: &[impl HeaderPair], body: &[u8]) -> ApiFailure {
    let request_id = headers::find(headers_in, headers::REQUEST_ID).ok().flatten().map(str::to_owned);
    let parsed: Option<ErrorBody> = serde_json::from_slice(body).ok();
    match parsed {
        Some(e) => ApiFailure { status, code: e.code, message: e.message, detail: e.detail.map(|d| d.get().to_owned()), request_id },
        None => ApiFailure { status, code: None, message: None, detail: None, request_id },
    }
}

/// Verifies a response over its raw bytes. A 204 verifies with an empty body line.
/// Error answers are signed too; an unsigned one (proxy, gateway) is reported as-is; an
/// unsigned 2xx is treated as forged (HeaderMissing names the absent header).
pub fn verify_response(
    status: u16,
    headers_in: &[impl HeaderPair],
    body: &[u8],
    keys: &PlatformKeySet,
    now: i64,
    tolerance_sec: u32,
) -> Result<VerifiedResponse> {
    let r = prepare_response(status, headers_in, body, keys, now, tolerance_sec)?;
    let verified = match r.check {
        Some(h) => {
            rsa_sig::verify(h.key.rsa()?, &h.message(body), &h.signature)?;
            Some(h.verified)
        }
        None => None,
    };
    let request_id = r.outcome?;
    let verified = verified.ok_or_else(|| Error::Internal("a 2xx answer was not verified".into()))?;
    Ok(VerifiedResponse { status, request_id, verified })
}

/// A response checked by every rule but the RSA verification (see [`prepare_response`]).
#[derive(Debug)]
pub struct ResponseToVerify<'k, 'h> {
    /// What must verify first, when the answer is signed (always for a 2xx).
    pub check: Option<HeadToVerify<'k, 'h>>,
    /// The Request-ID of a 2xx, or the `Error::Api` a non-2xx becomes once `check` verified.
    pub outcome: Result<Option<String>>,
}

/// [`verify_response`] up to the RSA check, for a host with its own RSA: the same rules in the
/// same order; the host verifies `check` (head ‖ body ‖ tail) and then takes `outcome`.
pub fn prepare_response<'k, 'h>(
    status: u16,
    headers_in: &'h [impl HeaderPair],
    body: &[u8],
    keys: &'k PlatformKeySet,
    now: i64,
    tolerance_sec: u32,
) -> Result<ResponseToVerify<'k, 'h>> {
    check_body_len(body.len())?;
    if !(200..300).contains(&status) {
        let check = if WechatpayHeaders::any_present(headers_in) { Some(check_headers(headers_in, body.len(), keys, now, tolerance_sec)?) } else { None };
        return Ok(ResponseToVerify { check, outcome: Err(Error::Api(api_failure(status, headers_in, body))) });
    }
    let check = check_headers(headers_in, body.len(), keys, now, tolerance_sec)?;
    let request_id = headers::find(headers_in, headers::REQUEST_ID)?.map(str::to_owned);
    Ok(ResponseToVerify { check: Some(check), outcome: Ok(request_id) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::HeaderList;

    #[test]
    fn oversize_bodies_are_refused_before_anything_else() {
        assert!(check_body_len(MAX_BODY_LEN).is_ok());
        assert!(matches!(check_body_len(MAX_BODY_LEN + 1), Err(Error::PayloadInvalid(_))));
        let keys = PlatformKeySet::new(Vec::new(), None).unwrap();
        let body = vec![b'x'; MAX_BODY_LEN + 1];
        for status in [200, 204, 401, 500] {
            assert!(matches!(verify_response(status, &[] as &HeaderList, &body, &keys, 0, 300), Err(Error::PayloadInvalid(_))), "{status}");
        }
    }
}
