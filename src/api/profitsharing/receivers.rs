//! Add / delete a receiver on the platform-level receiver list (spec B.1, B.2).

use serde::{Deserialize, Serialize};

use super::checks::{self, s};
use super::types::{ReceiverType, RelationType};
use super::{parse_response, Extra, PATH_RECEIVERS_ADD, PATH_RECEIVERS_DELETE};
use crate::api::extra_fields;
use crate::api::validate::Issues;
use crate::api::{to_json_with_extra, ExtraFields, RequestSpec, SensitiveEncryptor};

/// Body of `POST /v3/ecommerce/profitsharing/receivers/add`, plus `wechatpay_serial`.
///
/// `name` depends on `type` (doc/v3/partner/4012477758, 2025.09.29):
/// * `MERCHANT_ID`: the merchant's full legal name, required, sent plain.
/// * `PERSONAL_OPENID`: optional personal name, sent plain in `name`; WeChat
///   checks it against the account's real name. The current page has no
///   `encrypted_name` and no `Wechatpay-Serial`, and neither has the official
///   Java model `AddReceiverRequest`.
///
/// The 2020 page (apiv3 chapter7_4_7) sent a personal name RSA-encrypted in
/// `encrypted_name` with `Wechatpay-Serial`; that shape is kept only behind
/// [`PersonalName::LegacyEncrypted`].
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddReceiverInput {
    /// Required when `type` is PERSONAL_OPENID.
    pub appid: Option<String>,
    pub r#type: Option<String>,
    pub account: Option<String>,
    pub name: Option<String>,
    /// Legacy only: a personal name the caller encrypted already.
    pub encrypted_name: Option<String>,
    pub relation_type: Option<String>,
    /// Legacy only, not a body field: the `Wechatpay-Serial` of the key that made `encrypted_name`.
    pub wechatpay_serial: Option<String>,
    /// Body fields this version does not know yet, merged into the body.
    pub extra: Option<ExtraFields>,
}

/// How a `PERSONAL_OPENID` name travels.
pub enum PersonalName<'a> {
    /// The current page: plain `name`, no header.
    Plain,
    /// The 2020 page: `encrypted_name` (RSA-OAEP) plus `Wechatpay-Serial`; a
    /// plaintext `name` is encrypted with the encryptor when one is given.
    LegacyEncrypted(Option<&'a mut dyn SensitiveEncryptor>),
}

#[derive(Serialize)]
struct AddReceiverBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    appid: Option<&'a str>,
    r#type: &'a str,
    account: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encrypted_name: Option<String>,
    relation_type: &'a str,
}

