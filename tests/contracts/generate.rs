//! The contract files of the npm package, generated from the core (issue 14 item 4).
//!
//! Shared by `examples/gen-contracts.rs` (writes them: `cargo run --example gen-contracts`)
//! and `tests/contracts.rs` (fails when the committed files differ). No dependency beyond
//! the crate itself and serde_json: values come from the core's constants and types;
//! lists the core keeps as `match` arms (error codes, violation codes) or as call sites
//! (builder issue codes) are read from its source, and checked against the core where the
//! core can answer (every violation code parses back through `ViolationCode::parse`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use wechatpay_edge::api::extra_fields::known;
use wechatpay_edge::api::profitsharing as ps;
use wechatpay_edge::api::payscore as pay;
use wechatpay_edge::{sign, split, verify};

/// Where the generated files live, relative to the repository root.
pub const OUT_DIR: &str = "pkg-template/generated";
/// The command that rewrites them.
pub const COMMAND: &str = "cargo run --example gen-contracts";

const HEADER: &str = "Generated from the Rust core by `cargo run --example gen-contracts` (tests/contracts/generate.rs). Do not edit: change the core and regenerate; `cargo test --test contracts` fails while this file differs.";

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_src(rel: &str) -> String {
    std::fs::read_to_string(repo_root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every file the generator writes: (file name inside [`OUT_DIR`], contents).
pub fn generate() -> Vec<(&'static str, String)> {
    let c = Constants::collect();
    vec![("constants.js", c.js()), ("constants.d.ts", c.dts()), ("inputs.d.ts", inputs_dts())]
}

/// Writes [`generate`] into `dir` (created when missing).
pub fn write_all(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (name, text) in generate() {
        let path = dir.join(name);
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

// ---- constants ------------------------------------------------------------------------

struct Constants {
    error_codes: Vec<String>,
    violation_codes: Vec<String>,
    issue_codes: Vec<String>,
    default_policy: serde_json::Value,
    official_policy: serde_json::Value,
    limits: Vec<(&'static str, u64)>,
    header_names: Vec<String>,
    tolerance_sec: u32,
    receiver_types: Vec<String>,
    scheme: &'static str,
    probe_prefix: &'static str,
    client: serde_json::Value,
}

/// Every quoted string after `=> ` on a line of `text` that matches `keep`.
fn match_arm_strings(text: &str, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        if let Some(at) = line.find("=> \"") {
            let rest = &line[at + 4..];
            if let Some(end) = rest.find('"') {
                let s = &rest[..end];
                if keep(s) && !out.iter().any(|o| o == s) {
                    out.push(s.to_owned());
                }
            }
        }
    }
    out
}

/// The string literal passed as the second argument of `Issue::new(` and `Issues::push(` call
/// sites in `text` (the builders' issue codes), when it is a snake_case code.
fn second_arg_codes(text: &str, out: &mut BTreeSet<String>) {
    for needle in ["Issue::new(", ".push("] {
        let mut from = 0;
        while let Some(at) = text[from..].find(needle) {
            let start = from + at + needle.len();
            from = start;
            // Skip the first argument: to the first comma at depth 0, outside string literals.
            let bytes = text.as_bytes();
            let (mut i, mut depth, mut in_str) = (start, 0i32, false);
            while i < bytes.len() {
                let b = bytes[i];
                if in_str {
                    if b == b'\\' {
                        i += 1;
                    } else if b == b'"' {
                        in_str = false;
                    }
                } else {
                    match b {
                        b'"' => in_str = true,
                        b'(' | b'[' | b'{' => depth += 1,
                        b')' | b']' | b'}' => {
                            if depth == 0 {
                                break;
                            }
                            depth -= 1;
                        }
                        b',' if depth == 0 => break,
                        _ => {}
                    }
                }
                i += 1;
            }
            if i >= bytes.len() || bytes[i] != b',' {
                continue;
            }
            let rest = text[i + 1..].trim_start();
            if let Some(lit) = rest.strip_prefix('"') {
                if let Some(end) = lit.find('"') {
                    let code = &lit[..end];
                    if !code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                        out.insert(code.to_owned());
                    }
                }
            }
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Drops `#[cfg(test)] mod … { … }` blocks at the end of a file (the crate's convention), so
/// test-only codes are not reported.
fn without_tests(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |at| &text[..at])
}

impl Constants {
    fn collect() -> Self {
        // Error codes: the arms of `Error::code()` (src/error.rs), in order. The core cannot list
        // its `#[non_exhaustive]` variants; its source can. The JS layer adds one code of its own.
        let error_src = read_src("src/error.rs");
        let code_fn = error_src.split("pub fn code(&self)").nth(1).expect("Error::code in src/error.rs");
        let code_fn = code_fn.split("\n    }\n").next().unwrap();
        let mut error_codes = vec!["ERR_WXPAY_NOT_INITIALIZED".to_owned()];
        error_codes.extend(match_arm_strings(code_fn, |s| s.starts_with("ERR_WXPAY_")));
        assert!(error_codes.len() > 10, "too few error codes read from src/error.rs: {error_codes:?}");

        // Violation codes: the arms of `ViolationCode::as_str()`, each checked against serde.
        let violation_src = read_src("src/split/violation.rs");
        let as_str = violation_src.split("pub fn as_str(self)").nth(1).expect("ViolationCode::as_str");
        let as_str = as_str.split("\n    }\n").next().unwrap();
        let violation_codes = match_arm_strings(as_str, |_| true);
        for code in &violation_codes {
            let parsed = split::ViolationCode::parse(code).unwrap_or_else(|| panic!("{code} does not parse as a ViolationCode"));
            assert_eq!(parsed.as_str(), code);
        }
        assert!(violation_codes.len() > 20);

        // Issue codes: every code a finding can carry (violation codes and the builders' own).
        let mut issue_codes: BTreeSet<String> = violation_codes.iter().cloned().collect();
        let mut files = Vec::new();
        rust_files(&repo_root().join("src"), &mut files);
        for f in files {
            second_arg_codes(without_tests(&std::fs::read_to_string(&f).unwrap()), &mut issue_codes);
        }

        let default_policy = serde_json::to_value(split::Policy::default()).unwrap();
        let official_policy = serde_json::to_value(split::Policy::named("official").expect("the official policy")).unwrap();

        // Size limits: the core's one table (src/limits.rs), as `wasmLimits()` reports it.
        let limits = wechatpay_edge::limits::all().into_iter().map(|(n, max)| (n, max as u64)).collect();
        let header_names = wechatpay_edge::limits::header_names();

        Constants {
            error_codes,
            violation_codes,
            issue_codes: issue_codes.into_iter().collect(),
            default_policy,
            official_policy,
            limits,
            header_names,
            tolerance_sec: verify::DEFAULT_TOLERANCE_SEC,
            receiver_types: ps::ReceiverType::KNOWN.iter().map(|t| (*t).to_owned()).collect(),
            scheme: sign::SCHEME,
            probe_prefix: verify::PROBE_PREFIX,
            client: serde_json::json!({
                "apiBase": wechatpay_edge::api::API_BASE,
                "apiBackupBase": wechatpay_edge::api::API_BACKUP_BASE,
                "retryableApiCodes": wechatpay_edge::error::RETRYABLE_API_CODES,
                "processingState": ps::types::OrderStatus::Processing.as_str(),
                "certificateRefreshSec": wechatpay_edge::api::CERTIFICATE_REFRESH_SEC,
                "certificateMinRefreshIntervalSec": wechatpay_edge::api::CERTIFICATE_MIN_REFRESH_INTERVAL_SEC,
                "certificatesPath": wechatpay_edge::api::certificates::PATH_CERTIFICATES,
            }),
        }
    }

    fn policy_js(p: &serde_json::Value) -> String {
        let obj = p.as_object().unwrap();
        let fields: Vec<String> = obj.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        format!("Object.freeze({{ {} }})", fields.join(", "))
    }

    fn list_js(items: &[String]) -> String {
        let mut s = String::from("Object.freeze([\n");
        for i in items {
            writeln!(s, "  '{i}',").unwrap();
        }
        s.push_str("])");
        s
    }

    fn union(items: &[String]) -> String {
        let mut s = String::new();
        for i in items {
            write!(s, "\n  | '{i}'").unwrap();
        }
        s
    }

    fn js(&self) -> String {
        let mut s = format!("// {HEADER}\n\n");
        s.push_str("/** Every stable `WxPayError.code` (src/error.rs `Error::code`, plus the JS layer's ERR_WXPAY_NOT_INITIALIZED). */\n");
        writeln!(s, "export const ERROR_CODES = {};\n", Self::list_js(&self.error_codes)).unwrap();
        s.push_str("/** The codes of the split rules (src/split/violation.rs `ViolationCode`). */\n");
        writeln!(s, "export const VIOLATION_CODES = {};\n", Self::list_js(&self.violation_codes)).unwrap();
        s.push_str("/** Every `code` an issue of ERR_WXPAY_VALIDATION can carry from the core: the split rules' and the builders' own. */\n");
        writeln!(s, "export const ISSUE_CODES = {};\n", Self::list_js(&self.issue_codes)).unwrap();
        s.push_str("/** The split policy used when none is given (`policy: 'default'`, src/split/policy.rs `Policy::default`). */\n");
        writeln!(s, "export const DEFAULT_POLICY = {};\n", Self::policy_js(&self.default_policy)).unwrap();
        s.push_str("/** The limits WeChat Pay documents today (`policy: 'official'`, `Policy::official_2025`). */\n");
        writeln!(s, "export const OFFICIAL_POLICY = {};\n", Self::policy_js(&self.official_policy)).unwrap();
        s.push_str("/** Size limits the package applies before an input is copied into wasm memory, in UTF-8 bytes (`inputJson`: UTF-16 units; `apiV3Key`: exact), as `wasmLimits()` reports them. */\n");
        s.push_str("export const LIMITS = Object.freeze({\n");
        for (k, v) in &self.limits {
            writeln!(s, "  {k}: {v},").unwrap();
        }
        s.push_str("});\n\n");
        s.push_str("/** The lower-cased headers the core reads from a signed message; no other header is copied. */\n");
        writeln!(s, "export const HEADER_NAMES = {};\n", Self::list_js(&self.header_names)).unwrap();
        s.push_str("/** The default two-sided clock window for signed messages, in seconds. */\n");
        writeln!(s, "export const DEFAULT_TOLERANCE_SEC = {};\n", self.tolerance_sec).unwrap();
        s.push_str("/** The Authorization scheme and `Wechatpay-Signature-Type` of APIv3 (src/sign/authorization.rs `SCHEME`). */\n");
        writeln!(s, "export const SIGNATURE_SCHEME = '{}';\n", self.scheme).unwrap();
        s.push_str("/** How WeChat Pay's deliberately invalid probe signatures start (src/verify/signature.rs `PROBE_PREFIX`). */\n");
        writeln!(s, "export const PROBE_PREFIX = '{}';\n", self.probe_prefix).unwrap();
        s.push_str("/** The receiver types profit sharing and the split rules know (`ReceiverType::KNOWN`); any other is refused with `invalid_enum`. */\n");
        writeln!(s, "export const RECEIVER_TYPES = {};\n", Self::list_js(&self.receiver_types)).unwrap();
        s.push_str("/** What the HTTP client (createClient) takes from the core: the production and backup hosts (src/api/mod.rs), the answer codes retried whatever the status (src/error.rs `RETRYABLE_API_CODES`; 429 and 5xx are retried too), the state of a split or return still running, and the certificate refresh schedule. */\n");
        writeln!(s, "export const CLIENT = Object.freeze({});", serde_json::to_string(&self.client).unwrap()).unwrap();
        s
    }

    fn dts(&self) -> String {
        let mut s = format!("// {HEADER}\n\n");
        s.push_str("/** Every stable `WxPayError.code`. */\n");
        writeln!(s, "export type ErrorCode ={};\n", Self::union(&self.error_codes)).unwrap();
        s.push_str("/** The codes of the split rules. */\n");
        writeln!(s, "export type ViolationCodeName ={};\n", Self::union(&self.violation_codes)).unwrap();
        s.push_str("/** Every `code` an issue of ERR_WXPAY_VALIDATION can carry from the core. */\n");
        writeln!(s, "export type IssueCode ={};\n", Self::union(&self.issue_codes)).unwrap();
        s.push_str("export declare const ERROR_CODES: readonly ErrorCode[];\n");
        s.push_str("export declare const VIOLATION_CODES: readonly ViolationCodeName[];\n");
        s.push_str("export declare const ISSUE_CODES: readonly IssueCode[];\n");
        for (name, p) in [("DEFAULT_POLICY", &self.default_policy), ("OFFICIAL_POLICY", &self.official_policy)] {
            let fields: Vec<String> = p.as_object().unwrap().iter().map(|(k, v)| format!("readonly {k}: {v}")).collect();
            writeln!(s, "export declare const {name}: {{ {} }};", fields.join("; ")).unwrap();
        }
        s.push_str("export declare const LIMITS: {\n");
        for (k, v) in &self.limits {
            writeln!(s, "  readonly {k}: {v};").unwrap();
        }
        s.push_str("};\n");
        let names: Vec<String> = self.header_names.iter().map(|n| format!("'{n}'")).collect();
        writeln!(s, "export declare const HEADER_NAMES: readonly [{}];", names.join(", ")).unwrap();
        writeln!(s, "export declare const DEFAULT_TOLERANCE_SEC: {};", self.tolerance_sec).unwrap();
        writeln!(s, "export declare const SIGNATURE_SCHEME: '{}';", self.scheme).unwrap();
        writeln!(s, "export declare const PROBE_PREFIX: '{}';", self.probe_prefix).unwrap();
        let types: Vec<String> = self.receiver_types.iter().map(|n| format!("'{n}'")).collect();
        writeln!(s, "export declare const RECEIVER_TYPES: readonly [{}];", types.join(", ")).unwrap();
        let c = &self.client;
        let codes: Vec<String> = c["retryableApiCodes"].as_array().unwrap().iter().map(|v| format!("'{}'", v.as_str().unwrap())).collect();
        writeln!(
            s,
            "export declare const CLIENT: {{ readonly apiBase: '{}'; readonly apiBackupBase: '{}'; readonly retryableApiCodes: readonly [{}]; readonly processingState: '{}'; readonly certificateRefreshSec: {}; readonly certificateMinRefreshIntervalSec: {}; readonly certificatesPath: '{}' }};",
            c["apiBase"].as_str().unwrap(),
            c["apiBackupBase"].as_str().unwrap(),
            codes.join(", "),
            c["processingState"].as_str().unwrap(),
            c["certificateRefreshSec"],
            c["certificateMinRefreshIntervalSec"],
            c["certificatesPath"].as_str().unwrap(),
        )
        .unwrap();
        s
    }
}

// ---- builder inputs -------------------------------------------------------------------
//
// The TypeScript interfaces of the builder inputs, from the Rust input structs: field names,
// order, types and `///` docs come from the source; the fields are checked against the names
// serde deserialises (`extra_fields::known`). The Rust inputs make every field an `Option` so
// that validation reports every missing field at once; which ones the TypeScript shape
// requires (and the string unions a `String` field stands for) is this table.

/// One generated interface: TS name, Rust struct, source file, required fields, type overrides.
struct Input {
    ts: &'static str,
    rust: &'static str,
    file: &'static str,
    /// Fields that are required in TypeScript although the Rust field is an `Option`.
    required: &'static [&'static str],
    /// TypeScript types for fields whose Rust type is wider (a `String` holding an enum).
    types: &'static [(&'static str, &'static str)],
    /// serde `rename_all = "camelCase"` on the struct.
    camel: bool,
    /// The doc line added to a `Fen` field (profit-sharing amounts are positive; Payscore's may be 0).
    fen: &'static str,
    /// The names serde reads, to check the parsed fields against.
    known: fn() -> &'static [&'static str],
}

const RECEIVER_TYPE: (&str, &str) = ("type", "ProfitSharingReceiverType");

fn inputs() -> Vec<Input> {
    const PS: &str = "src/api/profitsharing/";
    vec![
        Input { ts: "AddReceiverInput", rust: "AddReceiverInput", file: "receivers.rs", required: &["type", "account", "relation_type"], types: &[RECEIVER_TYPE, ("relation_type", "RelationType")], camel: false, fen: FEN_POSITIVE, known: known::<ps::AddReceiverInput> },
        Input { ts: "DeleteReceiverInput", rust: "DeleteReceiverInput", file: "receivers.rs", required: &["appid", "type", "account"], types: &[RECEIVER_TYPE], camel: false, fen: FEN_POSITIVE, known: known::<ps::DeleteReceiverInput> },
        Input { ts: "CreateOrderReceiverInput", rust: "CreateOrderReceiverInput", file: "create_order.rs", required: &["type", "amount", "description"], types: &[RECEIVER_TYPE], camel: false, fen: FEN_POSITIVE, known: known::<ps::CreateOrderReceiverInput> },
        Input { ts: "CreateOrderInput", rust: "CreateOrderInput", file: "create_order.rs", required: &["sub_mchid", "transaction_id", "out_order_no", "receivers", "finish"], types: &[], camel: false, fen: FEN_POSITIVE, known: known::<ps::CreateOrderInput> },
        Input { ts: "QueryOrderInput", rust: "QueryOrderInput", file: "query_order.rs", required: &["sub_mchid", "transaction_id", "out_order_no"], types: &[], camel: false, fen: FEN_POSITIVE, known: known::<ps::QueryOrderInput> },
        Input { ts: "CreateReturnOrderInput", rust: "CreateReturnOrderInput", file: "return_order.rs", required: &["sub_mchid", "out_return_no", "return_mchid", "amount", "description"], types: &[], camel: false, fen: FEN_POSITIVE, known: known::<ps::CreateReturnOrderInput> },
        Input { ts: "QueryReturnOrderInput", rust: "QueryReturnOrderInput", file: "return_order.rs", required: &["sub_mchid", "out_return_no"], types: &[], camel: false, fen: FEN_POSITIVE, known: known::<ps::QueryReturnOrderInput> },
        Input { ts: "FinishOrderInput", rust: "FinishOrderInput", file: "finish_order.rs", required: &["sub_mchid", "transaction_id", "out_order_no", "description"], types: &[], camel: false, fen: FEN_POSITIVE, known: known::<ps::FinishOrderInput> },
        Input { ts: "QueryAmountsInput", rust: "QueryAmountsInput", file: "amounts.rs", required: &["transaction_id"], types: &[], camel: false, fen: FEN_POSITIVE, known: known::<ps::QueryAmountsInput> },
        Input { ts: "CreateAfterSalesOrderInput", rust: "CreateAfterSalesOrderInput", file: "after_sales.rs", required: &["sub_mchid", "transaction_id", "amount", "type", "scene", "refund_id"], types: &[("type", "AfterSalesType"), ("scene", "AfterSalesScene")], camel: false, fen: FEN_POSITIVE, known: known::<ps::CreateAfterSalesOrderInput> },
        Input { ts: "QueryAfterSalesOrderInput", rust: "QueryAfterSalesOrderInput", file: "after_sales.rs", required: &["sub_mchid", "transaction_id"], types: &[], camel: false, fen: FEN_POSITIVE, known: known::<ps::QueryAfterSalesOrderInput> },
        Input { ts: "ProfitSharingBillInput", rust: "BillInput", file: "bills.rs", required: &["bill_date"], types: &[("tar_type", "'GZIP'")], camel: false, fen: FEN_POSITIVE, known: known::<ps::BillInput> },
        Input { ts: "SplitPolicy", rust: "Policy", file: "../../split/policy.rs", required: &[], types: &[], camel: true, fen: FEN_POSITIVE, known: known::<split::Policy> },
    ]
    .into_iter()
    .map(|mut i| {
        i.file = Box::leak(format!("{PS}{}", i.file).into_boxed_str());
        i
    })
    .chain(payscore_inputs())
    .collect()
}

const FEN_POSITIVE: &str = "Integer fen (分), > 0.";
const FEN_PAYSCORE: &str = "Integer fen (分).";

/// The Payscore builder inputs (src/api/payscore/**): the Rust names drop `Input`, the nested
/// request objects get a `Payscore` prefix.
fn payscore_inputs() -> Vec<Input> {
    fn row(ts: &'static str, rust: &'static str, file: &'static str, required: &'static [&'static str], types: &'static [(&'static str, &'static str)], known: fn() -> &'static [&'static str]) -> Input {
        let file = Box::leak(format!("src/api/payscore/{file}").into_boxed_str());
        Input { ts, rust, file, required, types, camel: false, fen: FEN_PAYSCORE, known }
    }
    vec![
        row("PayscorePayment", "Payment", "model.rs", &[], &[], known::<pay::Payment>),
        row("PayscoreDiscount", "Discount", "model.rs", &[], &[], known::<pay::Discount>),
        row("PayscoreRiskFund", "RiskFund", "model.rs", &[], &[("name", "RiskFundName")], known::<pay::RiskFund>),
        row("PayscoreTimeRange", "TimeRange", "model.rs", &[], &[], known::<pay::TimeRange>),
        row("PayscoreLocation", "Location", "model.rs", &[], &[], known::<pay::Location>),
        row("PayscoreOrderContext", "OrderContext", "model.rs", &[], &[], known::<pay::OrderContext>),
        row("CreateServiceOrderInput", "CreateServiceOrder", "create.rs", &["service_id", "appid", "sub_mchid", "channel_id", "out_order_no", "service_introduction", "risk_fund", "time_range", "notify_url"], &[], known::<pay::CreateServiceOrder>),
        row("QueryServiceOrderInput", "QueryServiceOrder", "query_order.rs", &["service_id", "sub_mchid", "channel_id"], &[], known::<pay::QueryServiceOrder>),
        row("CancelServiceOrderInput", "CancelServiceOrder", "cancel.rs", &["out_order_no", "channel_id", "sub_mchid", "reason"], &[], known::<pay::CancelServiceOrder>),
        row("CompleteServiceOrderInput", "CompleteServiceOrder", "complete.rs", &["out_order_no", "service_id", "sub_mchid", "channel_id", "post_payments", "total_amount"], &[], known::<pay::CompleteServiceOrder>),
        row("ModifyServiceOrderInput", "ModifyServiceOrder", "modify.rs", &["out_order_no", "service_id", "sub_mchid", "channel_id", "post_payments", "total_amount", "reason"], &[], known::<pay::ModifyServiceOrder>),
        row("PayscoreSyncDetail", "SyncDetail", "sync.rs", &["paid_time"], &[], known::<pay::SyncDetail>),
        row("SyncServiceOrderInput", "SyncServiceOrder", "sync.rs", &["out_order_no", "service_id", "sub_mchid", "channel_id", "detail"], &[("type", "'Order_Paid'")], known::<pay::SyncServiceOrder>),
        row("RegisterDeductInfoInput", "RegisterDeductInfo", "register_deduct_info.rs", &["out_order_no", "service_id", "appid", "sub_mchid", "channel_id", "out_trade_no"], &[], known::<pay::RegisterDeductInfo>),
        row("QueryDeductionInput", "QueryDeduction", "query_deduction.rs", &["service_id", "appid", "sub_mchid", "channel_id", "out_order_no"], &[], known::<pay::QueryDeduction>),
        row("ApplyPermissionsInput", "ApplyPermissions", "permissions.rs", &["service_id", "channel_id", "appid", "sub_mchid", "authorization_code"], &[], known::<pay::ApplyPermissions>),
        row("QueryPermissionsInput", "QueryPermissions", "permissions.rs", &["authorization_code", "service_id", "channel_id", "sub_mchid"], &[], known::<pay::QueryPermissions>),
        row("TerminatePermissionsInput", "TerminatePermissions", "permissions.rs", &["authorization_code", "service_id", "channel_id", "sub_mchid", "reason"], &[], known::<pay::TerminatePermissions>),
        row("PayscoreJumpLink", "JumpLink", "pay_on_delivery.rs", &["jump_link_type"], &[("jump_link_type", "'JUMP_LINK_MINI_PROGRAM'")], known::<pay::JumpLink>),
        row("PayscoreShoppingGoods", "ShoppingGoods", "pay_on_delivery.rs", &["name", "picture", "amount", "count"], &[], known::<pay::ShoppingGoods>),
        row("PayscoreShoppingInfo", "ShoppingInfo", "pay_on_delivery.rs", &["jump_link", "goods"], &[], known::<pay::ShoppingInfo>),
        row("CreatePayOnDeliveryOrderInput", "CreatePayOnDeliveryOrder", "pay_on_delivery.rs", &["service_id", "appid", "sub_mchid", "channel_id", "out_order_no", "service_introduction", "risk_fund", "time_range", "notify_url", "shopping_info"], &[], known::<pay::CreatePayOnDeliveryOrder>),
    ]
}

/// The wire strings of a `wire_enum!` in `source` (the Payscore enums keep no list of their
/// own), each checked to parse back into a known variant by `known`.
fn wire_enum_values(source: &str, name: &str, known: impl Fn(&str) -> bool) -> Vec<String> {
    let body = source.split(&format!("    {name} {{")).nth(1).unwrap_or_else(|| panic!("wire_enum {name} not found"));
    let body = body.split("\n    }").next().unwrap();
    let values = match_arm_like(body);
    assert!(!values.is_empty(), "{name}: no values read");
    for v in &values {
        assert!(known(v), "{name}: {v} does not parse as a known value");
    }
    values
}

/// Every `= "…"` string literal in `text`, in order.
fn match_arm_like(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.split_once("= \"").and_then(|(_, r)| r.split_once('"')).map(|(v, _)| v.to_owned()))
        .collect()
}

struct Field {
    name: String,
    rust_type: String,
    docs: Vec<String>,
}

struct Struct {
    docs: Vec<String>,
    fields: Vec<Field>,
}

/// `///` lines directly above line `at` (attributes in between are skipped), in order.
fn docs_above(lines: &[&str], at: usize) -> Vec<String> {
    let mut docs = Vec::new();
    let mut i = at;
    while i > 0 {
        i -= 1;
        let l = lines[i].trim();
        if let Some(d) = l.strip_prefix("///") {
            docs.push(d.strip_prefix(' ').unwrap_or(d).to_owned());
        } else if l.starts_with("#[") {
            continue;
        } else {
            break;
        }
    }
    docs.reverse();
    docs
}

/// The name given by a `#[serde(rename = "…")]` attribute directly above line `at`.
fn serde_rename_above(lines: &[&str], at: usize) -> Option<String> {
    lines[..at]
        .iter()
        .rev()
        .map(|l| l.trim())
        .take_while(|l| l.starts_with("#[") || l.starts_with("///"))
        .filter(|l| l.starts_with("#[serde("))
        .find_map(|l| l.split_once("rename = \"").and_then(|(_, r)| r.split_once('"')).map(|(n, _)| n.to_owned()))
}

fn parse_struct(source: &str, name: &str) -> Struct {
    let lines: Vec<&str> = source.lines().collect();
    let head = format!("pub struct {name} {{");
    let start = lines.iter().position(|l| l.trim() == head).unwrap_or_else(|| panic!("`{head}` not found"));
    let mut fields = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        let l = line.trim();
        if l == "}" {
            break;
        }
        let Some(decl) = l.strip_prefix("pub ") else { continue };
        let (fname, ty) = decl.split_once(':').unwrap_or_else(|| panic!("{name}: cannot read `{l}`"));
        let rust_name = fname.trim().trim_start_matches("r#");
        fields.push(Field {
            name: serde_rename_above(&lines, i).unwrap_or_else(|| rust_name.to_owned()),
            rust_type: ty.trim().trim_end_matches(',').trim().to_owned(),
            docs: docs_above(&lines, i),
        });
    }
    Struct { docs: docs_above(&lines, start), fields }
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for ch in snake.chars() {
        if ch == '_' {
            upper = true;
        } else if upper {
            out.extend(ch.to_uppercase());
            upper = false;
        } else {
            out.push(ch);
        }
    }
    out
}

/// (TypeScript type, optional in Rust) of a Rust field type; a struct of the table becomes its
/// TypeScript name.
fn ts_type(rust: &str, table: &[Input]) -> (String, bool) {
    if let Some(inner) = rust.strip_prefix("Option<").and_then(|r| r.strip_suffix('>')) {
        return (ts_type(inner, table).0, true);
    }
    if let Some(inner) = rust.strip_prefix("Vec<").and_then(|r| r.strip_suffix('>')) {
        return (format!("{}[]", ts_type(inner, table).0), false);
    }
    let ts = match rust {
        "String" | "&str" => "string",
        "bool" => "boolean",
        "Fen" | "Count" | "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" => "number",
        "ExtraFields" => "ExtraFields",
        other => match table.iter().find(|i| i.rust == other) {
            Some(i) => i.ts,
            None => panic!("no TypeScript type for the Rust type {other}: extend ts_type or the table"),
        },
    };
    (ts.to_owned(), false)
}

/// Rust doc markup as TSDoc: intra-doc links become code spans, `**x**` stays (TSDoc renders Markdown).
fn tsdoc_line(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find("[`") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let Some(end) = after[1..].find("`]").map(|e| e + 1) else {
            out.push_str(&rest[at..]);
            rest = "";
            break;
        };
        out.push_str(&after[..=end]);
        rest = &after[end + 2..];
        // Drop a link target: [`X`](path).
        if rest.starts_with('(') {
            if let Some(close) = rest.find(')') {
                rest = &rest[close + 1..];
            }
        }
    }
    out.push_str(rest);
    out.trim_end().to_owned()
}

fn write_docs(s: &mut String, indent: &str, docs: &[String]) {
    let docs: Vec<String> = docs.iter().map(|d| tsdoc_line(d)).collect();
    match docs.as_slice() {
        [] => {}
        [one] => writeln!(s, "{indent}/** {one} */").unwrap(),
        many => {
            writeln!(s, "{indent}/**").unwrap();
            for d in many {
                if d.is_empty() {
                    writeln!(s, "{indent} *").unwrap();
                } else {
                    writeln!(s, "{indent} * {d}").unwrap();
                }
            }
            writeln!(s, "{indent} */").unwrap();
        }
    }
}

fn inputs_dts() -> String {
    let mut s = format!("// {HEADER}\n\n");
    s.push_str("import type { ExtraFields } from '../index.js';\n\n");
    s.push_str("/** A profit-sharing receiver's `type` (`ReceiverType`); any other type is refused with `invalid_enum`. */\n");
    let receiver_types: Vec<String> = ps::ReceiverType::KNOWN.iter().map(|r| format!("'{r}'")).collect();
    writeln!(s, "export type ProfitSharingReceiverType = {};\n", receiver_types.join(" | ")).unwrap();
    s.push_str("/** Relation between receiver and platform (`relation_type`, add-receiver only). */\n");
    let relations: Vec<String> = ps::RelationType::KNOWN.iter().map(|r| format!("'{r}'")).collect();
    writeln!(s, "export type RelationType = {};", relations.join(" | ")).unwrap();
    s.push_str("/** `type` of an after-sales service-fee split (售后服务分账). */\n");
    let after_sales_types: Vec<String> = ps::AfterSalesType::KNOWN.iter().map(|r| format!("'{r}'")).collect();
    writeln!(s, "export type AfterSalesType = {};", after_sales_types.join(" | ")).unwrap();
    s.push_str("/** `scene` of an after-sales service-fee split: 退票, 改签, 退货. */\n");
    let scenes: Vec<String> = ps::AfterSalesScene::KNOWN.iter().map(|r| format!("'{r}'")).collect();
    writeln!(s, "export type AfterSalesScene = {};", scenes.join(" | ")).unwrap();
    s.push_str("\n/** `risk_fund.name` (Payscore): deposit-free (先免) `DEPOSIT`, `ADVANCE`, `CASH_DEPOSIT`, or enjoy-first (先享) `ESTIMATE_ORDER_COST`. */\n");
    let risk_funds = wire_enum_values(&read_src("src/api/payscore/model.rs"), "RiskFundName", |v| !matches!(pay::RiskFundName::from_wire(v), pay::RiskFundName::Other(_)));
    let risk_funds: Vec<String> = risk_funds.iter().map(|r| format!("'{r}'")).collect();
    writeln!(s, "export type RiskFundName = {};", risk_funds.join(" | ")).unwrap();
    let table = inputs();
    for input in &table {
        let source = read_src(input.file);
        let st = parse_struct(&source, input.rust);
        let mut names: Vec<String> = st.fields.iter().map(|f| if input.camel { camel(&f.name) } else { f.name.clone() }).collect();
        let mut serde_names: Vec<String> = (input.known)().iter().map(|n| (*n).to_owned()).collect();
        names.sort();
        serde_names.sort();
        assert_eq!(names, serde_names, "{}: the parsed fields differ from what serde reads", input.rust);
        for r in input.required.iter().chain(input.types.iter().map(|(f, _)| f)) {
            assert!(st.fields.iter().any(|f| f.name == *r), "{}: the table names {r}, which the struct lacks", input.rust);
        }
        s.push('\n');
        let mut docs = st.docs.clone();
        if input.ts == "SplitPolicy" {
            docs.extend(["".to_owned(), "`DEFAULT_POLICY` and `OFFICIAL_POLICY` (`wechatpay-edge/constants`) hold the named policies.".to_owned()]);
        }
        write_docs(&mut s, "", &docs);
        writeln!(s, "export interface {} {{", input.ts).unwrap();
        for f in &st.fields {
            let (mut ty, optional) = ts_type(&f.rust_type, &table);
            if let Some((_, t)) = input.types.iter().find(|(n, _)| *n == f.name) {
                ty = (*t).to_owned();
            }
            let required = !optional || input.required.contains(&f.name.as_str());
            let mut docs = f.docs.clone();
            if f.rust_type.contains("Fen") {
                docs.push(input.fen.to_owned());
            }
            write_docs(&mut s, "  ", &docs);
            let name = if input.camel { camel(&f.name) } else { f.name.clone() };
            writeln!(s, "  {name}{}: {ty};", if required { "" } else { "?" }).unwrap();
        }
        s.push_str("}\n");
    }
    s
}

// ---- the entries' export lines ----------------------------------------------------------
//
// ESM named exports must be static for bundlers, so each entry spells its export list out.
// The list itself is kept once, in pkg-template/src/exports.js; the block between the markers
// of every entry is written from it.

/// The entries whose export block is generated, relative to the repository root.
pub const ENTRIES: &[&str] = &["pkg-template/entry/node.js", "pkg-template/entry/workerd.js", "pkg-template/entry/browser.js"];
const EXPORTS_SRC: &str = "pkg-template/src/exports.js";
const BEGIN: &str = "// ---- exports: generated from src/exports.js by `cargo run --example gen-contracts`; do not edit ----\n";
const END: &str = "// ---- end of the generated exports ----\n";

/// The export list of src/exports.js: (kind, names), kinds in file order.
fn export_kinds() -> Vec<(String, Vec<String>)> {
    let text = read_src(EXPORTS_SRC);
    let mut kinds: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        let l = line.trim();
        if let Some(kind) = l.strip_suffix(": Object.freeze([") {
            kinds.push((kind.to_owned(), Vec::new()));
        } else if let Some(name) = l.strip_prefix('\'').and_then(|r| r.strip_suffix("',")) {
            let (_, names) = kinds.last_mut().unwrap_or_else(|| panic!("{EXPORTS_SRC}: {name} outside a kind"));
            assert!(name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'), "{EXPORTS_SRC}: not an identifier: {name}");
            names.push(name.to_owned());
        }
    }
    let found: Vec<&str> = kinds.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(found, ["errors", "classes", "functions", "asyncFunctions", "namespaces"], "{EXPORTS_SRC}: the kinds the entries know");
    let mut all: Vec<&String> = kinds.iter().flat_map(|(_, n)| n).collect();
    all.sort();
    let before = all.len();
    all.dedup();
    assert_eq!(before, all.len(), "{EXPORTS_SRC}: a name is listed twice");
    kinds
}

fn export_block(entry: &str, kinds: &[(String, Vec<String>)]) -> String {
    let of = |kind: &str| -> &[String] { &kinds.iter().find(|(k, _)| k == kind).unwrap().1 };
    let mut s = String::from(BEGIN);
    let destructure = |s: &mut String, names: &[&String], from: &str| {
        s.push_str("export const {\n");
        for n in names {
            writeln!(s, "  {n},").unwrap();
        }
        writeln!(s, "}} = {from};").unwrap();
    };
    if entry.ends_with("browser.js") {
        writeln!(s, "export {{ {} }} from '../src/errors.js';", of("errors").join(", ")).unwrap();
        writeln!(s, "export let {};", of("classes").join(", ")).unwrap();
        writeln!(s, "function bindClasses(api) {{\n  ({{ {} }} = api);\n}}", of("classes").join(", ")).unwrap();
        let names: Vec<&String> = ["functions", "asyncFunctions", "namespaces"].iter().flat_map(|k| of(k)).collect();
        destructure(&mut s, &names, "forwarders()");
    } else {
        let names: Vec<&String> = kinds.iter().flat_map(|(_, n)| n).collect();
        destructure(&mut s, &names, "api");
    }
    s.push_str(END);
    s
}

/// Every entry with its export block rewritten from src/exports.js: (path from the root, text).
pub fn entries() -> Vec<(&'static str, String)> {
    let kinds = export_kinds();
    ENTRIES
        .iter()
        .map(|&rel| {
            let text = read_src(rel);
            let start = text.find(BEGIN).unwrap_or_else(|| panic!("{rel}: the line `{}` is missing", BEGIN.trim_end()));
            let end = text[start..].find(END).unwrap_or_else(|| panic!("{rel}: the line `{}` is missing", END.trim_end())) + start + END.len();
            (rel, format!("{}{}{}", &text[..start], export_block(rel, &kinds), &text[end..]))
        })
        .collect()
}
