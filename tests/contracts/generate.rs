//! The contract files of the npm package, generated from the core (issue 14 item 4).
//!
//! Shared by `examples/gen-contracts.rs` (writes them: `cargo run --example gen-contracts`)
//! and `tests/contracts.rs` (fails when the committed files differ). No dependency beyond
//! the crate itself and serde_json: values come from the core's constants and types;
//! lists the core keeps as `match` arms (error codes, violation codes) or as call sites
//! (builder issue codes) are read from its source, and checked against the core where the
//! core can answer (every violation code parses back through `ViolationCode::parse`; the
//! fields of every input type are the ones serde reads, those of every result type the ones
//! serde writes).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use wechatpay_edge::api::extra_fields::known;
use wechatpay_edge::api::payscore as pay;
use wechatpay_edge::api::profitsharing as ps;
use wechatpay_edge::{bill, sign, split, verify};

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
    vec![("constants.js", c.js()), ("constants.d.ts", c.dts()), ("inputs.d.ts", inputs_dts()), ("results.d.ts", results_dts())]
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
        Input {
            ts: "AddReceiverInput",
            rust: "AddReceiverInput",
            file: "receivers.rs",
            required: &["type", "account", "relation_type"],
            types: &[RECEIVER_TYPE, ("relation_type", "RelationType")],
            camel: false,
            fen: FEN_POSITIVE,
            known: known::<ps::AddReceiverInput>,
        },
        Input {
            ts: "DeleteReceiverInput",
            rust: "DeleteReceiverInput",
            file: "receivers.rs",
            required: &["appid", "type", "account"],
            types: &[RECEIVER_TYPE],
            camel: false,
            fen: FEN_POSITIVE,
            known: known::<ps::DeleteReceiverInput>,
        },
        Input {
            ts: "CreateOrderReceiverInput",
            rust: "CreateOrderReceiverInput",
            file: "create_order.rs",
            required: &["type", "amount", "description"],
            types: &[RECEIVER_TYPE],
            camel: false,
            fen: FEN_POSITIVE,
            known: known::<ps::CreateOrderReceiverInput>,
        },
        Input {
            ts: "CreateOrderInput",
            rust: "CreateOrderInput",
            file: "create_order.rs",
            required: &["sub_mchid", "transaction_id", "out_order_no", "receivers", "finish"],
            types: &[],
            camel: false,
            fen: FEN_POSITIVE,
            known: known::<ps::CreateOrderInput>,
        },
        Input {
            ts: "QueryOrderInput",
            rust: "QueryOrderInput",
            file: "query_order.rs",
            required: &["sub_mchid", "transaction_id", "out_order_no"],
            types: &[],
            camel: false,
            fen: FEN_POSITIVE,
            known: known::<ps::QueryOrderInput>,
        },
        Input {
            ts: "CreateReturnOrderInput",
            rust: "CreateReturnOrderInput",
            file: "return_order.rs",
            required: &["sub_mchid", "out_return_no", "return_mchid", "amount", "description"],
            types: &[],
            camel: false,
            fen: FEN_POSITIVE,
            known: known::<ps::CreateReturnOrderInput>,
        },
        Input {
            ts: "QueryReturnOrderInput",
            rust: "QueryReturnOrderInput",
            file: "return_order.rs",
            required: &["sub_mchid", "out_return_no"],
            types: &[],
            camel: false,
            fen: FEN_POSITIVE,
            known: known::<ps::QueryReturnOrderInput>,
        },
        Input {
            ts: "FinishOrderInput",
            rust: "FinishOrderInput",
            file: "finish_order.rs",
            required: &["sub_mchid", "transaction_id", "out_order_no", "description"],
            types: &[],
            camel: false,
            fen: FEN_POSITIVE,
            known: known::<ps::FinishOrderInput>,
        },
        Input {
            ts: "QueryAmountsInput",
            rust: "QueryAmountsInput",
            file: "amounts.rs",
            required: &["transaction_id"],
            types: &[],
            camel: false,
            fen: FEN_POSITIVE,
            known: known::<ps::QueryAmountsInput>,
        },
        Input {
            ts: "CreateAfterSalesOrderInput",
            rust: "CreateAfterSalesOrderInput",
            file: "after_sales.rs",
            required: &["sub_mchid", "transaction_id", "amount", "type", "scene", "refund_id"],
            types: &[("type", "AfterSalesType"), ("scene", "AfterSalesScene")],
            camel: false,
            fen: FEN_POSITIVE,
            known: known::<ps::CreateAfterSalesOrderInput>,
        },
        Input {
            ts: "QueryAfterSalesOrderInput",
            rust: "QueryAfterSalesOrderInput",
            file: "after_sales.rs",
            required: &["sub_mchid", "transaction_id"],
            types: &[],
            camel: false,
            fen: FEN_POSITIVE,
            known: known::<ps::QueryAfterSalesOrderInput>,
        },
        Input {
            ts: "ProfitSharingBillInput",
            rust: "BillInput",
            file: "bills.rs",
            required: &["bill_date"],
            types: &[("tar_type", "'GZIP'")],
            camel: false,
            fen: FEN_POSITIVE,
            known: known::<ps::BillInput>,
        },
        Input {
            ts: "SplitPolicy",
            rust: "Policy",
            file: "../../split/policy.rs",
            required: &[],
            types: &[],
            camel: true,
            fen: FEN_POSITIVE,
            known: known::<split::Policy>,
        },
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
    fn row(
        ts: &'static str,
        rust: &'static str,
        file: &'static str,
        required: &'static [&'static str],
        types: &'static [(&'static str, &'static str)],
        known: fn() -> &'static [&'static str],
    ) -> Input {
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
        row(
            "CreateServiceOrderInput",
            "CreateServiceOrder",
            "create.rs",
            &["service_id", "appid", "sub_mchid", "channel_id", "out_order_no", "service_introduction", "risk_fund", "time_range", "notify_url"],
            &[],
            known::<pay::CreateServiceOrder>,
        ),
        row("QueryServiceOrderInput", "QueryServiceOrder", "query_order.rs", &["service_id", "sub_mchid", "channel_id"], &[], known::<pay::QueryServiceOrder>),
        row(
            "CancelServiceOrderInput",
            "CancelServiceOrder",
            "cancel.rs",
            &["out_order_no", "channel_id", "sub_mchid", "reason"],
            &[],
            known::<pay::CancelServiceOrder>,
        ),
        row(
            "CompleteServiceOrderInput",
            "CompleteServiceOrder",
            "complete.rs",
            &["out_order_no", "service_id", "sub_mchid", "channel_id", "post_payments", "total_amount"],
            &[],
            known::<pay::CompleteServiceOrder>,
        ),
        row(
            "ModifyServiceOrderInput",
            "ModifyServiceOrder",
            "modify.rs",
            &["out_order_no", "service_id", "sub_mchid", "channel_id", "post_payments", "total_amount", "reason"],
            &[],
            known::<pay::ModifyServiceOrder>,
        ),
        row("PayscoreSyncDetail", "SyncDetail", "sync.rs", &["paid_time"], &[], known::<pay::SyncDetail>),
        row(
            "SyncServiceOrderInput",
            "SyncServiceOrder",
            "sync.rs",
            &["out_order_no", "service_id", "sub_mchid", "channel_id", "detail"],
            &[("type", "'Order_Paid'")],
            known::<pay::SyncServiceOrder>,
        ),
        row(
            "RegisterDeductInfoInput",
            "RegisterDeductInfo",
            "register_deduct_info.rs",
            &["out_order_no", "service_id", "appid", "sub_mchid", "channel_id", "out_trade_no"],
            &[],
            known::<pay::RegisterDeductInfo>,
        ),
        row(
            "QueryDeductionInput",
            "QueryDeduction",
            "query_deduction.rs",
            &["service_id", "appid", "sub_mchid", "channel_id", "out_order_no"],
            &[],
            known::<pay::QueryDeduction>,
        ),
        row(
            "ApplyPermissionsInput",
            "ApplyPermissions",
            "permissions.rs",
            &["service_id", "channel_id", "appid", "sub_mchid", "authorization_code"],
            &[],
            known::<pay::ApplyPermissions>,
        ),
        row(
            "QueryPermissionsInput",
            "QueryPermissions",
            "permissions.rs",
            &["authorization_code", "service_id", "channel_id", "sub_mchid"],
            &[],
            known::<pay::QueryPermissions>,
        ),
        row(
            "TerminatePermissionsInput",
            "TerminatePermissions",
            "permissions.rs",
            &["authorization_code", "service_id", "channel_id", "sub_mchid", "reason"],
            &[],
            known::<pay::TerminatePermissions>,
        ),
        row(
            "PayscoreJumpLink",
            "JumpLink",
            "pay_on_delivery.rs",
            &["jump_link_type"],
            &[("jump_link_type", "'JUMP_LINK_MINI_PROGRAM'")],
            known::<pay::JumpLink>,
        ),
        row("PayscoreShoppingGoods", "ShoppingGoods", "pay_on_delivery.rs", &["name", "picture", "amount", "count"], &[], known::<pay::ShoppingGoods>),
        row("PayscoreShoppingInfo", "ShoppingInfo", "pay_on_delivery.rs", &["jump_link", "goods"], &[], known::<pay::ShoppingInfo>),
        row(
            "CreatePayOnDeliveryOrderInput",
            "CreatePayOnDeliveryOrder",
            "pay_on_delivery.rs",
            &[
                "service_id",
                "appid",
                "sub_mchid",
                "channel_id",
                "out_order_no",
                "service_introduction",
                "risk_fund",
                "time_range",
                "notify_url",
                "shopping_info",
            ],
            &[],
            known::<pay::CreatePayOnDeliveryOrder>,
        ),
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
    text.lines().filter_map(|l| l.split_once("= \"").and_then(|(_, r)| r.split_once('"')).map(|(v, _)| v.to_owned())).collect()
}

