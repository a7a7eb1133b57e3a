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

use wechatpay_edge::{crypto, keys, notify, sign, split, verify};

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
    vec![("constants.js", c.js()), ("constants.d.ts", c.dts())]
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

        // Size limits, named as `wasmLimits()` names them (src/wasm/protocol.rs LENGTH_CAPS and the
        // fixed entries). Two of them live in the wasm-only module and are restated here:
        // tests/js/constants.test.mjs compares this table with wasmLimits() of the built package.
        let u = |n: usize| n as u64;
        let limits = vec![
            ("headerValue", u(verify::headers::MAX_VALUE_LEN)),
            ("notificationBody", u(notify::MAX_BODY_LEN)),
            ("responseBody", u(verify::response::MAX_BODY_LEN)),
            ("inputJson", 256 * 1024), // src/wasm/convert.rs MAX_INPUT_LEN (UTF-16 units)
            ("apiV3Key", u(crypto::aead::APIV3_KEY_LEN)),
            ("identifier", u(keys::MAX_IDENTIFIER_LEN)),
            ("authorizationHeader", u(sign::authorization::MAX_HEADER_LEN)),
            ("keyPem", u(keys::pem::MAX_PEM_LEN)),
            ("method", u(sign::message::MAX_METHOD_LEN)),
            ("url", u(sign::message::MAX_URL_LEN)),
            ("nonce", u(sign::message::MAX_NONCE_LEN)),
            ("requestBody", u(sign::message::MAX_BODY_LEN)),
            ("message", u(sign::message::MAX_MESSAGE_LEN)),
            ("signature", u(crypto::rsa_sig::MAX_SIGNATURE_LEN)),
            ("sensitivePlaintext", u(crypto::oaep::MAX_PLAINTEXT_LEN)),
            ("sensitiveCiphertext", u(crypto::oaep::MAX_CIPHERTEXT_LEN)),
            ("nackMessage", 512), // src/wasm/protocol.rs MAX_NACK_MESSAGE_LEN
        ];
        let header_names = verify::headers::READ.iter().map(|n| n.to_ascii_lowercase()).collect();

        Constants {
            error_codes,
            violation_codes,
            issue_codes: issue_codes.into_iter().collect(),
            default_policy,
            official_policy,
            limits,
            header_names,
            tolerance_sec: verify::DEFAULT_TOLERANCE_SEC,
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
        writeln!(s, "export const DEFAULT_TOLERANCE_SEC = {};", self.tolerance_sec).unwrap();
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
        s
    }
}