/// `POST /v3/ecommerce/profitsharing/receivers/add`.
pub fn add_receiver(input: AddReceiverInput, mode: PersonalName<'_>) -> crate::Result<RequestSpec> {
    let mut issues = Issues::new();
    let ty = checks::receiver_type(&mut issues, "type", input.r#type.as_deref());
    let personal = ty == Some(ReceiverType::PersonalOpenid);
    // "分账接收方类型包含PERSONAL_OPENID时必填" (4012477758, 2025.09.29).
    checks::appid(&mut issues, "appid", input.appid.as_deref(), personal.then_some("when type is PERSONAL_OPENID"));
    checks::receiver_account(&mut issues, "account", input.account.as_deref(), ty.as_ref());
    let (legacy, mut encryptor) = match mode {
        PersonalName::Plain => (false, None),
        PersonalName::LegacyEncrypted(e) => (true, e),
    };

    match ty {
        Some(ReceiverType::MerchantId) => {
            // name string(256), 必传 for MERCHANT_ID (4012477758, 2025.09.29).
            issues.required_text("name", input.name.as_deref(), 256);
            if input.encrypted_name.is_some() {
                issues.push("encrypted_name", "not_allowed", "is only for a legacy PERSONAL_OPENID name; a merchant's full name goes in name");
            }
        }
        Some(_) if legacy => {
            if let Some(name) = input.name.as_deref() {
                checks::plaintext_name(&mut issues, "name", name, "encrypted_name");
                if encryptor.is_none() {
                    issues.push(
                        "name",
                        "encryptor_required",
                        "is RSA-encrypted in the legacy shape; give { keys } (or pass encrypted_name and wechatpay_serial)",
                    );
                }
            }
            if let Some(c) = input.encrypted_name.as_deref() {
                checks::ciphertext(&mut issues, "encrypted_name", c);
                if input.name.is_some() {
                    issues.push("encrypted_name", "conflict", "give either name (plaintext) or encrypted_name, not both");
                }
            }
        }
        Some(_) => {
            // Plain personal name, string(256); messages never echo it.
            issues.optional_text("name", input.name.as_deref(), 256);
            if input.encrypted_name.is_some() {
                issues.push(
                    "encrypted_name",
                    "legacy_field",
                    "is the 2020 shape; the current page (doc/v3/partner/4012477758) sends a personal name plain in name. \
                     Pass the plaintext as name, or set the option legacyEncryptedName: true to send encrypted_name",
                );
            }
        }
        None => issues.optional_text("name", input.name.as_deref(), 256),
    }

    // relation_type string(32), five values (doc/v3/partner/4012477758, 2025.09.29).
    let relation = input.relation_type.as_deref();
    issues.required_text("relation_type", relation, 32);
    if let Some(r) = relation.filter(|r| !r.is_empty()) {
        if !RelationType::parse(r).is_known() {
            issues.push("relation_type", "invalid_enum", format!("is {r:?}; expected one of {:?}", RelationType::KNOWN));
        }
    }

    let sends_cipher = legacy && personal && (input.name.is_some() || input.encrypted_name.is_some());
    let enc_serial = encryptor.as_deref().map(|e| e.serial().to_owned());
    let serial = if sends_cipher {
        // A plaintext name takes the encryptor's serial (its absence is already
        // `encryptor_required`); a pre-encrypted one needs the caller's serial.
        let required = input.encrypted_name.is_some().then_some("when encrypted_name is passed already encrypted");
        checks::header_serial(&mut issues, enc_serial.as_deref(), input.wechatpay_serial.as_deref(), required)
    } else {
        if input.wechatpay_serial.is_some() {
            // The current page lists no Wechatpay-Serial; dropping it silently would hide a misunderstanding.
            issues.push("wechatpay_serial", "not_sent", "is only sent with a legacy encrypted_name; this request encrypts nothing, so remove it");
        }
        None
    };
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<AddReceiverInput>);
    issues.finish()?;

    let (name, encrypted_name) = if sends_cipher {
        let cipher = match input.name.as_deref() {
            Some(plain) => Some(checks::encrypt(&mut encryptor, plain)?),
            None => input.encrypted_name.clone(),
        };
        (None, cipher)
    } else {
        (input.name.as_deref(), None)
    };
    let body = to_json_with_extra(
        &AddReceiverBody {
            appid: input.appid.as_deref(),
            r#type: s(&input.r#type),
            account: s(&input.account),
            name,
            encrypted_name,
            relation_type: s(&input.relation_type),
        },
        extra,
    )?;
    let spec = RequestSpec::post(PATH_RECEIVERS_ADD.to_owned(), body);
    Ok(match serial {
        Some(serial) => spec.with_header("Wechatpay-Serial", &serial),
        None => spec,
    })
}

/// Body of `POST /v3/ecommerce/profitsharing/receivers/delete`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteReceiverInput {
    /// Required: the legacy page and the official Java SDK both have it and no
    /// source calls it optional (current optionality is unconfirmed, spec B.2).
    pub appid: Option<String>,
    pub r#type: Option<String>,
    pub account: Option<String>,
    /// Body fields this version does not know yet, merged into the body.
    pub extra: Option<ExtraFields>,
}

#[derive(Serialize)]
struct DeleteReceiverBody<'a> {
    appid: &'a str,
    r#type: &'a str,
    account: &'a str,
}