struct Field {
    name: String,
    rust_type: String,
    docs: Vec<String>,
    /// The text of the `#[serde(…)]` attributes on the field (empty without any).
    serde: String,
}

impl Field {
    /// `#[serde(flatten)]`: the field's own members (or, for a map, any key) sit in the parent.
    fn flatten(&self) -> bool {
        self.serde.contains("flatten")
    }

    /// `skip_serializing_if`: serde may leave the field out of what it writes.
    fn omittable(&self) -> bool {
        self.serde.contains("skip_serializing_if")
    }

    /// A bare `skip_serializing`: serde never writes the field.
    fn never_written(&self) -> bool {
        self.serde.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).any(|w| w == "skip_serializing" || w == "skip")
    }
}

struct Struct {
    docs: Vec<String>,
    fields: Vec<Field>,
    /// The text of the `#[serde(…)]` attributes on the struct.
    serde: String,
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

/// The `#[serde(…)]` attributes directly above line `at` (doc comments in between skipped), joined.
fn serde_attrs_above(lines: &[&str], at: usize) -> String {
    let attrs: Vec<&str> =
        lines[..at].iter().rev().map(|l| l.trim()).take_while(|l| l.starts_with("#[") || l.starts_with("///")).filter(|l| l.starts_with("#[serde(")).collect();
    attrs.join(" ")
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
            serde: serde_attrs_above(&lines, i),
        });
    }
    Struct { docs: docs_above(&lines, start), fields, serde: serde_attrs_above(&lines, start) }
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
    s.push_str(
        "\n/** `risk_fund.name` (Payscore): deposit-free (先免) `DEPOSIT`, `ADVANCE`, `CASH_DEPOSIT`, or enjoy-first (先享) `ESTIMATE_ORDER_COST`. */\n",
    );
    let risk_funds =
        wire_enum_values(&read_src("src/api/payscore/model.rs"), "RiskFundName", |v| !matches!(pay::RiskFundName::from_wire(v), pay::RiskFundName::Other(_)));
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

// ---- results ---------------------------------------------------------------------------
//
// The TypeScript interfaces of what the response parsers, the notifications, the split
// arithmetic, the bill reader and the signing/verifying helpers hand to JS, from the Rust
// structs serde_json serialises: field names (after `rename`), order, `///` docs
// and types come from the source; a field is optional (`?`) exactly where serde may leave it
// out (`skip_serializing_if`); `#[serde(flatten)]` of the unknown-field map becomes an index
// signature, of another struct `extends`. Each interface is checked against serde itself: a
// sample with every field (and one unknown key) and one with the required fields only are
// run through the Rust type, and the keys serde writes must be the emitted ones.

/// One generated result interface: TS name, Rust struct, source file, and the Rust type as a
/// function from a sample JSON object to what serde writes for it.
struct Output {
    ts: &'static str,
    rust: &'static str,
    file: &'static str,
    through_rust: fn(serde_json::Value) -> serde_json::Value,
    /// The struct whose fields these are, when `rust` is an alias of it (`Violation` = `Issue`).
    fields_of: &'static str,
    /// TypeScript types narrower than the Rust field type says, by field name, each with the
    /// reason (checked where the core decides it; see [`outputs`]).
    narrowed: &'static [(&'static str, &'static str)],
}

