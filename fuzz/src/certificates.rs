//! `fuzz_certificates`: `keys::load_certificates` (the `/v3/certificates` body).
//!
//! Framing: `mode:u8`, `key` (choice_or_bytes: the fixture APIv3 key), then by
//! `mode % 2`:
//! 0. raw: `rest` = response body;
//! 1. built: `count:u8` (mod 4) entries of [`Entry`]; the harness seals each
//!    certificate with the fixture APIv3 key so X.509 parsing is reached.
//!    An entry's certificate is a fixture PEM or fuzzer bytes, as PEM text or
//!    as DER that the harness wraps.

use wechatpay_edge::crypto::aead;
use wechatpay_edge::keys::{load_certificates, PlatformKeySet};

use crate::fixtures::{wrap_pem, APIV3_KEY, MERCHANT_CERT, PLATFORM2_CERT, PLATFORM2_SERIAL, PLATFORM_CERT, PLATFORM_SERIAL, WECHATPAY_PUBKEY};
use crate::framing::{Reader, Writer};

pub const SERIALS: &[&str] = &[PLATFORM_SERIAL, PLATFORM2_SERIAL, " 5157f09efdc096de15ebe81a47057a7232f2e1f1 ", ""];
pub const ALGORITHMS: &[&str] = &["AEAD_AES_256_GCM", "AEAD_AES_128_GCM"];
pub const NONCES: &[&str] = &["fW3kXy7QmP2s", "short"];
pub const AADS: &[&str] = &["certificate", ""];
/// Fixture certificates an entry can name with one byte; index 0 and 1 match SERIALS 0 and 1.
pub const CERTS: &[&str] = &[PLATFORM_CERT, PLATFORM2_CERT, MERCHANT_CERT, WECHATPAY_PUBKEY];

#[derive(Debug, Clone)]
pub enum Cert {
    Fixture(usize),
    Text(Vec<u8>),
    Der(Vec<u8>),
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub serial_no: String,
    pub algorithm: String,
    pub nonce: String,
    pub aad: String,
    pub cert: Cert,
}

impl Entry {
    fn decode(r: &mut Reader) -> Entry {
        let serial_no = r.choice_or_string(SERIALS);
        let algorithm = r.choice_or_string(ALGORITHMS);
        let nonce = r.choice_or_string(NONCES);
        let aad = r.choice_or_string(AADS);
        let sel = r.u8();
        let cert = if sel < 0x80 {
            Cert::Fixture(usize::from(sel) % CERTS.len())
        } else if sel & 1 == 0 {
            Cert::Text(r.bytes().to_vec())
        } else {
            Cert::Der(r.bytes().to_vec())
        };
        Entry { serial_no, algorithm, nonce, aad, cert }
    }

    fn encode(&self, w: &mut Writer) {
        w.choose(SERIALS, &self.serial_no).choose(ALGORITHMS, &self.algorithm).choose(NONCES, &self.nonce).choose(AADS, &self.aad);
        match &self.cert {
            Cert::Fixture(i) => w.choice(*i),
            Cert::Text(b) => w.u8(0xfe).bytes(b),
            Cert::Der(b) => w.u8(0xff).bytes(b),
        };
    }

    fn pem(&self) -> Vec<u8> {
        match &self.cert {
            Cert::Fixture(i) => CERTS[*i].as_bytes().to_vec(),
            Cert::Text(b) => b.clone(),
            Cert::Der(d) => wrap_pem("CERTIFICATE", d, "\n").into_bytes(),
        }
    }

    /// True when this entry must load with the right key.
    fn valid(&self) -> bool {
        let serial = match self.cert {
            Cert::Fixture(0) => PLATFORM_SERIAL,
            Cert::Fixture(1) => PLATFORM2_SERIAL,
            _ => return false,
        };
        self.serial_no.trim().eq_ignore_ascii_case(serial) && self.algorithm == ALGORITHMS[0] && self.nonce.len() == 12
    }
}