/// `POST /v3/ecommerce/profitsharing/receivers/delete`.
pub fn delete_receiver(input: DeleteReceiverInput) -> crate::Result<RequestSpec> {
    let mut issues = Issues::new();
    checks::appid(&mut issues, "appid", input.appid.as_deref(), Some("to delete a receiver"));
    let ty = checks::receiver_type(&mut issues, "type", input.r#type.as_deref());
    checks::receiver_account(&mut issues, "account", input.account.as_deref(), ty.as_ref());
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<DeleteReceiverInput>);
    issues.finish()?;
    let body = to_json_with_extra(&DeleteReceiverBody { appid: s(&input.appid), r#type: s(&input.r#type), account: s(&input.account) }, extra)?;
    Ok(RequestSpec::post(PATH_RECEIVERS_DELETE.to_owned(), body))
}

/// The receiver as WeChat Pay echoes it after add or delete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReceiverEcho {
    pub r#type: ReceiverType,
    pub account: String,
    /// Fields this version does not know, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

pub fn parse_add_receiver_response(body: &str) -> crate::Result<ReceiverEcho> {
    parse_response(body, "add-receiver")
}

pub fn parse_delete_receiver_response(body: &str) -> crate::Result<ReceiverEcho> {
    parse_response(body, "delete-receiver")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::profitsharing::checks::fake::{cipher, FakeEncryptor};
    use crate::api::profitsharing::test_util::issue_codes;

    fn input(json: &str) -> AddReceiverInput {
        serde_json::from_str(json).unwrap()
    }

    fn legacy(enc: Option<&mut FakeEncryptor>) -> PersonalName<'_> {
        PersonalName::LegacyEncrypted(enc.map(|e| e as &mut dyn SensitiveEncryptor))
    }

    #[test]
    fn add_merchant_receiver_exact_body_no_serial() {
        let spec = add_receiver(
            input(r#"{"appid":"wx8888888888888888","type":"MERCHANT_ID","account":"190001001","name":"张三网络公司","relation_type":"SUPPLIER"}"#),
            PersonalName::Plain,
        )
        .unwrap();
        assert_eq!(spec.method, "POST");
        assert_eq!(spec.path_and_query, "/v3/ecommerce/profitsharing/receivers/add");
        assert_eq!(
            spec.body.as_deref(),
            Some(r#"{"appid":"wx8888888888888888","type":"MERCHANT_ID","account":"190001001","name":"张三网络公司","relation_type":"SUPPLIER"}"#)
        );
        assert!(spec.headers.is_empty());
    }

    #[test]
    fn add_merchant_receiver_without_appid_is_fine() {
        let spec = add_receiver(input(r#"{"type":"MERCHANT_ID","account":"190001001","name":"张三网络公司","relation_type":"PLATFORM"}"#), PersonalName::Plain)
            .unwrap();
        assert_eq!(spec.body.as_deref(), Some(r#"{"type":"MERCHANT_ID","account":"190001001","name":"张三网络公司","relation_type":"PLATFORM"}"#));
    }

    /// Row 1 of issue 12: doc/v3/partner/4012477758 (2025.09.29) sends a personal
    /// name plain in `name`, with no `encrypted_name` and no `Wechatpay-Serial`.
    #[test]
    fn add_personal_receiver_sends_name_plain_per_2025_page() {
        let spec = add_receiver(
            input(r#"{"appid":"wx8888888888888888","type":"PERSONAL_OPENID","account":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o","name":"张三","relation_type":"DISTRIBUTOR"}"#),
            PersonalName::Plain,
        )
        .unwrap();
        assert_eq!(
            spec.body.as_deref(),
            Some(
                r#"{"appid":"wx8888888888888888","type":"PERSONAL_OPENID","account":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o","name":"张三","relation_type":"DISTRIBUTOR"}"#
            )
        );
        assert!(spec.headers.is_empty(), "the 2025 page has no Wechatpay-Serial for this call");
    }

    #[test]
    fn add_current_shape_refuses_legacy_fields_and_never_echoes_the_name() {
        let err = add_receiver(
            input(&format!(
                r#"{{"appid":"wx1","type":"PERSONAL_OPENID","account":"o1","encrypted_name":"{}","relation_type":"OTHERS","wechatpay_serial":"PUB_KEY_ID_0114232134912410000000000000"}}"#,
                cipher()
            )),
            PersonalName::Plain,
        )
        .unwrap_err();
        assert_eq!(issue_codes(&err), vec![("encrypted_name", "legacy_field"), ("wechatpay_serial", "not_sent")]);
        assert!(err.to_string().contains("legacyEncryptedName"), "{err}");
        let secret = format!("王{}", "五".repeat(300));
        let err = add_receiver(
            input(&format!(r#"{{"appid":"wx1","type":"PERSONAL_OPENID","account":"o1","name":"{secret}","relation_type":"OTHERS"}}"#)),
            PersonalName::Plain,
        )
        .unwrap_err();
        assert_eq!(issue_codes(&err), vec![("name", "too_long")]);
        assert!(!err.to_string().contains('王') && !format!("{err:?}").contains('王'));
        let err = add_receiver(input(r#"{"appid":"wx1","type":"PERSONAL_OPENID","account":"o1","name":"","relation_type":"OTHERS"}"#), PersonalName::Plain)
            .unwrap_err();
        assert_eq!(issue_codes(&err), vec![("name", "empty")]);
    }

    #[test]
    fn add_personal_receiver_legacy_encrypts_name_and_sets_serial() {
        let mut enc = FakeEncryptor::new();
        let spec = add_receiver(
            input(r#"{"appid":"wx8888888888888888","type":"PERSONAL_OPENID","account":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o","name":"张三","relation_type":"DISTRIBUTOR"}"#),
            legacy(Some(&mut enc)),
        )
        .unwrap();
        assert_eq!(enc.calls, vec!["张三".to_owned()]);
        assert_eq!(
            spec.body.as_deref(),
            Some(
                r#"{"appid":"wx8888888888888888","type":"PERSONAL_OPENID","account":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o","encrypted_name":"ENC[5byg5LiJ]","relation_type":"DISTRIBUTOR"}"#
            )
        );
        assert_eq!(spec.headers, vec![("Wechatpay-Serial".to_owned(), "PUB_KEY_ID_0114232134912410000000000000".to_owned())]);
    }

    #[test]
    fn add_personal_receiver_without_name_needs_no_encryptor_or_serial() {
        let mut enc = FakeEncryptor::new();
        let spec = add_receiver(
            input(r#"{"appid":"wx8888888888888888","type":"PERSONAL_OPENID","account":"oUpF8u","relation_type":"OTHERS"}"#),
            legacy(Some(&mut enc)),
        )
        .unwrap();
        assert!(enc.calls.is_empty());
        assert!(spec.headers.is_empty());
        assert_eq!(spec.body.as_deref(), Some(r#"{"appid":"wx8888888888888888","type":"PERSONAL_OPENID","account":"oUpF8u","relation_type":"OTHERS"}"#));
    }

    #[test]
    fn add_personal_receiver_legacy_pre_encrypted_with_serial() {
        let c = cipher();
        let spec = add_receiver(
            input(&format!(
                r#"{{"appid":"wx1","type":"PERSONAL_OPENID","account":"o1","encrypted_name":"{c}","relation_type":"OTHERS","wechatpay_serial":"5157F09EFDC096DE15EBE81A47057A7232F1B8E1"}}"#
            )),
            legacy(None),
        )
        .unwrap();
        assert_eq!(spec.body, Some(format!(r#"{{"appid":"wx1","type":"PERSONAL_OPENID","account":"o1","encrypted_name":"{c}","relation_type":"OTHERS"}}"#)));
        assert_eq!(spec.headers, vec![("Wechatpay-Serial".to_owned(), "5157F09EFDC096DE15EBE81A47057A7232F1B8E1".to_owned())]);
    }

    #[test]
    fn add_legacy_plaintext_name_without_encryptor_is_refused() {
        let err =
            add_receiver(input(r#"{"appid":"wx1","type":"PERSONAL_OPENID","account":"o1","name":"张三","relation_type":"OTHERS"}"#), legacy(None)).unwrap_err();
        assert_eq!(issue_codes(&err), vec![("name", "encryptor_required")]);
    }

    #[test]
    fn add_receiver_reports_everything_at_once() {
        let err = add_receiver(
            input(r#"{"type":"PERSONAL_OPENID","account":"o 1","name":"张三😀","encrypted_name":"hu89ohu89ohu89o","relation_type":"FRIEND"}"#),
            legacy(None),
        )
        .unwrap_err();
        assert_eq!(err.code(), "ERR_WXPAY_VALIDATION");
        assert_eq!(
            issue_codes(&err),
            vec![
                ("appid", "required"),
                ("account", "charset"),
                ("name", "charset"),
                ("name", "encryptor_required"),
                ("encrypted_name", "not_ciphertext"),
                ("encrypted_name", "conflict"),
                ("relation_type", "invalid_enum"),
                ("wechatpay_serial", "serial_required"),
            ]
        );
    }

    #[test]
    fn add_merchant_receiver_rules() {
        let err = add_receiver(
            input(&format!(r#"{{"type":"MERCHANT_ID","account":"oUpF8u","encrypted_name":"{}","relation_type":"SUPPLIER"}}"#, cipher())),
            PersonalName::Plain,
        )
        .unwrap_err();
        assert_eq!(issue_codes(&err), vec![("account", "charset"), ("name", "required"), ("encrypted_name", "not_allowed")]);
        let err = add_receiver(input(r#"{"type":"merchant","account":"1","relation_type":""}"#), PersonalName::Plain).unwrap_err();
        assert_eq!(issue_codes(&err), vec![("type", "invalid_enum"), ("relation_type", "required")]);
        let long = "公".repeat(257);
        let err = add_receiver(input(&format!(r#"{{"type":"MERCHANT_ID","account":"1","name":"{long}","relation_type":"SUPPLIER"}}"#)), PersonalName::Plain)
            .unwrap_err();
        assert_eq!(issue_codes(&err), vec![("name", "too_long")]);
    }

    #[test]
    fn add_serial_mismatch_and_too_long_plaintext() {
        let mut enc = FakeEncryptor::new();
        let err = add_receiver(
            input(&format!(
                r#"{{"appid":"wx1","type":"PERSONAL_OPENID","account":"o1","name":"{}","relation_type":"OTHERS","wechatpay_serial":"OTHER"}}"#,
                "a".repeat(215)
            )),
            legacy(Some(&mut enc)),
        )
        .unwrap_err();
        assert_eq!(issue_codes(&err), vec![("name", "too_long"), ("wechatpay_serial", "serial_mismatch")]);
        assert!(enc.calls.is_empty(), "nothing is encrypted when validation fails");
    }

    #[test]
    fn add_encryptor_failure_propagates() {
        let mut enc = FakeEncryptor::new();
        enc.fail = true;
        let err =
            add_receiver(input(r#"{"appid":"wx1","type":"PERSONAL_OPENID","account":"o1","name":"张三","relation_type":"OTHERS"}"#), legacy(Some(&mut enc)))
                .unwrap_err();
        assert_eq!(err.code(), "ERR_WXPAY_KEY_INVALID");
    }

    #[test]
    fn add_input_rejects_unknown_fields() {
        assert!(serde_json::from_str::<AddReceiverInput>(r#"{"type":"MERCHANT_ID","sub_mchid":"1"}"#).is_err());
    }

    /// Row 12 of issue 12: a field WeChat adds later passes through `extra`;
    /// a known field in `extra` is refused, a typo at the top level stays an error.
    #[test]
    fn add_extra_fields_pass_through_but_never_shadow() {
        let spec = add_receiver(
            input(r#"{"type":"MERCHANT_ID","account":"190001001","name":"张三网络公司","relation_type":"SUPPLIER","extra":{"new_flag":true}}"#),
            PersonalName::Plain,
        )
        .unwrap();
        assert_eq!(
            spec.body.as_deref(),
            Some(r#"{"type":"MERCHANT_ID","account":"190001001","name":"张三网络公司","relation_type":"SUPPLIER","new_flag":true}"#)
        );
        let err = add_receiver(
            input(r#"{"type":"MERCHANT_ID","account":"190001001","name":"甲","relation_type":"SUPPLIER","extra":{"name":"乙","wechatpay_serial":"X"}}"#),
            PersonalName::Plain,
        )
        .unwrap_err();
        assert_eq!(issue_codes(&err), vec![("extra.name", "shadows_known_field"), ("extra.wechatpay_serial", "shadows_known_field")]);
    }

    #[test]
    fn delete_exact_body_and_rules() {
        let spec = delete_receiver(serde_json::from_str(r#"{"appid":"wx8888888888888888","type":"MERCHANT_ID","account":"190001001"}"#).unwrap()).unwrap();
        assert_eq!(spec.method, "POST");
        assert_eq!(spec.path_and_query, "/v3/ecommerce/profitsharing/receivers/delete");
        assert_eq!(spec.body.as_deref(), Some(r#"{"appid":"wx8888888888888888","type":"MERCHANT_ID","account":"190001001"}"#));
        assert!(spec.headers.is_empty());
        let err = delete_receiver(DeleteReceiverInput { r#type: Some("PERSONAL_SUB_OPENID".into()), ..Default::default() }).unwrap_err();
        assert_eq!(issue_codes(&err), vec![("appid", "required"), ("type", "invalid_enum"), ("account", "required")]);
    }

    #[test]
    fn receiver_responses_keep_unknowns() {
        let r = parse_add_receiver_response(r#"{"type":"MERCHANT_ID","account":"190001001","new_field":1}"#).unwrap();
        assert_eq!(r.r#type, ReceiverType::MerchantId);
        assert_eq!(r.extra.get("new_field"), Some(&serde_json::json!(1)));
        assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"type":"MERCHANT_ID","account":"190001001","new_field":1}"#);
        let r = parse_delete_receiver_response(r#"{"type":"PERSONAL_SUB_OPENID","account":"o1"}"#).unwrap();
        assert_eq!(r.r#type, ReceiverType::Other("PERSONAL_SUB_OPENID".into()));
        let err = parse_delete_receiver_response(r#"{"type":"MERCHANT_ID"}"#).unwrap_err();
        assert_eq!(err.code(), "ERR_WXPAY_PAYLOAD_INVALID");
    }
}