impl Output {
    fn alias_of(mut self, fields_of: &'static str) -> Self {
        self.fields_of = fields_of;
        self
    }

    fn narrow(mut self, narrowed: &'static [(&'static str, &'static str)]) -> Self {
        self.narrowed = narrowed;
        self
    }
}

/// Deserialises `v` into `T` and serialises it back: what JS receives for that answer.
fn through<T: serde::de::DeserializeOwned + serde::Serialize>(v: serde_json::Value) -> serde_json::Value {
    let t: T = serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{}: the sample {v} does not deserialise: {e}", std::any::type_name::<T>()));
    serde_json::to_value(t).unwrap()
}

/// The key every sample adds, standing for a field WeChat Pay adds later.
const UNKNOWN_KEY: &str = "zz_added_later";

fn take_str(v: &serde_json::Value, k: &str) -> Option<String> {
    v.get(k).map(|s| s.as_str().unwrap_or_else(|| panic!("sample {k} is not a string")).to_owned())
}

/// Every key of `v` not in `known`, as the unknown-field map.
fn rest(v: &serde_json::Value, known: &[&str]) -> serde_json::Map<String, serde_json::Value> {
    v.as_object().unwrap().iter().filter(|(k, _)| !known.contains(&k.as_str())).map(|(k, x)| (k.clone(), x.clone())).collect()
}

// The types the core only serialises (it builds them itself), built from a sample by hand.

fn notified_receiver(v: &serde_json::Value) -> ps::notification::NotifiedReceiver {
    ps::notification::NotifiedReceiver {
        r#type: take_str(v, "type").map(|t| ps::ReceiverType::parse(&t)),
        account: take_str(v, "account").unwrap_or_default(),
        amount: v.get("amount").and_then(serde_json::Value::as_u64).unwrap_or_default(),
        description: take_str(v, "description"),
        extra: rest(v, &["type", "account", "amount", "description"]),
    }
}

fn through_notified_receiver(v: serde_json::Value) -> serde_json::Value {
    serde_json::to_value(notified_receiver(&v)).unwrap()
}

fn through_profit_sharing_notification(v: serde_json::Value) -> serde_json::Value {
    use ps::notification::{ProfitSharingKind, ProfitSharingNotification};
    let kind = match v.get("kind").and_then(serde_json::Value::as_str) {
        Some("return") => ProfitSharingKind::Return,
        _ => ProfitSharingKind::Split,
    };
    let known = [
        "kind",
        "event_type",
        "summary",
        "mchid",
        "sp_mchid",
        "sub_mchid",
        "transaction_id",
        "order_id",
        "out_order_no",
        "receivers",
        "success_time",
        "idempotency_key",
    ];
    let n = ProfitSharingNotification {
        kind,
        event_type: take_str(&v, "event_type").unwrap_or_default(),
        summary: take_str(&v, "summary").unwrap_or_default(),
        mchid: take_str(&v, "mchid"),
        sp_mchid: take_str(&v, "sp_mchid"),
        sub_mchid: take_str(&v, "sub_mchid"),
        transaction_id: take_str(&v, "transaction_id").unwrap_or_default(),
        order_id: take_str(&v, "order_id").unwrap_or_default(),
        out_order_no: take_str(&v, "out_order_no").unwrap_or_default(),
        receivers: v.get("receivers").and_then(serde_json::Value::as_array).map(|a| a.iter().map(notified_receiver).collect()).unwrap_or_default(),
        success_time: take_str(&v, "success_time"),
        idempotency_key: take_str(&v, "idempotency_key").unwrap_or_default(),
        extra: rest(&v, &known),
    };
    serde_json::to_value(n).unwrap()
}

fn through_ack(v: serde_json::Value) -> serde_json::Value {
    let ack = pay::Ack {
        status: v.get("status").and_then(serde_json::Value::as_u64).map(|s| u16::try_from(s).unwrap()).unwrap_or_default(),
        order: v.get("order").map(|o| serde_json::from_value(o.clone()).unwrap()),
        recovered: v.get("recovered").and_then(serde_json::Value::as_bool).unwrap_or_default(),
    };
    serde_json::to_value(ack).unwrap()
}

fn through_allowed_operations(v: serde_json::Value) -> serde_json::Value {
    // Built by the state table, never from JSON: pick a combination whose answer has every field
    // when the sample has every field, and an unknown one (nothing allowed) otherwise.
    let state = if v.get("blocked_by_live_deduction").is_some() { "DOING" } else { "NOT_A_STATE" };
    let ops = pay::allowed_operations(&pay::OrderState::from_wire(state), Some(&pay::StateDescription::from_wire("MCH_COMPLETE")), None);
    serde_json::to_value(ops).unwrap()
}

fn through_issue(v: serde_json::Value) -> serde_json::Value {
    // Issue's Deserialize reads split findings only (a ViolationCode); built here so any code goes.
    let issue = wechatpay_edge::Issue {
        step: v.get("step").and_then(serde_json::Value::as_u64).map(|s| usize::try_from(s).unwrap()),
        path: take_str(&v, "path").unwrap_or_default(),
        code: "required",
        message: take_str(&v, "message").unwrap_or_default(),
    };
    serde_json::to_value(issue).unwrap()
}

fn take_u64(v: &serde_json::Value, k: &str) -> Option<u64> {
    v.get(k).map(|n| n.as_u64().unwrap_or_else(|| panic!("sample {k} is not a whole number")))
}

fn take_usize(v: &serde_json::Value, k: &str) -> usize {
    usize::try_from(take_u64(v, k).unwrap_or_default()).unwrap()
}

fn take_i64(v: &serde_json::Value, k: &str) -> i64 {
    i64::try_from(take_u64(v, k).unwrap_or_default()).unwrap()
}

fn take_list<T>(v: &serde_json::Value, k: &str, each: fn(&serde_json::Value) -> T) -> Vec<T> {
    v.get(k).and_then(serde_json::Value::as_array).map(|a| a.iter().map(each).collect()).unwrap_or_default()
}

fn row_kind(k: Option<String>) -> bill::RowKind {
    match k.as_deref() {
        Some("split") => bill::RowKind::Split,
        Some("return") => bill::RowKind::Return,
        _ => bill::RowKind::Other,
    }
}

