//! Request a split: `POST /v3/ecommerce/profitsharing/orders` (spec B.3).

use serde::{Deserialize, Serialize};

use super::checks::{self, s};
use super::fen::Fen;
use super::types::ReceiverType;
use super::PATH_ORDERS;
use crate::api::extra_fields;
use crate::api::validate::Issues;
use crate::api::{to_json_with_extra, ExtraFields, RequestSpec, SensitiveEncryptor};
use crate::split::plan::{check_receivers, ReceiverRef};
use crate::split::Policy;

/// The documented request body, plus `wechatpay_serial`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateOrderInput {
    /// Required when any receiver is `PERSONAL_OPENID`.
    pub appid: Option<String>,
    pub sub_mchid: Option<String>,
    pub transaction_id: Option<String>,
    pub out_order_no: Option<String>,
    pub receivers: Option<Vec<CreateOrderReceiverInput>>,
    /// true: unfreeze the rest to sub_mchid after this split.
    pub finish: Option<bool>,
    /// Only in the official Java SDK model (unconfirmed, spec B.3); sent only when given.
    pub notify_url: Option<String>,
    /// Not a body field: `Wechatpay-Serial` when no encryptor is given (the
    /// header is required for this call even when nothing is encrypted).
    pub wechatpay_serial: Option<String>,
    /// Body fields this version does not know yet, merged into the body.
    pub extra: Option<ExtraFields>,
}

/// One receiver as documented, except that `receiver_name` is the **plaintext**
/// name (we encrypt it) and `receiver_name_encrypted` carries a name the caller
/// encrypted already.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateOrderReceiverInput {
    pub r#type: Option<String>,
    pub receiver_account: Option<String>,
    /// Legacy spelling of a merchant account (seed samples). Used as
    /// `receiver_account` when that is absent; never sent.
    pub receiver_mchid: Option<String>,
    pub amount: Option<Fen>,
    pub description: Option<String>,
    /// PERSONAL_OPENID only: the plaintext name, RSA-encrypted for you (needs `keys`).
    pub receiver_name: Option<String>,
    /// PERSONAL_OPENID only: a name you encrypted already (then give `wechatpay_serial`).
    pub receiver_name_encrypted: Option<String>,
}

#[derive(Serialize)]
struct CreateOrderBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    appid: Option<&'a str>,
    sub_mchid: &'a str,
    transaction_id: &'a str,
    out_order_no: &'a str,
    receivers: Vec<ReceiverBody<'a>>,
    finish: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    notify_url: Option<&'a str>,
}

#[derive(Serialize)]
struct ReceiverBody<'a> {
    r#type: &'a str,
    receiver_account: &'a str,
    amount: u64,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    receiver_name: Option<String>,
}

/// What validation learnt about one receiver, kept for building the body.
struct Checked<'a> {
    receiver_type: Option<ReceiverType>,
    account: Option<&'a str>,
    /// The amount when it is a whole number of fen, 0 included (the split checks refuse 0).
    amount: Option<u64>,
}

