//! Writes the seed corpora: `cargo run --release --example seedgen [-- OUT_DIR]`
//! (default `fuzz/corpus`). Seeds come from tests/fixtures, tests/vectors,
//! the JSON literals in the unit tests under src/, and fuzz/seeds/<target>/.
//! Existing files are kept; seeds are named by content hash.

use std::collections::BTreeMap;
use std::path::PathBuf;

use wechatpay_edge_fuzz::seedlib::{hand_seeds, json_literals, repo_root};
use wechatpay_edge_fuzz::{aead, authorization, certificates, keys, notification, payscore, profitsharing, split, verify};

fn fnv(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3))
}

/// Hand-written JSON under fuzz/seeds/<target>/*.json.
fn hand_json(target: &str) -> Vec<String> {
    hand_seeds(target).into_iter().filter(|(n, _)| n.ends_with(".json")).map(|(_, b)| String::from_utf8_lossy(&b).trim().to_owned()).collect()
}

fn merged(mut a: Vec<String>, b: Vec<String>) -> Vec<String> {
    for x in b {
        if !a.contains(&x) {
            a.push(x);
        }
    }
    a
}

/// Member names and short string values of JSON texts, quoted as they appear.
fn tokens(jsons: &[String]) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(o) => {
                for (k, x) in o {
                    out.push(format!("\"{k}\":"));
                    walk(x, out);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::String(s) if s.len() <= 40 => out.push(format!("\"{s}\"")),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for j in jsons {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(j) {
            walk(&v, &mut out);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// libFuzzer dictionary escaping: printable ASCII except `"` and `\\`, else `\\xNN`.
fn escape(t: &str) -> String {
    t.bytes().map(|b| if (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\' { char::from(b).to_string() } else { format!("\\x{b:02X}") }).collect()
}

fn main() {
    let out_root = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(|| repo_root().join("fuzz/corpus"));

    let ps_payloads = merged(json_literals("src/notify/profitsharing.rs"), hand_json("fuzz_notification"));
    let pay_payloads = json_literals("src/api/payscore/notify.rs");
    let ps_literals = merged(merged(json_literals("src/api/profitsharing"), ps_payloads.clone()), hand_json("fuzz_profitsharing"));
    let pay_literals = merged(json_literals("src/api/payscore"), hand_json("fuzz_payscore"));

    let mut split_seeds = split::seeds();
    for (name, bytes) in hand_seeds("fuzz_split") {
        let mode = if name.starts_with("allocate") {
            0u8
        } else if name.starts_with("plan") {
            1
        } else {
            2
        };
        split_seeds.push([&[mode][..], bytes.trim_ascii()].concat());
    }

    // Dictionaries: every JSON member name and short string value the seeds use.
    let mut dicts: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    dicts.insert("fuzz_profitsharing", tokens(&ps_literals));
    dicts.insert("fuzz_payscore", tokens(&pay_literals));
    dicts.insert("fuzz_notification", tokens(&merged(ps_payloads.clone(), pay_payloads.clone())));
    let split_json: Vec<String> = hand_json("fuzz_split");
    dicts.insert("fuzz_split", tokens(&split_json));
    dicts.insert(
        "fuzz_certificates",
        ["data", "serial_no", "encrypt_certificate", "algorithm", "nonce", "associated_data", "ciphertext", "AEAD_AES_256_GCM"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
    );
    for (target, toks) in &dicts {
        let path = out_root.join(format!("{target}.dict"));
        let text: String = toks.iter().map(|t| format!("\"{}\"\n", escape(t))).collect();
        std::fs::create_dir_all(&out_root).ok();
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        println!("{target}: {} dictionary tokens in {}", toks.len(), path.display());
    }

    let mut all: BTreeMap<&str, Vec<Vec<u8>>> = BTreeMap::new();
    all.insert("fuzz_authorization", authorization::seeds());
    all.insert("fuzz_verify", verify::seeds());
    all.insert("fuzz_notification", notification::seeds(&ps_payloads, &pay_payloads));
    all.insert("fuzz_aead", aead::seeds());
    all.insert("fuzz_keys", keys::seeds());
    all.insert("fuzz_certificates", certificates::seeds());
    all.insert("fuzz_profitsharing", profitsharing::seeds(&ps_literals));
    all.insert("fuzz_payscore", payscore::seeds(&pay_literals));
    all.insert("fuzz_split", split_seeds);
    all.insert("fuzz_bill", wechatpay_edge_fuzz::bill::seeds());

    println!(
        "JSON literals: {} profit-sharing, {} payscore, {} notification payloads",
        ps_literals.len(),
        pay_literals.len(),
        ps_payloads.len() + pay_payloads.len()
    );
    for (target, seeds) in all {
        let dir = out_root.join(target);
        if let Err(e) = std::fs::create_dir_all(&dir) {
            panic!("cannot create {}: {e}", dir.display());
        }
        let mut written = 0;
        for s in &seeds {
            let path = dir.join(format!("seed-{:016x}", fnv(s)));
            if !path.exists() {
                std::fs::write(&path, s).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
                written += 1;
            }
        }
        println!("{target}: {} seeds ({written} new) in {}", seeds.len(), dir.display());
    }
}