fn bill_row(v: &serde_json::Value) -> bill::BillRow {
    bill::BillRow {
        line: take_usize(v, "line"),
        create_time: take_str(v, "create_time"),
        initiator: take_str(v, "initiator"),
        sponsor: take_str(v, "sponsor"),
        sub_mchid: take_str(v, "sub_mchid"),
        transaction_id: take_str(v, "transaction_id").unwrap_or_default(),
        order_id: take_str(v, "order_id"),
        out_order_no: take_str(v, "out_order_no"),
        detail_id: take_str(v, "detail_id"),
        receiver_account: take_str(v, "receiver_account").unwrap_or_default(),
        amount: take_i64(v, "amount"),
        business_type: take_str(v, "business_type").unwrap_or_default(),
        kind: row_kind(take_str(v, "kind")),
        status: take_str(v, "status"),
        description: take_str(v, "description"),
        extra: v.get("extra").map(|e| serde_json::from_value(e.clone()).unwrap()).unwrap_or_default(),
    }
}

fn through_bill_row(v: serde_json::Value) -> serde_json::Value {
    serde_json::to_value(bill_row(&v)).unwrap()
}

fn summary_cell(v: &serde_json::Value) -> bill::SummaryCell {
    bill::SummaryCell {
        name: take_str(v, "name").unwrap_or_default(),
        value: take_str(v, "value").unwrap_or_default(),
        fen: v.get("fen").map(|_| take_i64(v, "fen")),
    }
}

fn through_summary_cell(v: serde_json::Value) -> serde_json::Value {
    serde_json::to_value(summary_cell(&v)).unwrap()
}

fn through_bill(v: serde_json::Value) -> serde_json::Value {
    let b = bill::Bill { rows: take_list(&v, "rows", bill_row), summary_line: take_usize(&v, "summary_line"), summary: take_list(&v, "summary", summary_cell) };
    serde_json::to_value(b).unwrap()
}

fn reconcile_line(v: &serde_json::Value) -> bill::reconcile::Line {
    use bill::reconcile::LineStatus;
    bill::reconcile::Line {
        order: take_str(v, "order").unwrap_or_default(),
        kind: serde_json::from_value(v.get("kind").cloned().unwrap_or_else(|| serde_json::json!("split"))).unwrap(),
        out_no: take_str(v, "outNo").unwrap_or_default(),
        transaction_id: take_str(v, "transactionId"),
        account: take_str(v, "account").unwrap_or_default(),
        planned: take_u64(v, "planned"),
        billed: take_u64(v, "billed"),
        difference: take_i64(v, "difference"),
        status: match take_str(v, "status").as_deref() {
            Some("missing") => LineStatus::Missing,
            Some("extra") => LineStatus::Extra,
            Some("differs") => LineStatus::Differs,
            _ => LineStatus::Match,
        },
        bill_lines: take_list(v, "billLines", |n| usize::try_from(n.as_u64().unwrap()).unwrap()),
    }
}

fn through_reconcile_line(v: serde_json::Value) -> serde_json::Value {
    serde_json::to_value(reconcile_line(&v)).unwrap()
}

fn totals(v: &serde_json::Value) -> bill::reconcile::Totals {
    bill::reconcile::Totals {
        planned_split: take_u64(v, "plannedSplit").unwrap_or_default(),
        billed_split: take_u64(v, "billedSplit").unwrap_or_default(),
        planned_return: take_u64(v, "plannedReturn").unwrap_or_default(),
        billed_return: take_u64(v, "billedReturn").unwrap_or_default(),
        differences: take_usize(v, "differences"),
    }
}

fn through_totals(v: serde_json::Value) -> serde_json::Value {
    serde_json::to_value(totals(&v)).unwrap()
}

fn through_reconciliation(v: serde_json::Value) -> serde_json::Value {
    let r = bill::Reconciliation {
        lines: take_list(&v, "lines", reconcile_line),
        totals: v.get("totals").map(totals).unwrap_or_default(),
        ok: v.get("ok").and_then(serde_json::Value::as_bool).unwrap_or_default(),
    };
    serde_json::to_value(r).unwrap()
}

fn through_authorization_parts(v: serde_json::Value) -> serde_json::Value {
    let p = sign::AuthorizationParts {
        mchid: take_str(&v, "mchid").unwrap_or_default(),
        nonce_str: take_str(&v, "nonceStr").unwrap_or_default(),
        signature: take_str(&v, "signature").unwrap_or_default(),
        timestamp: take_u64(&v, "timestamp").unwrap_or_default(),
        serial_no: take_str(&v, "serialNo").unwrap_or_default(),
    };
    serde_json::to_value(p).unwrap()
}

