//! `fuzz_keys`: key import (`MerchantKey::from_pem`,
//! `PlatformKey::from_certificate_pem` / `from_public_key_pem`) and
//! `PlatformKeySet` lookups.
//!
//! Framing ([`Case`]): `which:u8`, `shape:u8`, `eol`, `mchid`, `serial`, `id`,
//! `label` (choice_or_string each), `rest` = payload. `shape % 4`:
//! 0 the payload is the PEM text; 1 the payload is DER, wrapped as
//! `-----BEGIN {label}-----` with 64-column base64 lines ending in `eol`;
//! 2 bare base64 of the DER; 3 as 1 with text around the block. Wrapping
//! lets the fuzzer mutate the DER (X.509, PKCS#8, PKCS#1, SPKI parsers)
//! rather than base64 text. `which % 4`: merchant key, certificate, public
//! key, key set.

use wechatpay_edge::keys::{MerchantKey, PlatformKey, PlatformKeySet};

use crate::fixtures::{self, keyset, pem_der, platform_key, pubkey_key, wrap_pem, MCHID, MERCHANT_SERIAL, PUBLIC_KEY_ID};
use crate::framing::{Reader, Writer};

pub const EOLS: &[&str] = &["\n", "\r\n", "\\n"];
pub const MCHIDS: &[&str] = &[MCHID, "", "19000001OO"];
pub const SERIALS: &[&str] = &[MERCHANT_SERIAL, "3775b6a45acd588826d15e583a95f5dd4b0a5a69 ", "5157F09EFDC096DE15EBE81A47057A7232F2E1F1", "zz"];
pub const IDS: &[&str] = &[PUBLIC_KEY_ID, "PUB_KEY_ID_", " PUB_KEY_ID_01 ", "5157F09EFDC096DE15EBE81A47057A7232F2E1F1"];
pub const LABELS: &[&str] =
    &["PRIVATE KEY", "RSA PRIVATE KEY", "CERTIFICATE", "PUBLIC KEY", "RSA PUBLIC KEY", "ENCRYPTED PRIVATE KEY", "EC PRIVATE KEY", "TESTING KEY"];

#[derive(Debug, Clone)]
pub struct Case {
    pub which: u8,
    pub shape: u8,
    pub eol: String,
    pub mchid: String,
    pub serial: String,
    pub id: String,
    pub label: String,
    pub payload: Vec<u8>,
}

impl Case {
    pub fn decode(data: &[u8]) -> Case {
        let mut r = Reader::new(data);
        Case {
            which: r.u8() % 4,
            shape: r.u8() % 4,
            eol: r.choice_or_string(EOLS),
            mchid: r.choice_or_string(MCHIDS),
            serial: r.choice_or_string(SERIALS),
            id: r.choice_or_string(IDS),
            label: r.choice_or_string(LABELS),
            payload: r.rest().to_vec(),
        }
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u8(self.which).u8(self.shape).choose(EOLS, &self.eol).choose(MCHIDS, &self.mchid).choose(SERIALS, &self.serial);
        w.choose(IDS, &self.id).choose(LABELS, &self.label).rest(&self.payload).finish()
    }

    pub fn text(&self) -> String {
        use base64::Engine;
        match self.shape {
            0 => String::from_utf8_lossy(&self.payload).into_owned(),
            1 => wrap_pem(&self.label, &self.payload, &self.eol),
            2 => base64::engine::general_purpose::STANDARD.encode(&self.payload),
            _ => format!("  subject=CN=x{eol}{}trailer{eol}", wrap_pem(&self.label, &self.payload, &self.eol), eol = self.eol),
        }
    }
}

fn spki_round_trip(k: &PlatformKey) {
    let spki = k.to_spki_der().unwrap_or_else(|e| panic!("accepted key does not encode: {e:?}"));
    let again = PlatformKey::from_public_key_pem(PUBLIC_KEY_ID, &wrap_pem("PUBLIC KEY", &spki, "\n"))
        .unwrap_or_else(|e| panic!("re-import of an accepted key failed: {e:?}"));
    // An accepted key must load in rsa too: the import checks stand in for rsa's.
    let loaded = |key: &PlatformKey| key.rsa().cloned().unwrap_or_else(|e| panic!("an accepted public key does not load in rsa: {e:?}"));
    assert!(loaded(&again) == loaded(k));
}