/// `POST /v3/ecommerce/profitsharing/orders`.
///
/// Plaintext `receiver_name`s are RSA-encrypted with `encryptor`, whose serial
/// becomes `Wechatpay-Serial`; without an encryptor the header comes from
/// `wechatpay_serial` and plaintext names are refused. Receivers per request
/// are capped by `policy.max_receivers_per_request`.
pub fn create_order(input: CreateOrderInput, mut encryptor: Option<&mut dyn SensitiveEncryptor>, policy: &Policy) -> crate::Result<RequestSpec> {
    let mut issues = Issues::new();
    let receivers = input.receivers.as_deref().unwrap_or_default();
    let any_personal = receivers.iter().any(|r| r.r#type.as_deref() == Some(ReceiverType::PersonalOpenid.as_str()));

    checks::appid(&mut issues, "appid", input.appid.as_deref(), any_personal.then_some("when a receiver is PERSONAL_OPENID"));
    checks::mchid(&mut issues, "sub_mchid", input.sub_mchid.as_deref(), 32);
    checks::transaction_id(&mut issues, "transaction_id", input.transaction_id.as_deref());
    checks::out_no(&mut issues, "out_order_no", input.out_order_no.as_deref());

    if input.receivers.is_none() {
        issues.push("receivers", "required", "is required");
    }
    let has_encryptor = encryptor.is_some();
    let mut checked = Vec::with_capacity(receivers.len());
    for (i, r) in receivers.iter().enumerate() {
        let c = check_receiver(&mut issues, i, r, has_encryptor);
        // The official Java SDK: with finish=true only the platform may receive;
        // paying the payer itself is what finish does anyway (spec E.5).
        if input.finish == Some(true) && c.receiver_type == Some(ReceiverType::MerchantId) && c.account.is_some() && c.account == input.sub_mchid.as_deref() {
            issues.push(
                format!("receivers[{i}].receiver_account"),
                "payer_receiver_with_finish",
                "is the paying sub_mchid while finish is true; finish already unfreezes the rest to it",
            );
        }
        checked.push(c);
    }
    // Count (policy.maxReceiversPerRequest; WeChat's own cap is 50, doc/v3/partner/4012691594,
    // 2025.09.29), duplicates and 0-fen amounts: the split plan's own checks, so the builder
    // and split.checkPlan give one code per mistake.
    if input.receivers.is_some() {
        let refs: Vec<ReceiverRef<'_>> =
            checked.iter().map(|c| ReceiverRef { receiver_type: c.receiver_type.as_ref(), account: c.account, amount: c.amount }).collect();
        for v in check_receivers(&refs, policy, "receivers") {
            issues.add(v);
        }
    }
    if input.finish.is_none() {
        issues.push("finish", "required", "is required (true: unfreeze the rest to sub_mchid after this split)");
    }
    checks::notify_url(&mut issues, "notify_url", input.notify_url.as_deref());
    let enc_serial = encryptor.as_deref().map(|e| e.serial().to_owned());
    let serial = checks::header_serial(
        &mut issues,
        enc_serial.as_deref(),
        input.wechatpay_serial.as_deref(),
        Some("for a split request (Wechatpay-Serial is a required header)"),
    );
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<CreateOrderInput>);
    issues.finish()?;

    let mut bodies = Vec::with_capacity(receivers.len());
    for (r, c) in receivers.iter().zip(checked) {
        let (Some(account), Some(amount)) = (c.account, c.amount) else {
            return Err(crate::Error::Internal("receiver passed validation without account or amount".into()));
        };
        let receiver_name = match (r.receiver_name.as_deref(), &r.receiver_name_encrypted) {
            (Some(plain), _) => Some(checks::encrypt(&mut encryptor, plain)?),
            (None, cipher) => cipher.clone(),
        };
        bodies.push(ReceiverBody { r#type: s(&r.r#type), receiver_account: account, amount, description: s(&r.description), receiver_name });
    }
    let body = to_json_with_extra(
        &CreateOrderBody {
            appid: input.appid.as_deref(),
            sub_mchid: s(&input.sub_mchid),
            transaction_id: s(&input.transaction_id),
            out_order_no: s(&input.out_order_no),
            receivers: bodies,
            finish: input.finish.unwrap_or_default(),
            notify_url: input.notify_url.as_deref(),
        },
        extra,
    )?;
    let spec = RequestSpec::post(PATH_ORDERS.to_owned(), body);
    Ok(match serial {
        Some(serial) => spec.with_header("Wechatpay-Serial", &serial),
        None => spec,
    })
}

/// Checks one receiver, pushing its issues.
fn check_receiver<'a>(issues: &mut Issues, i: usize, r: &'a CreateOrderReceiverInput, has_encryptor: bool) -> Checked<'a> {
    // One format per receiver; each field's path is the prefix plus its name (formatting every
    // path through core::fmt, issue or not, was a tenth of a createOrder call).
    let prefix = format!("receivers[{i}].");
    let p = |field: &str| {
        let mut path = String::with_capacity(prefix.len() + field.len());
        path.push_str(&prefix);
        path.push_str(field);
        path
    };
    let ty = checks::receiver_type(issues, &p("type"), r.r#type.as_deref());
    let personal = ty == Some(ReceiverType::PersonalOpenid);
    let known = ty.is_some();

    let account = match (r.receiver_account.as_deref(), r.receiver_mchid.as_deref()) {
        (None, Some(legacy)) => {
            checks::mchid(issues, &p("receiver_mchid"), Some(legacy), 32);
            Some(legacy)
        }
        (given, legacy) => {
            checks::receiver_account(issues, &p("receiver_account"), given, ty.as_ref());
            if let (Some(a), Some(m)) = (given, legacy) {
                if a != m {
                    issues.push(p("receiver_mchid"), "conflict", "differs from receiver_account; send receiver_account only");
                }
            }
            given
        }
    };
    if personal && r.receiver_mchid.is_some() {
        issues.push(p("receiver_mchid"), "not_allowed", "is a merchant number; a PERSONAL_OPENID receiver uses receiver_account");
    }

    let amount = match &r.amount {
        None => {
            issues.push(p("amount"), "required", "is required (integer fen)");
            None
        }
        Some(a) => a.check(&p("amount"), issues),
    };
    checks::description(issues, &p("description"), r.description.as_deref());

    let plain = r.receiver_name.as_deref();
    let cipher = r.receiver_name_encrypted.as_deref();
    if personal {
        if let Some(name) = plain {
            checks::plaintext_name(issues, &p("receiver_name"), name, "receiver_name_encrypted");
            if !has_encryptor {
                issues.push(
                    p("receiver_name"),
                    "encryptor_required",
                    "a personal name is sent RSA-encrypted; give an encryptor (or pass receiver_name_encrypted and wechatpay_serial)",
                );
            }
        }
        if let Some(c) = cipher {
            checks::ciphertext(issues, &p("receiver_name_encrypted"), c);
            if plain.is_some() {
                issues.push(p("receiver_name_encrypted"), "conflict", "give either receiver_name (plaintext) or receiver_name_encrypted, not both");
            }
        }
    } else if known {
        // The official sample (spec E.5) puts a placeholder name on a MERCHANT_ID receiver.
        for (field, v) in [("receiver_name", plain), ("receiver_name_encrypted", cipher)] {
            if v.is_some() {
                issues.push(p(field), "not_allowed", "is only for PERSONAL_OPENID receivers");
            }
        }
    }
    Checked { receiver_type: ty, account, amount }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::profitsharing::checks::fake::{cipher, FakeEncryptor};
    use crate::api::profitsharing::test_util::issue_codes;

    const SERIAL: &str = "PUB_KEY_ID_0114232134912410000000000000";

    fn input(json: &str) -> CreateOrderInput {
        serde_json::from_str(json).unwrap()
    }

    fn build(json: &str, enc: Option<&mut FakeEncryptor>) -> crate::Result<RequestSpec> {
        create_order(input(json), enc.map(|e| e as &mut dyn SensitiveEncryptor), &Policy::default())
    }

    fn codes(json: &str) -> Vec<(String, &'static str)> {
        let mut enc = FakeEncryptor::new();
        issue_codes(&build(json, Some(&mut enc)).unwrap_err()).into_iter().map(|(p, c)| (p.to_owned(), c)).collect()
    }

    #[test]
    fn merchant_split_exact_body_and_serial() {
        let mut enc = FakeEncryptor::new();
        let spec = build(
            r#"{"sub_mchid":"1900000109","transaction_id":"4208450740201411110007820472","out_order_no":"P20150806125346",
                "receivers":[{"type":"MERCHANT_ID","receiver_account":"1900000110","amount":100,"description":"分给商户1900000110"}],
                "finish":false}"#,
            Some(&mut enc),
        )
        .unwrap();
        assert_eq!(spec.method, "POST");
        assert_eq!(spec.path_and_query, "/v3/ecommerce/profitsharing/orders");
        assert_eq!(
            spec.body.as_deref(),
            Some(
                r#"{"sub_mchid":"1900000109","transaction_id":"4208450740201411110007820472","out_order_no":"P20150806125346","receivers":[{"type":"MERCHANT_ID","receiver_account":"1900000110","amount":100,"description":"分给商户1900000110"}],"finish":false}"#
            )
        );
        assert_eq!(spec.headers, vec![("Wechatpay-Serial".to_owned(), SERIAL.to_owned())]);
        assert!(enc.calls.is_empty());
    }

    #[test]
    fn personal_receiver_name_is_encrypted() {
        let mut enc = FakeEncryptor::new();
        let spec = build(
            r#"{"appid":"wx8888888888888888","sub_mchid":"1900000109","transaction_id":"4208450740201411110007820472","out_order_no":"P-1|a*b@c_d",
                "receivers":[
                  {"type":"MERCHANT_ID","receiver_account":"1900000110","amount":5,"description":"平台佣金"},
                  {"type":"PERSONAL_OPENID","receiver_account":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o","amount":7,"description":"推广奖励","receiver_name":"张三"}],
                "finish":true,"notify_url":"https://example.com/ps"}"#,
            Some(&mut enc),
        )
        .unwrap();
        assert_eq!(enc.calls, vec!["张三".to_owned()]);
        assert_eq!(
            spec.body.as_deref(),
            Some(concat!(
                r#"{"appid":"wx8888888888888888","sub_mchid":"1900000109","transaction_id":"4208450740201411110007820472","out_order_no":"P-1|a*b@c_d","receivers":["#,
                r#"{"type":"MERCHANT_ID","receiver_account":"1900000110","amount":5,"description":"平台佣金"},"#,
                r#"{"type":"PERSONAL_OPENID","receiver_account":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o","amount":7,"description":"推广奖励","receiver_name":"ENC[5byg5LiJ]"}],"#,
                r#""finish":true,"notify_url":"https://example.com/ps"}"#
            ))
        );
        assert_eq!(spec.headers, vec![("Wechatpay-Serial".to_owned(), SERIAL.to_owned())]);
    }

    #[test]
    fn pre_encrypted_name_with_caller_serial_and_no_encryptor() {
        let c = cipher();
        let spec = create_order(
            input(&format!(
                r#"{{"appid":"wx1","sub_mchid":"1900000109","transaction_id":"42","out_order_no":"P1",
                    "receivers":[{{"type":"PERSONAL_OPENID","receiver_account":"o1","amount":1,"description":"d","receiver_name_encrypted":"{c}"}}],
                    "finish":false,"wechatpay_serial":"5157F09EFDC096DE15EBE81A47057A7232F1B8E1"}}"#
            )),
            None,
            &Policy::default(),
        )
        .unwrap();
        assert_eq!(
            spec.body,
            Some(format!(
                r#"{{"appid":"wx1","sub_mchid":"1900000109","transaction_id":"42","out_order_no":"P1","receivers":[{{"type":"PERSONAL_OPENID","receiver_account":"o1","amount":1,"description":"d","receiver_name":"{c}"}}],"finish":false}}"#
            ))
        );
        assert_eq!(spec.headers, vec![("Wechatpay-Serial".to_owned(), "5157F09EFDC096DE15EBE81A47057A7232F1B8E1".to_owned())]);
    }

    #[test]
    fn legacy_receiver_mchid_becomes_receiver_account() {
        let mut enc = FakeEncryptor::new();
        let spec = build(
            r#"{"sub_mchid":"1900000109","transaction_id":"42","out_order_no":"P1",
                "receivers":[{"type":"MERCHANT_ID","receiver_mchid":"1900000110","amount":100,"description":"d"},
                             {"type":"MERCHANT_ID","receiver_account":"1900000111","receiver_mchid":"1900000111","amount":1,"description":"e"}],
                "finish":false}"#,
            Some(&mut enc),
        )
        .unwrap();
        assert_eq!(
            spec.body.as_deref(),
            Some(
                r#"{"sub_mchid":"1900000109","transaction_id":"42","out_order_no":"P1","receivers":[{"type":"MERCHANT_ID","receiver_account":"1900000110","amount":100,"description":"d"},{"type":"MERCHANT_ID","receiver_account":"1900000111","amount":1,"description":"e"}],"finish":false}"#
            )
        );
    }

    #[test]
    fn official_sample_e5_is_flagged() {
        // Spec E.5: MERCHANT_ID receiver with a placeholder receiver_name, the
        // receiver is the paying sub_mchid, and finish is true.
        let got = codes(
            r#"{"sub_mchid":"1900000109","transaction_id":"4208450740201411110007820472","out_order_no":"P20150806125346",
                "receivers":[{"type":"MERCHANT_ID","receiver_account":"1900000109","amount":100,"description":"分给商户1900000109","receiver_name":"hu89ohu89ohu89o"}],
                "finish":true}"#,
        );
        assert_eq!(
            got,
            vec![("receivers[0].receiver_name".to_owned(), "not_allowed"), ("receivers[0].receiver_account".to_owned(), "payer_receiver_with_finish"),]
        );
    }

    #[test]
    fn seed_sample_without_type_is_flagged() {
        // The 2020 blog sample (seed 002) sends receiver_mchid without type.
        let got = codes(
            r#"{"appid":"wx1","sub_mchid":"1595728911","transaction_id":"4325300104202005287616306099","out_order_no":"20200528807139","finish":true,
                "receivers":[{"receiver_mchid":"1586786671","amount":2,"description":"电商平台手续费+推广员收益代收"}]}"#,
        );
        assert_eq!(got, vec![("receivers[0].type".to_owned(), "required")]);
    }

    #[test]
    fn every_issue_at_once_with_paths() {
        let got = codes(
            r#"{"sub_mchid":"19000001O9","transaction_id":"","out_order_no":"P#1",
                "receivers":[
                  {"type":"MERCHANT_ID","receiver_account":"1900000110","amount":1.5,"description":"ok"},
                  {"type":"PERSONAL_OPENID","receiver_account":"o1","amount":0,"description":"","receiver_name":"张三","receiver_name_encrypted":"x"},
                  {"type":"MERCHANT","receiver_account":"1","amount":"100","description":"d😀"},
                  {"type":"MERCHANT_ID","receiver_account":"1900000110","amount":-3,"description":"again"},
                  {"type":"MERCHANT_ID","receiver_account":"1900000112","receiver_mchid":"1900000113","description":"x"}]}"#,
        );
        let want: Vec<(&str, &str)> = vec![
            ("appid", "required"),
            ("sub_mchid", "charset"),
            ("transaction_id", "required"),
            ("out_order_no", "charset"),
            ("receivers[0].amount", "not_integer"),
            ("receivers[1].description", "required"),
            ("receivers[1].receiver_name_encrypted", "not_ciphertext"),
            ("receivers[1].receiver_name_encrypted", "conflict"),
            ("receivers[2].type", "invalid_enum"),
            ("receivers[2].amount", "type"),
            ("receivers[2].description", "charset"),
            ("receivers[3].amount", "negative"),
            ("receivers[4].receiver_mchid", "conflict"),
            ("receivers[4].amount", "required"),
            // The split plan's receiver checks, after every field check.
            ("receivers[1].amount", "not_positive"),
            ("receivers[3]", "duplicate_receiver"),
            ("finish", "required"),
        ];
        let got: Vec<(&str, &str)> = got.iter().map(|(p, c)| (p.as_str(), *c)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn receivers_required_non_empty_and_capped_by_policy() {
        let base = r#""sub_mchid":"1900000109","transaction_id":"42","out_order_no":"P1","finish":false"#;
        assert_eq!(codes(&format!("{{{base}}}")), vec![("receivers".to_owned(), "required")]);
        assert_eq!(codes(&format!(r#"{{{base},"receivers":[]}}"#)), vec![("receivers".to_owned(), "no_receivers")]);
        let six: Vec<String> = (0..6).map(|i| format!(r#"{{"type":"MERCHANT_ID","receiver_account":"190000011{i}","amount":1,"description":"d"}}"#)).collect();
        let json = format!(r#"{{{base},"receivers":[{}]}}"#, six.join(","));
        assert_eq!(codes(&json), vec![("receivers".to_owned(), "too_many_receivers")]);
        let mut enc = FakeEncryptor::new();
        let wide = Policy::official_2025();
        assert!(create_order(input(&json), Some(&mut enc), &wide).is_ok());
    }

    #[test]
    fn builder_and_split_plan_give_one_code_per_mistake() {
        use crate::split::{check_plan, Order, SplitReceiver, SplitRequest};
        let base = r#""sub_mchid":"1900000109","transaction_id":"42","out_order_no":"P1","finish":false"#;
        let wire = |list: &[(&str, u64)]| {
            let r: Vec<String> =
                list.iter().map(|(a, n)| format!(r#"{{"type":"MERCHANT_ID","receiver_account":"{a}","amount":{n},"description":"d"}}"#)).collect();
            format!(r#"{{{base},"receivers":[{}]}}"#, r.join(","))
        };
        let plan = |list: &[(&str, u64)]| {
            let receivers = list.iter().map(|(a, n)| SplitReceiver { receiver_type: ReceiverType::MerchantId, account: (*a).to_owned(), amount: *n }).collect();
            let order = Order { amount: 100_000, fee: None, splittable: None, already_split: 0, split_count: 0, finished: false };
            check_plan(&order, &SplitRequest { out_order_no: None, receivers, finish: false }, &Policy::default())
                .violations
                .into_iter()
                .map(|v| (v.path, v.code))
                .collect::<Vec<_>>()
        };
        let six: Vec<(String, u64)> = (0..6).map(|i| (format!("190000011{i}"), 1)).collect();
        let six: Vec<(&str, u64)> = six.iter().map(|(a, n)| (a.as_str(), *n)).collect();
        for (list, want) in [
            (vec![("1900000110", 0)], vec![("receivers[0].amount", "not_positive")]),
            (six, vec![("receivers", "too_many_receivers")]),
            (vec![("1900000110", 1), ("1900000110", 2)], vec![("receivers[1]", "duplicate_receiver")]),
        ] {
            let want: Vec<(String, &str)> = want.into_iter().map(|(p, c)| (p.to_owned(), c)).collect();
            assert_eq!(codes(&wire(&list)), want, "builder");
            assert_eq!(plan(&list), want, "split plan");
        }
        // A receiver type neither knows: one code too.
        let odd = wire(&[("1900000110", 1)]).replace("MERCHANT_ID", "PERSONAL_SUB_OPENID");
        assert_eq!(codes(&odd), vec![("receivers[0].type".to_owned(), "invalid_enum")]);
        let r: SplitRequest = serde_json::from_str(r#"{"receivers":[{"type":"PERSONAL_SUB_OPENID","account":"o1","amount":1}]}"#).unwrap();
        let order = Order { amount: 100, fee: None, splittable: None, already_split: 0, split_count: 0, finished: false };
        let got: Vec<_> = check_plan(&order, &r, &Policy::default()).violations.into_iter().map(|v| (v.path, v.code)).collect();
        assert_eq!(got, vec![("receivers[0].type".to_owned(), "invalid_enum")]);
    }

    #[test]
    fn plaintext_name_without_encryptor_is_never_sent() {
        let err = create_order(
            input(
                r#"{"appid":"wx1","sub_mchid":"1900000109","transaction_id":"42","out_order_no":"P1","finish":false,"wechatpay_serial":"ABC",
                    "receivers":[{"type":"PERSONAL_OPENID","receiver_account":"o1","amount":1,"description":"d","receiver_name":"张三"}]}"#,
            ),
            None,
            &Policy::default(),
        )
        .unwrap_err();
        assert_eq!(issue_codes(&err), vec![("receivers[0].receiver_name", "encryptor_required")]);
    }

    #[test]
    fn serial_required_and_mismatch() {
        let json = r#"{"sub_mchid":"1900000109","transaction_id":"42","out_order_no":"P1","finish":false,
                       "receivers":[{"type":"MERCHANT_ID","receiver_account":"1900000110","amount":1,"description":"d"}]}"#;
        let err = create_order(input(json), None, &Policy::default()).unwrap_err();
        assert_eq!(issue_codes(&err), vec![("wechatpay_serial", "serial_required")]);
        let with_serial = json.replacen('{', r#"{"wechatpay_serial":"OTHER","#, 1);
        let mut enc = FakeEncryptor::new();
        let err = create_order(input(&with_serial), Some(&mut enc), &Policy::default()).unwrap_err();
        assert_eq!(issue_codes(&err), vec![("wechatpay_serial", "serial_mismatch")]);
        let spec = create_order(input(&with_serial), None, &Policy::default()).unwrap();
        assert_eq!(spec.headers, vec![("Wechatpay-Serial".to_owned(), "OTHER".to_owned())]);
    }

    #[test]
    fn personal_rules() {
        let got = codes(
            r#"{"appid":"wx1","sub_mchid":"1900000109","transaction_id":"42","out_order_no":"P1","finish":false,
                "receivers":[{"type":"PERSONAL_OPENID","receiver_account":"o 1","receiver_mchid":"1900000110","amount":1,"description":"d"},
                             {"type":"MERCHANT_ID","receiver_account":"oXYZ","amount":1,"description":"d","receiver_name_encrypted":"abc"}]}"#,
        );
        let got: Vec<(&str, &str)> = got.iter().map(|(p, c)| (p.as_str(), *c)).collect();
        assert_eq!(
            got,
            vec![
                ("receivers[0].receiver_account", "charset"),
                ("receivers[0].receiver_mchid", "conflict"),
                ("receivers[0].receiver_mchid", "not_allowed"),
                ("receivers[1].receiver_account", "charset"),
                ("receivers[1].receiver_name_encrypted", "not_allowed"),
            ]
        );
    }

    #[test]
    fn lengths_and_notify_url() {
        let got = codes(&format!(
            r#"{{"appid":"{}","sub_mchid":"1900000109","transaction_id":"{}","out_order_no":"{}","finish":false,"notify_url":"http://x/y",
                "receivers":[{{"type":"MERCHANT_ID","receiver_account":"1900000110","amount":1,"description":"{}"}}]}}"#,
            "w".repeat(33),
            "4".repeat(33),
            "P".repeat(65),
            "分".repeat(81)
        ));
        let got: Vec<(&str, &str)> = got.iter().map(|(p, c)| (p.as_str(), *c)).collect();
        assert_eq!(
            got,
            vec![
                ("appid", "too_long"),
                ("transaction_id", "too_long"),
                ("out_order_no", "too_long"),
                ("receivers[0].description", "too_long"),
                ("notify_url", "invalid_url"),
            ]
        );
    }

    #[test]
    fn input_is_strict_about_unknown_fields() {
        assert!(serde_json::from_str::<CreateOrderInput>(r#"{"unfreeze_unsplit":true}"#).is_err());
        assert!(serde_json::from_str::<CreateOrderReceiverInput>(r#"{"account":"1"}"#).is_err());
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use crate::api::profitsharing::checks::fake::FakeEncryptor;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = Option<String>> {
        prop_oneof![
            Just(None),
            Just(Some(String::new())),
            "[0-9]{1,12}".prop_map(Some),
            "[A-Za-z0-9_|*@-]{1,70}".prop_map(Some),
            any::<String>().prop_map(Some),
        ]
    }

    fn amount() -> impl Strategy<Value = Option<Fen>> {
        prop_oneof![
            Just(None),
            any::<u64>().prop_map(|v| Some(Fen::from(v))),
            any::<i64>().prop_map(|v| serde_json::from_str(&v.to_string()).ok()),
            any::<f64>().prop_map(|v| serde_json::from_str(&v.to_string()).ok()),
            any::<String>().prop_map(|v| serde_json::from_value(serde_json::Value::String(v)).ok()),
        ]
    }

    fn receiver() -> impl Strategy<Value = CreateOrderReceiverInput> {
        let ty = prop_oneof![Just(None), Just(Some("MERCHANT_ID".to_owned())), Just(Some("PERSONAL_OPENID".to_owned())), text()];
        (ty, text(), text(), amount(), text(), text(), text()).prop_map(
            |(r#type, receiver_account, receiver_mchid, amount, description, receiver_name, receiver_name_encrypted)| CreateOrderReceiverInput {
                r#type,
                receiver_account,
                receiver_mchid,
                amount,
                description,
                receiver_name,
                receiver_name_encrypted,
            },
        )
    }

    proptest! {
        /// Any input yields a spec or a validation error; a spec's body is JSON
        /// without `null`, and every receiver amount in it is a positive integer.
        #[test]
        fn never_panics_and_bodies_are_clean(
            appid in text(), sub_mchid in text(), transaction_id in text(), out_order_no in text(),
            receivers in proptest::option::of(proptest::collection::vec(receiver(), 0..7)),
            finish in proptest::option::of(any::<bool>()), serial in text(), with_encryptor in any::<bool>(),
        ) {
            let input = CreateOrderInput { appid, sub_mchid, transaction_id, out_order_no, receivers, finish, notify_url: None, extra: None, wechatpay_serial: serial };
            let mut enc = FakeEncryptor::new();
            let enc: Option<&mut dyn SensitiveEncryptor> = if with_encryptor { Some(&mut enc) } else { None };
            match create_order(input, enc, &Policy::default()) {
                Ok(spec) => {
                    let body = spec.body.unwrap_or_default();
                    prop_assert!(!body.contains("null"));
                    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
                    for r in v["receivers"].as_array().unwrap() {
                        prop_assert!(r["amount"].as_u64().is_some_and(|a| a > 0));
                    }
                    prop_assert_eq!(spec.headers.len(), 1);
                }
                Err(crate::Error::Validation(issues)) => prop_assert!(!issues.is_empty()),
                Err(other) => prop_assert!(false, "unexpected error {other:?}"),
            }
        }
    }
}