fn outputs() -> Vec<Output> {
    const PS: &str = "src/api/profitsharing/";
    const PAY: &str = "src/api/payscore/";
    fn o(ts: &'static str, rust: &'static str, dir: &str, file: &str, through_rust: fn(serde_json::Value) -> serde_json::Value) -> Output {
        Output { ts, rust, file: Box::leak(format!("{dir}{file}").into_boxed_str()), through_rust, fields_of: rust, narrowed: &[] }
    }
    const SPLIT: &str = "src/split/";
    const BILL: &str = "src/bill/";
    // Split results carry known receiver types only: allocate throws, and check_plan/simulate skip
    // the request with `invalid_enum`, before a share or balance of any other type exists. So the
    // closed union of the inputs, not Open<…> (which would also loosen SplitReceiver as an input).
    const KNOWN_RECEIVER_TYPE: &[(&str, &str)] = &[("type", "ProfitSharingReceiverType")];
    // A split finding's code is a ViolationCode: Issue's Deserialize accepts only those, and the
    // split checks only write them (generated/constants.d.ts lists them).
    const VIOLATION_CODE: &[(&str, &str)] = &[("code", "ViolationCodeName")];
    vec![
        o("ReceiverEcho", "ReceiverEcho", PS, "receivers.rs", through::<ps::receivers::ReceiverEcho>),
        o("FundsAbnormalReceiver", "FundsAbnormalReceiver", PS, "order_result.rs", through::<ps::FundsAbnormalReceiver>),
        o("OrderReceiver", "OrderReceiver", PS, "order_result.rs", through::<ps::OrderReceiver>),
        o("OrderResult", "OrderResult", PS, "order_result.rs", through::<ps::OrderResult>),
        o("ReturnOrderResult", "ReturnOrderResult", PS, "return_order.rs", through::<ps::return_order::ReturnOrderResult>),
        o("FinishOrderResult", "FinishOrderResult", PS, "finish_order.rs", through::<ps::FinishOrderResult>),
        o("AmountsResult", "AmountsResult", PS, "amounts.rs", through::<ps::AmountsResult>),
        o("AfterSalesOrderResult", "AfterSalesOrderResult", PS, "after_sales.rs", through::<ps::AfterSalesOrderResult>),
        o("ProfitSharingBillResult", "BillResult", PS, "bills.rs", through::<ps::BillResult>),
        o("NotifiedReceiver", "NotifiedReceiver", "src/notify/", "profitsharing.rs", through_notified_receiver),
        o("ProfitSharingNotificationData", "ProfitSharingNotification", "src/notify/", "profitsharing.rs", through_profit_sharing_notification),
        o("PayscoreOrderPayment", "OrderPayment", PAY, "response.rs", through::<pay::OrderPayment>),
        o("PayscoreOrderDiscount", "OrderDiscount", PAY, "response.rs", through::<pay::OrderDiscount>),
        o("PayscoreOrderRiskFund", "OrderRiskFund", PAY, "response.rs", through::<pay::OrderRiskFund>),
        o("PayscoreOrderTimeRange", "OrderTimeRange", PAY, "response.rs", through::<pay::OrderTimeRange>),
        o("PayscoreOrderLocation", "OrderLocation", PAY, "response.rs", through::<pay::OrderLocation>),
        o("PayscoreGoodsDetail", "GoodsDetail", PAY, "response.rs", through::<pay::response::GoodsDetail>),
        o("PayscorePromotionDetail", "PromotionDetail", PAY, "response.rs", through::<pay::PromotionDetail>),
        o("PayscoreCollectionDetail", "CollectionDetail", PAY, "response.rs", through::<pay::CollectionDetail>),
        o("PayscoreCollection", "Collection", PAY, "response.rs", through::<pay::Collection>),
        o("PayscoreServiceOrder", "ServiceOrder", PAY, "response.rs", through::<pay::ServiceOrder>),
        o("PayscoreDeductInfo", "DeductInfo", PAY, "response.rs", through::<pay::DeductInfo>),
        o("PayscoreDeductionInfo", "DeductionInfo", PAY, "response.rs", through::<pay::DeductionInfo>),
        o("PayscoreAck", "Ack", PAY, "response.rs", through_ack),
        o("PayscorePrepayRequestBody", "PrepayRequestBody", PAY, "notify.rs", through::<pay::PrepayRequestBody>),
        o("PayscoreMchPrepayNotice", "MchPrepayNotice", PAY, "notify.rs", through::<pay::MchPrepayNotice>),
        o("PayscoreApplyPermissionsResult", "ApplyPermissionsResult", PAY, "permissions.rs", through::<pay::ApplyPermissionsResult>),
        o("PayscorePermissionRecord", "PermissionRecord", PAY, "permissions.rs", through::<pay::PermissionRecord>),
        o("PayscorePermissionNotice", "PermissionNotice", PAY, "permissions.rs", through::<pay::PermissionNotice>),
        o("PayscoreOrderGoods", "OrderGoods", PAY, "pay_on_delivery.rs", through::<pay::OrderGoods>),
        o("PayscoreOrderShoppingInfo", "OrderShoppingInfo", PAY, "pay_on_delivery.rs", through::<pay::OrderShoppingInfo>),
        o("PayscorePayOnDeliveryOrder", "PayOnDeliveryOrder", PAY, "pay_on_delivery.rs", through::<pay::PayOnDeliveryOrder>),
        o("AllowedOperations", "AllowedOperations", PAY, "state.rs", through_allowed_operations),
        // Split arithmetic (camelCase).
        o("Issue", "Issue", "src/", "error.rs", through_issue),
        o("Violation", "Violation", "src/", "error.rs", through_issue).alias_of("Issue").narrow(VIOLATION_CODE),
        o("SplitReceiver", "SplitReceiver", SPLIT, "plan.rs", through::<split::SplitReceiver>).narrow(KNOWN_RECEIVER_TYPE),
        o("Allocation", "Allocation", SPLIT, "allocate.rs", through::<split::Allocation>),
        o("PlanReport", "PlanReport", SPLIT, "plan.rs", through::<split::PlanReport>),
        o("ReceiverBalance", "ReceiverBalance", SPLIT, "ledger.rs", through::<split::ledger::ReceiverBalance>).narrow(KNOWN_RECEIVER_TYPE),
        o("SplitSnapshot", "Snapshot", SPLIT, "ledger.rs", through::<split::ledger::Snapshot>),
        o("SplitStep", "StepRecord", SPLIT, "ledger.rs", through::<split::ledger::StepRecord>),
        o("Simulation", "Simulation", SPLIT, "ledger.rs", through::<split::ledger::Simulation>),
        // The profit-sharing bill and its reconciliation.
        o("BillRow", "BillRow", BILL, "parse.rs", through_bill_row),
        o("BillSummaryCell", "SummaryCell", BILL, "parse.rs", through_summary_cell),
        o("Bill", "Bill", BILL, "parse.rs", through_bill),
        o("ReconcileLine", "Line", BILL, "reconcile.rs", through_reconcile_line),
        o("ReconcileTotals", "Totals", BILL, "reconcile.rs", through_totals),
        o("Reconciliation", "Reconciliation", BILL, "reconcile.rs", through_reconciliation),
        // Small answers.
        o("Verified", "Verified", "src/verify/", "signature.rs", through::<verify::Verified>),
        o("AuthorizationParts", "AuthorizationParts", "src/sign/", "authorization.rs", through_authorization_parts),
    ]
}

/// A string enum of the core as TypeScript: its name (a named union emitted in results.d.ts,
/// or imported), or its values inline; open when the core keeps unknown values.
struct EnumTs {
    rust: &'static str,
    /// The named union (emitted here unless `imported`), or `None` to inline the values.
    name: Option<&'static str>,
    imported: bool,
    values: Vec<String>,
    open: bool,
    docs: Vec<String>,
}

fn wire_enum(file: &str, rust: &'static str, name: Option<&'static str>, known: impl Fn(&str) -> bool) -> EnumTs {
    let source = read_src(file);
    let values = wire_enum_values(&source, rust, known);
    let lines: Vec<&str> = source.lines().collect();
    let at = lines.iter().position(|l| l.trim() == format!("{rust} {{")).unwrap();
    EnumTs { rust, name, imported: false, values, open: true, docs: docs_above(&lines, at) }
}

fn open_enum(rust: &'static str, known: &[&str]) -> EnumTs {
    EnumTs { rust, name: None, imported: false, values: known.iter().map(|v| (*v).to_owned()).collect(), open: true, docs: Vec::new() }
}