pub fn run(data: &[u8]) {
    let c = Case::decode(data);
    let text = c.text();
    match c.which {
        0 => {
            if let Ok(k) = MerchantKey::from_pem(&c.mchid, &c.serial, &text) {
                assert_eq!(k.mchid(), c.mchid);
                assert!(k.serial_no().eq_ignore_ascii_case(c.serial.trim()));
                let der = k.to_pkcs8_der().unwrap_or_else(|e| panic!("accepted key does not encode: {e:?}"));
                let again = MerchantKey::from_pem(&c.mchid, &c.serial, &wrap_pem("PRIVATE KEY", &der, "\n"))
                    .unwrap_or_else(|e| panic!("re-import of an accepted private key failed: {e:?}"));
                // An accepted key must load in rsa too: the import checks stand in for rsa's.
                let loaded = |key: &MerchantKey| key.public_key().unwrap_or_else(|e| panic!("an accepted private key does not load in rsa: {e:?}"));
                assert!(loaded(&again) == loaded(&k));
            }
        }
        1 => {
            if let Ok(k) = PlatformKey::from_certificate_pem(&text) {
                assert!(!k.serial().is_empty() && !k.is_public_key());
                spki_round_trip(&k);
            }
        }
        2 => {
            if let Ok(k) = PlatformKey::from_public_key_pem(&c.id, &text) {
                assert_eq!(k.serial(), c.id.trim());
                spki_round_trip(&k);
            }
        }
        _ => {
            let mut keys = vec![platform_key().clone(), pubkey_key().clone()];
            if let Ok(k) = PlatformKey::from_certificate_pem(&text) {
                keys.push(k);
            }
            let merchant_serial = (!c.mchid.is_empty()).then_some(c.serial.as_str());
            if let Ok(set) = PlatformKeySet::new(keys, merchant_serial) {
                if let Ok(k) = set.get(&c.id) {
                    assert!(k.serial().eq_ignore_ascii_case(&c.id));
                }
                assert!(set.encryption_key().is_some());
                let _ = keyset().get(&c.id);
            }
        }
    }
}

fn pems_from_vectors() -> Vec<String> {
    let mut out = Vec::new();
    for src in [fixtures::SIGN_VECTORS, fixtures::VERIFY_VECTORS, fixtures::AEAD_VECTORS, fixtures::OAEP_VECTORS] {
        let v: serde_json::Value = serde_json::from_str(src).unwrap_or_default();
        for vec in v["vectors"].as_array().into_iter().flatten() {
            for val in vec.as_object().into_iter().flat_map(|o| o.values()) {
                if let Some(s) = val.as_str().filter(|s| s.contains("-----BEGIN ")) {
                    out.push(s.to_owned());
                }
            }
        }
    }
    out
}

/// Seeds: every fixture and vector PEM, as text and as labelled DER, for
/// each parser.
pub fn seeds() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut pems: Vec<String> = fixtures::ALL_PEMS.iter().map(|(_, p)| (*p).to_owned()).collect();
    pems.extend(pems_from_vectors());
    for pem in &pems {
        let (label, der) = pem_der(pem).unwrap_or_default();
        let which = if label.contains("PRIVATE") {
            0
        } else if label == "CERTIFICATE" {
            1
        } else {
            2
        };
        let base = Case {
            which,
            shape: 0,
            eol: "\n".into(),
            mchid: MCHID.into(),
            serial: MERCHANT_SERIAL.into(),
            id: PUBLIC_KEY_ID.into(),
            label: label.clone(),
            payload: pem.as_bytes().to_vec(),
        };
        out.push(base.encode());
        out.push(Case { shape: 1, payload: der.clone(), ..base.clone() }.encode());
        if which == 0 {
            out.push(Case { shape: 2, payload: der.clone(), ..base.clone() }.encode());
        }
        if which == 1 {
            out.push(Case { which: 3, ..base.clone() }.encode());
            out.push(Case { shape: 3, eol: "\r\n".into(), payload: der, ..base.clone() }.encode());
        }
    }
    out
}
