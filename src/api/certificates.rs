//! Download the platform certificates: `GET /v3/certificates` (spec A.5, [OFF-CERT]).
//!
//! The answer is bootstrapped without trusting anything first: each certificate in it is
//! AEAD_AES_256_GCM-encrypted with your APIv3 key (only WeChat Pay and you hold it), so
//! `load_certificates` proves where they came from by decrypting them; the answer's own
//! signature is then verified with one of the certificates it carried.

use serde::Deserialize;

use crate::api::extra_fields::{self, with_query_and_extra, ExtraFields};
use crate::api::validate::Issues;
use crate::api::RequestSpec;

pub const PATH_CERTIFICATES: &str = "/v3/certificates";

/// Query of `GET /v3/certificates`; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DownloadCertificatesInput {
    /// `RSA` (the default when absent). WeChat Pay also serves `SM2` and `ALL`, but this
    /// package verifies `WECHATPAY2-SHA256-RSA2048` signatures only, so it asks for RSA.
    pub algorithm_type: Option<String>,
    /// Query parameters this version does not know yet, appended to the query.
    pub extra: Option<ExtraFields>,
}

/// `GET /v3/certificates[?algorithm_type=RSA]`.
pub fn download_certificates(input: DownloadCertificatesInput) -> crate::Result<RequestSpec> {
    let mut issues = Issues::new();
    if let Some(a) = input.algorithm_type.as_deref() {
        if a != "RSA" {
            issues.push(
                "algorithm_type",
                "invalid_enum",
                "must be \"RSA\" or absent: this package verifies WECHATPAY2-SHA256-RSA2048 signatures only (SM2 is not supported)",
            );
        }
    }
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<DownloadCertificatesInput>);
    let path = with_query_and_extra(&mut issues, PATH_CERTIFICATES, &[("algorithm_type", input.algorithm_type.as_deref())], extra);
    issues.finish()?;
    Ok(RequestSpec::get(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_rsa_requests() {
        let spec = download_certificates(DownloadCertificatesInput::default()).unwrap();
        assert_eq!((spec.method, spec.path_and_query.as_str(), spec.body), ("GET", "/v3/certificates", None));
        let spec = download_certificates(DownloadCertificatesInput { algorithm_type: Some("RSA".into()), extra: None }).unwrap();
        assert_eq!(spec.path_and_query, "/v3/certificates?algorithm_type=RSA");
    }

    #[test]
    fn sm2_is_refused_with_the_reason() {
        let err = download_certificates(DownloadCertificatesInput { algorithm_type: Some("SM2".into()), extra: None }).unwrap_err();
        assert_eq!(err.code(), "ERR_WXPAY_VALIDATION");
        assert!(err.to_string().contains("SM2 is not supported"), "{err}");
    }
}