/// A closed enum of the core (every variant serialised; the `match` beside each list fails to
/// compile when a variant is added), inline.
fn closed_enum<const N: usize>(rust: &'static str, serialised: [serde_json::Value; N]) -> EnumTs {
    let values = serialised.iter().map(|v| v.as_str().unwrap().to_owned()).collect();
    EnumTs { rust, name: None, imported: false, values, open: false, docs: Vec::new() }
}

fn result_enums() -> Vec<EnumTs> {
    const RESPONSE: &str = "src/api/payscore/response.rs";
    const PERMISSIONS: &str = "src/api/payscore/permissions.rs";
    let operations = [
        pay::Operation::Query,
        pay::Operation::Cancel,
        pay::Operation::Complete,
        pay::Operation::Modify,
        pay::Operation::Sync,
        pay::Operation::RegisterDeductInfo,
        pay::Operation::QueryDeduction,
        pay::Operation::Refund,
    ];
    // Every variant of Operation is listed above: this match fails to compile when one is added.
    for op in operations {
        match op {
            pay::Operation::Query
            | pay::Operation::Cancel
            | pay::Operation::Complete
            | pay::Operation::Modify
            | pay::Operation::Sync
            | pay::Operation::RegisterDeductInfo
            | pay::Operation::QueryDeduction
            | pay::Operation::Refund => {}
        }
    }
    let serialised = |v: serde_json::Value| v.as_str().unwrap().to_owned();
    let op_source = read_src("src/api/payscore/state.rs");
    let op_lines: Vec<&str> = op_source.lines().collect();
    let op_at = op_lines.iter().position(|l| l.trim() == "pub enum Operation {").unwrap();
    vec![
        EnumTs { rust: "ReceiverType", name: Some("ProfitSharingReceiverType"), imported: true, values: Vec::new(), open: true, docs: Vec::new() },
        EnumTs { rust: "RiskFundName", name: Some("RiskFundName"), imported: true, values: Vec::new(), open: true, docs: Vec::new() },
        open_enum("OrderStatus", ps::OrderStatus::KNOWN),
        open_enum("ReceiverResult", ps::ReceiverResult::KNOWN),
        open_enum("ReceiverFailReason", ps::ReceiverFailReason::KNOWN),
        open_enum("ReturnResult", ps::ReturnResult::KNOWN),
        open_enum("ReturnFailReason", ps::ReturnFailReason::KNOWN),
        open_enum("AfterSalesResult", ps::AfterSalesResult::KNOWN),
        EnumTs {
            rust: "ProfitSharingKind",
            name: None,
            imported: false,
            values: [ps::notification::ProfitSharingKind::Split, ps::notification::ProfitSharingKind::Return]
                .into_iter()
                .map(|k| serialised(serde_json::to_value(k).unwrap()))
                .collect(),
            open: false,
            docs: Vec::new(),
        },
        wire_enum(RESPONSE, "OrderState", Some("PayscoreOrderState"), |v| !matches!(pay::OrderState::from_wire(v), pay::OrderState::Other(_))),
        wire_enum(RESPONSE, "StateDescription", Some("PayscoreStateDescription"), |v| {
            !matches!(pay::StateDescription::from_wire(v), pay::StateDescription::Other(_))
        }),
        wire_enum(RESPONSE, "CollectionState", Some("PayscoreCollectionState"), |v| {
            !matches!(pay::CollectionState::from_wire(v), pay::CollectionState::Other(_))
        }),
        wire_enum(RESPONSE, "PaidType", None, |v| !matches!(pay::PaidType::from_wire(v), pay::PaidType::Other(_))),
        wire_enum(PERMISSIONS, "AuthorizationState", Some("PayscoreAuthorizationState"), |v| {
            !matches!(pay::AuthorizationState::from_wire(v), pay::AuthorizationState::Other(_))
        }),
        wire_enum(PERMISSIONS, "UserServiceStatus", None, |v| !matches!(pay::UserServiceStatus::from_wire(v), pay::UserServiceStatus::Other(_))),
        closed_enum(
            "RowKind",
            [bill::RowKind::Split, bill::RowKind::Return, bill::RowKind::Other].map(|k| {
                match k {
                    bill::RowKind::Split | bill::RowKind::Return | bill::RowKind::Other => {}
                }
                serde_json::to_value(k).unwrap()
            }),
        ),
        closed_enum(
            "OperationKind",
            [split::ledger::OperationKind::Split, split::ledger::OperationKind::Return, split::ledger::OperationKind::Finish].map(|k| {
                match k {
                    split::ledger::OperationKind::Split | split::ledger::OperationKind::Return | split::ledger::OperationKind::Finish => {}
                }
                serde_json::to_value(k).unwrap()
            }),
        ),
        closed_enum(
            "EntryKind",
            [bill::reconcile::EntryKind::Split, bill::reconcile::EntryKind::Return, bill::reconcile::EntryKind::Other].map(|k| {
                match k {
                    bill::reconcile::EntryKind::Split | bill::reconcile::EntryKind::Return | bill::reconcile::EntryKind::Other => {}
                }
                serde_json::to_value(k).unwrap()
            }),
        ),
        closed_enum(
            "LineStatus",
            [
                bill::reconcile::LineStatus::Match,
                bill::reconcile::LineStatus::Missing,
                bill::reconcile::LineStatus::Extra,
                bill::reconcile::LineStatus::Differs,
            ]
            .map(|k| {
                match k {
                    bill::reconcile::LineStatus::Match
                    | bill::reconcile::LineStatus::Missing
                    | bill::reconcile::LineStatus::Extra
                    | bill::reconcile::LineStatus::Differs => {}
                }
                serde_json::to_value(k).unwrap()
            }),
        ),
        EnumTs {
            rust: "Operation",
            name: Some("PayscoreOperation"),
            imported: false,
            values: operations.iter().map(|op| serialised(serde_json::to_value(op).unwrap())).collect(),
            open: false,
            docs: docs_above(&op_lines, op_at),
        },
    ]
}

fn quoted_union(values: &[String]) -> String {
    values.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(" | ")
}