pub fn body(entries: &[Entry]) -> String {
    let data: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            let ct = aead::seal(APIV3_KEY, &e.nonce, &e.aad, &e.pem()).unwrap_or_else(|_| "c2hvcnQ=".to_owned());
            serde_json::json!({
                "serial_no": e.serial_no,
                "effective_time": "2023-09-19T23:15:58+08:00",
                "expire_time": "2028-09-17T23:15:58+08:00",
                "encrypt_certificate": {
                    "algorithm": e.algorithm,
                    "nonce": e.nonce,
                    "associated_data": e.aad,
                    "ciphertext": ct,
                }
            })
        })
        .collect();
    serde_json::json!({ "data": data }).to_string()
}

pub fn run(data: &[u8]) {
    let mut r = Reader::new(data);
    let mode = r.u8() % 2;
    let key = r.choice_or_bytes(&[APIV3_KEY]);
    if mode == 0 {
        let body = r.rest_str();
        if let Ok(keys) = load_certificates(&body, &key) {
            assert!(!keys.is_empty());
            let _ = PlatformKeySet::new(keys, None);
        }
        return;
    }
    let n = r.u8() % 4;
    let entries: Vec<Entry> = (0..n).map(|_| Entry::decode(&mut r)).collect();
    let body = body(&entries);
    let result = load_certificates(&body, &key);
    match &result {
        Ok(keys) => {
            assert_eq!(keys.len(), entries.len());
            for (k, e) in keys.iter().zip(&entries) {
                assert!(k.serial().eq_ignore_ascii_case(e.serial_no.trim()));
                assert!(!k.is_public_key());
            }
            assert!(PlatformKeySet::new(keys.clone(), None).is_ok());
        }
        Err(e) => {
            let must_load = key == APIV3_KEY && !entries.is_empty() && entries.iter().all(Entry::valid);
            assert!(!must_load, "valid certificates were refused: {e:?}");
        }
    }
}

pub fn encode_built(key: &[u8], entries: &[Entry]) -> Vec<u8> {
    let mut w = Writer::new();
    w.u8(1);
    if key == APIV3_KEY {
        w.choice(0)
    } else {
        w.custom_bytes(key)
    };
    w.u8(u8::try_from(entries.len()).unwrap_or(3));
    for e in entries {
        e.encode(&mut w);
    }
    w.finish()
}

/// Seeds: fixture certificates as PEM and DER, and the captured download
/// responses in `tests/vectors/aead.json` (raw, with their own key).
pub fn seeds() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let entry =
        |serial: &str, cert: Cert| Entry { serial_no: serial.into(), algorithm: ALGORITHMS[0].into(), nonce: NONCES[0].into(), aad: AADS[0].into(), cert };
    let der = |pem: &str| crate::fixtures::pem_der(pem).map(|(_, d)| d).unwrap_or_default();
    out.push(encode_built(APIV3_KEY, &[entry(PLATFORM_SERIAL, Cert::Fixture(0))]));
    out.push(encode_built(APIV3_KEY, &[entry(PLATFORM_SERIAL, Cert::Fixture(0)), entry(PLATFORM2_SERIAL, Cert::Fixture(1))]));
    out.push(encode_built(APIV3_KEY, &[entry(PLATFORM_SERIAL, Cert::Der(der(PLATFORM_CERT)))]));
    out.push(encode_built(APIV3_KEY, &[entry(PLATFORM2_SERIAL, Cert::Text(PLATFORM2_CERT.as_bytes().to_vec()))]));
    out.push(encode_built(APIV3_KEY, &[entry(PLATFORM2_SERIAL, Cert::Fixture(0))]));
    let v: serde_json::Value = serde_json::from_str(crate::fixtures::AEAD_VECTORS).unwrap_or_default();
    let mut w = Writer::new();
    for vec in v["vectors"].as_array().into_iter().flatten() {
        if let (Some(b), Some(k)) = (vec["response_body"].as_str(), vec["key"].as_str()) {
            out.push(w.u8(0).custom_bytes(k.as_bytes()).rest(b.as_bytes()).finish());
            if let Some(pem) = vec["plaintext"].as_str() {
                let serial = vec["expected_serial_no"].as_str().unwrap_or("");
                out.push(encode_built(APIV3_KEY, &[entry(serial, Cert::Der(der(pem)))]));
            }
        }
    }
    out.push(w.u8(0).choice(0).rest(body(&[entry(PLATFORM_SERIAL, Cert::Fixture(0))]).as_bytes()).finish());
    out
}