/// The TypeScript type of a result field's Rust type (`Option` unwrapped: the caller decides `?` or `| null`).
fn result_ts_type(rust: &str, table: &[Output], enums: &[EnumTs]) -> String {
    if let Some(inner) = rust.strip_prefix("Option<").and_then(|r| r.strip_suffix('>')) {
        return result_ts_type(inner, table, enums);
    }
    if let Some(inner) = rust.strip_prefix("Vec<").and_then(|r| r.strip_suffix('>')) {
        return format!("{}[]", result_ts_type(inner, table, enums));
    }
    let ts = match rust {
        "String" => "string",
        "bool" => "boolean",
        "u16" | "u32" | "u64" | "i64" | "usize" => "number",
        "&'static str" => "string",
        "serde_json::Value" => "unknown",
        "serde_json::Map<String, serde_json::Value>" | "Extra" => "Record<string, unknown>",
        "BTreeMap<String, String>" => "Record<string, string>",
        // Written with every field (the defaults filled in): the input type, imported.
        "Policy" => "SplitPolicy",
        other => {
            if let Some(o) = table.iter().find(|o| o.rust == other) {
                return o.ts.to_owned();
            }
            let e = enums
                .iter()
                .find(|e| e.rust == other)
                .unwrap_or_else(|| panic!("no TypeScript type for the Rust type {other}: extend result_ts_type, outputs() or result_enums()"));
            let inner = e.name.map_or_else(|| quoted_union(&e.values), str::to_owned);
            return if e.open { format!("Open<{inner}>") } else { inner };
        }
    };
    ts.to_owned()
}

/// A JSON value serde reads as the Rust type `rust` (every member present when `full`).
fn sample_value(rust: &str, table: &[Output], enums: &[EnumTs], full: bool) -> serde_json::Value {
    use serde_json::json;
    if let Some(inner) = rust.strip_prefix("Option<").and_then(|r| r.strip_suffix('>')) {
        return sample_value(inner, table, enums, full);
    }
    if let Some(inner) = rust.strip_prefix("Vec<").and_then(|r| r.strip_suffix('>')) {
        return json!([sample_value(inner, table, enums, full)]);
    }
    match rust {
        "String" | "serde_json::Value" => json!("x"),
        "bool" => json!(true),
        "u16" => json!(200),
        "u32" | "u64" | "i64" | "usize" => json!(1),
        "&'static str" => json!("required"),
        "serde_json::Map<String, serde_json::Value>" | "Extra" => json!({ "k": 1 }),
        "BTreeMap<String, String>" => json!({ "k": "v" }),
        "Policy" => json!({}),
        other => {
            if table.iter().any(|o| o.rust == other) {
                return serde_json::Value::Object(sample_object(other, table, enums, full).0);
            }
            let e = enums.iter().find(|e| e.rust == other).unwrap_or_else(|| panic!("no sample for the Rust type {other}"));
            match e.rust {
                "ReceiverType" => json!(ps::ReceiverType::KNOWN[0]),
                "RiskFundName" => json!("DEPOSIT"),
                _ => json!(e.values[0]),
            }
        }
    }
}

fn result_struct(rust: &str, table: &[Output]) -> Struct {
    let o = table.iter().find(|o| o.rust == rust).unwrap();
    let mut st = parse_struct(&read_src(o.file), o.fields_of);
    // The container attributes the generator knows; any other (tag, rename_all to another case,
    // transparent…) would change the keys: refuse it rather than emit the wrong ones.
    let words: Vec<&str> = st.serde.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '"')).filter(|w| !w.is_empty() && *w != "serde").collect();
    let camel_case = words.windows(2).any(|w| w == ["rename_all", "\"camelCase\""]);
    for w in &words {
        assert!(
            matches!(*w, "rename_all" | "\"camelCase\"" | "deny_unknown_fields" | "default"),
            "{rust}: container attribute `{w}` in `{}` is not handled by the generator",
            st.serde
        );
    }
    if camel_case {
        for f in &mut st.fields {
            if serde_rename_above_text(&f.serde).is_none() {
                f.name = camel(&f.name);
            }
        }
    }
    st
}

/// The `rename = "…"` of a field's serde attributes.
fn serde_rename_above_text(serde: &str) -> Option<&str> {
    serde.split_once("rename = \"").and_then(|(_, r)| r.split_once('"')).map(|(n, _)| n)
}

/// A sample object for a table struct (every field when `full`, the always-written ones
/// otherwise, plus one unknown key where the struct keeps them), and the keys serde must write
/// back for it.
fn sample_object(rust: &str, table: &[Output], enums: &[EnumTs], full: bool) -> (serde_json::Map<String, serde_json::Value>, Vec<String>) {
    let st = result_struct(rust, table);
    let mut obj = serde_json::Map::new();
    let mut keys = Vec::new();
    for f in st.fields.iter().filter(|f| !f.never_written()) {
        if f.flatten() {
            if matches!(f.rust_type.as_str(), "Extra" | "serde_json::Map<String, serde_json::Value>") {
                obj.insert(UNKNOWN_KEY.to_owned(), serde_json::json!({ "kept": [1, "二"] }));
                keys.push(UNKNOWN_KEY.to_owned());
            } else {
                let (inner, inner_keys) = sample_object(&f.rust_type, table, enums, full);
                obj.extend(inner);
                keys.extend(inner_keys);
            }
        } else if full || !f.omittable() {
            obj.insert(f.name.clone(), sample_value(&f.rust_type, table, enums, full));
            keys.push(f.name.clone());
        }
    }
    keys.sort();
    keys.dedup();
    (obj, keys)
}

/// Checks that serde writes exactly the keys emitted for `o`: every field, and only the
/// required ones when the optional ones are absent.
fn check_output(o: &Output, table: &[Output], enums: &[EnumTs]) {
    for full in [true, false] {
        let (sample, want) = sample_object(o.rust, table, enums, full);
        let written = (o.through_rust)(serde_json::Value::Object(sample.clone()));
        let mut got: Vec<String> = written.as_object().unwrap_or_else(|| panic!("{}: serde wrote {written}, not an object", o.rust)).keys().cloned().collect();
        got.sort();
        assert_eq!(
            got,
            want,
            "{} ({}): serde writes other keys than results.d.ts declares for the sample {} ({})",
            o.rust,
            o.ts,
            serde_json::Value::Object(sample),
            if full { "every field" } else { "required fields only" }
        );
    }
}

/// The docs of `pub type {rust} = {fields_of};`, wherever in src/ it is declared.
fn alias_docs(o: &Output) -> Vec<String> {
    let decl = format!("pub type {} = {};", o.rust, o.fields_of);
    let mut files = Vec::new();
    rust_files(&repo_root().join("src"), &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        if let Some(at) = lines.iter().position(|l| l.trim() == decl) {
            return docs_above(&lines, at);
        }
    }
    panic!("`{decl}` not found in src/");
}

fn results_dts() -> String {
    let table = outputs();
    let enums = result_enums();
    let mut s = format!("// {HEADER}\n\n");
    s.push_str("import type { ProfitSharingReceiverType, RiskFundName, SplitPolicy } from './inputs.js';\n");
    s.push_str("import type { ViolationCodeName } from './constants.js';\n\n");
    s.push_str("/** Keeps autocomplete for the known values while accepting the ones WeChat Pay adds later (the core keeps them as sent). */\n");
    s.push_str("type Open<T extends string> = T | (string & {});\n");
    for e in enums.iter().filter(|e| e.name.is_some() && !e.imported) {
        s.push('\n');
        let mut docs = e.docs.clone();
        if e.open {
            docs.push(String::new());
            docs.push("Fields of this type are open (`Open<…>`): a value this version does not know is kept as sent.".to_owned());
        }
        write_docs(&mut s, "", &docs);
        writeln!(s, "export type {} = {};", e.name.unwrap(), quoted_union(&e.values)).unwrap();
    }
    for o in &table {
        check_output(o, &table, &enums);
        let st = result_struct(o.rust, &table);
        s.push('\n');
        write_docs(&mut s, "", &if o.fields_of == o.rust { st.docs.clone() } else { alias_docs(o) });
        let parents: Vec<String> = st
            .fields
            .iter()
            .filter(|f| f.flatten() && table.iter().any(|t| t.rust == f.rust_type))
            .map(|f| result_ts_type(&f.rust_type, &table, &enums))
            .collect();
        if parents.is_empty() {
            writeln!(s, "export interface {} {{", o.ts).unwrap();
        } else {
            writeln!(s, "export interface {} extends {} {{", o.ts, parents.join(", ")).unwrap();
        }
        let mut index = None;
        for f in st.fields.iter().filter(|f| !f.never_written()) {
            if f.flatten() {
                if !table.iter().any(|t| t.rust == f.rust_type) {
                    index = Some(f.docs.clone());
                }
                continue;
            }
            let ty = o.narrowed.iter().find(|(n, _)| *n == f.name).map_or_else(|| result_ts_type(&f.rust_type, &table, &enums), |(_, t)| (*t).to_owned());
            let nullable = f.rust_type.starts_with("Option<") && !f.omittable();
            write_docs(&mut s, "  ", &f.docs);
            writeln!(s, "  {}{}: {ty}{};", f.name, if f.omittable() { "?" } else { "" }, if nullable { " | null" } else { "" }).unwrap();
        }
        if let Some(docs) = index {
            let docs = if docs.is_empty() { vec!["Fields this version does not know, kept as received.".to_owned()] } else { docs };
            write_docs(&mut s, "  ", &docs);
            s.push_str("  [extra: string]: unknown;\n");
        }
        s.push_str("}\n");
    }
    s.push_str("\nexport {};\n");
    s
}

// ---- the entries' export lines ----------------------------------------------------------
//
// ESM named exports must be static for bundlers, so each entry spells its export list out.
// The list itself is kept once, in pkg-template/src/exports.js; the block between the markers
// of every entry is written from it.

/// The entries whose export block is generated, relative to the repository root: the main
/// entries from `EXPORTS`, the lite ones (wechatpay-edge/lite) from `LITE_EXPORTS`.
pub const ENTRIES: &[&str] = &["pkg-template/entry/node.js", "pkg-template/entry/workerd.js", "pkg-template/entry/browser.js"];
pub const LITE_ENTRIES: &[&str] = &["pkg-template/lite/node.js", "pkg-template/lite/workerd.js", "pkg-template/lite/browser.js"];
/// The lite entry's typings: its names re-exported from the main declarations (../index.d.ts).
const LITE_TYPES: &str = "pkg-template/lite/index.d.ts";
const EXPORTS_SRC: &str = "pkg-template/src/exports.js";
const LITE_MARK: &str = "export const LITE_EXPORTS";
const BEGIN: &str = "// ---- exports: generated from src/exports.js by `cargo run --example gen-contracts`; do not edit ----\n";
const END: &str = "// ---- end of the generated exports ----\n";

type Kinds = Vec<(String, Vec<String>)>;

/// The export lists of src/exports.js: (kind, names), kinds in file order; `EXPORTS` first, then
/// `LITE_EXPORTS`, whose names must all be in `EXPORTS` under the same kind.
fn export_kinds() -> (Kinds, Kinds) {
    let text = read_src(EXPORTS_SRC);
    let at = text.find(LITE_MARK).unwrap_or_else(|| panic!("{EXPORTS_SRC}: `{LITE_MARK}` is missing"));
    let (main, lite) = (export_list(&text[..at]), export_list(&text[at..]));
    for (kind, names) in &lite {
        let of_main = &main.iter().find(|(k, _)| k == kind).unwrap().1;
        for n in names {
            assert!(of_main.contains(n), "{EXPORTS_SRC}: LITE_EXPORTS.{kind} has {n}, which EXPORTS.{kind} lacks");
        }
    }
    (main, lite)
}

fn export_list(text: &str) -> Kinds {
    let mut kinds: Kinds = Vec::new();
    for line in text.lines() {
        let l = line.trim();
        if let Some(kind) = l.strip_suffix(": Object.freeze([").or_else(|| l.strip_suffix(": Object.freeze([]),")) {
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
    if entry.ends_with(".d.ts") {
        s.push_str("export {\n");
        for n in kinds.iter().flat_map(|(_, n)| n) {
            writeln!(s, "  {n},").unwrap();
        }
        s.push_str("  runtime,\n  init,\n} from '../index.js';\n");
        s.push_str(END);
        return s;
    }
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
    let (main, lite) = export_kinds();
    let with = |list: &'static [&'static str], kinds: &Kinds| -> Vec<(&'static str, String)> {
        list.iter()
            .map(|&rel| {
                let text = read_src(rel);
                let start = text.find(BEGIN).unwrap_or_else(|| panic!("{rel}: the line `{}` is missing", BEGIN.trim_end()));
                let end = text[start..].find(END).unwrap_or_else(|| panic!("{rel}: the line `{}` is missing", END.trim_end())) + start + END.len();
                (rel, format!("{}{}{}", &text[..start], export_block(rel, kinds), &text[end..]))
            })
            .collect()
    };
    let mut out = with(ENTRIES, &main);
    out.extend(with(LITE_ENTRIES, &lite));
    out.extend(with(&[LITE_TYPES], &lite));
    out
}
