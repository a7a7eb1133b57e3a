//! `fuzz_verify`: `verify_message`, `verify_response`, `check_message`,
//! `api_failure` over structured header lists.
//!
//! Framing ([`Case`]): `flags:u8`, `status:u16`, `clock:i64`, `tolerance:u32`,
//! `count:u8` (mod 13) headers of (`name`, `value`) choice_or_string from
//! [`NAMES`] / [`VALUES`], then `rest` = body.
//!
//! flags: bit0 sign the message for real (with the platform certificate key,
//! or with the WeChat Pay public key when bit1), so the fuzzer also explores
//! the accepting path; bit2 go through `verify_response(status, …)`; bit3 use
//! `clock` as `now` (else `now` = the message timestamp + `clock % 1000`);
//! bit4 use `tolerance` (else 300).

use wechatpay_edge::sign::response_message;
use wechatpay_edge::verify::{self, WechatpayHeaders};

use crate::fixtures::{keyset, platform_signer, pubkey_signer, sign_cached, MERCHANT_SERIAL, NOW, PLATFORM2_SERIAL, PLATFORM_SERIAL, PUBLIC_KEY_ID, SCHEME};
use crate::framing::{Reader, Writer};

pub const NAMES: &[&str] = &[
    "Wechatpay-Timestamp",
    "Wechatpay-Nonce",
    "Wechatpay-Signature",
    "Wechatpay-Serial",
    "Wechatpay-Signature-Type",
    "Request-ID",
    "wechatpay-timestamp",
    "WECHATPAY-SERIAL",
    " Wechatpay-Nonce ",
    "Content-Type",
];
pub const VALUES: &[&str] = &[
    "1800000000",
    " 1800000000 ",
    PLATFORM_SERIAL,
    PUBLIC_KEY_ID,
    MERCHANT_SERIAL,
    PLATFORM2_SERIAL,
    "5157f09efdc096de15ebe81a47057a7232f2e1f1",
    SCHEME,
    "WECHATPAY2-SM2-WITH-SM3",
    "WECHATPAY/SIGNTEST/Zm9v+/==",
    "nonceABC",
    "",
    "08F78BB5AF0610D302A7BE6E1E0AF2C5-268435472",
    "AAAA",
    "application/json",
];

pub const F_SIGN: u8 = 1;
pub const F_PUBKEY: u8 = 2;
pub const F_RESPONSE: u8 = 4;
pub const F_ABS_CLOCK: u8 = 8;
pub const F_TOLERANCE: u8 = 16;

#[derive(Debug, Clone, Default)]
pub struct Case {
    pub flags: u8,
    pub status: u16,
    pub clock: i64,
    pub tolerance: u32,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Case {
    pub fn decode(data: &[u8]) -> Case {
        let mut r = Reader::new(data);
        let flags = r.u8();
        let status = r.u16();
        let clock = r.i64();
        let tolerance = r.u32();
        let n = r.u8() % 13;
        let headers = (0..n).map(|_| (r.choice_or_string(NAMES), r.choice_or_string(VALUES))).collect();
        Case { flags, status, clock, tolerance, headers, body: r.rest().to_vec() }
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u8(self.flags).u16(self.status).i64(self.clock).u32(self.tolerance);
        w.u8(u8::try_from(self.headers.len()).unwrap_or(12));
        for (k, v) in &self.headers {
            w.choose(NAMES, k).choose(VALUES, v);
        }
        w.rest(&self.body).finish()
    }
}

pub fn run(data: &[u8]) {
    let mut c = Case::decode(data);
    let keys = keyset();
    let msg_ts = WechatpayHeaders::extract(&c.headers).map(|h| h.timestamp).unwrap_or(NOW);
    let now = if c.flags & F_ABS_CLOCK != 0 { c.clock } else { msg_ts.saturating_add(c.clock % 1000) };
    let tolerance = if c.flags & F_TOLERANCE != 0 { c.tolerance } else { 300 };

    let mut signed_by = None;
    if c.flags & F_SIGN != 0 {
        if let Ok(h) = WechatpayHeaders::extract(&c.headers) {
            let (signer, serial) = if c.flags & F_PUBKEY != 0 { (pubkey_signer(), PUBLIC_KEY_ID) } else { (platform_signer(), PLATFORM_SERIAL) };
            let message = response_message(h.timestamp_text, h.nonce, &c.body);
            let sig = sign_cached(signer, &message);
            for (k, v) in c.headers.iter_mut() {
                if k.trim().eq_ignore_ascii_case(verify::headers::SIGNATURE) {
                    *v = sig.clone();
                }
            }
            signed_by = Some(serial);
        }
    }

    let checked = verify::check_message(&c.headers, &c.body, keys, now, tolerance);
    let verified = verify::verify_message(&c.headers, &c.body, keys, now, tolerance);
    match (&checked, &verified) {
        (Ok(m), Ok(v)) => {
            assert_eq!(&m.verified, v);
            assert!(m.key.serial().eq_ignore_ascii_case(&v.serial));
        }
        (Ok(m), Err(e)) => {
            // Everything but RSA passed: with the signer's own key it must verify.
            if signed_by.is_some_and(|s| s == m.key.serial()) {
                panic!("correctly signed message rejected: {e:?} ({:?})", c.headers);
            }
            assert_eq!(e.code(), "ERR_WXPAY_SIGNATURE_INVALID", "{e:?}");
        }
        (Err(a), Err(b)) => assert_eq!(a.code(), b.code()),
        (Err(e), Ok(v)) => panic!("check_message failed ({e:?}) but verify_message accepted {v:?}"),
    }
    if let Ok(v) = &verified {
        assert!((v.timestamp - now).unsigned_abs() < u64::from(tolerance));
    }

    let failure = verify::api_failure(c.status, &c.headers, &c.body);
    assert_eq!(failure.status, c.status);
    if c.flags & F_RESPONSE != 0 {
        match verify::verify_response(c.status, &c.headers, &c.body, keys, now, tolerance) {
            Ok(r) => {
                assert!((200..300).contains(&r.status));
                assert!(verified.is_ok(), "verify_response accepted what verify_message refused");
            }
            Err(e) => {
                let success = (200..300).contains(&c.status);
                assert!(!success || verified.is_err() || e.code() == "ERR_WXPAY_HEADER_INVALID", "{e:?}");
            }
        }
    }
}

fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
}

/// Seeds: fixture-signed responses and callbacks, and the real captures in
/// `tests/vectors/verify.json` (their certificates are in the key set).
pub fn seeds() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let ts = NOW.to_string();
    let base = |serial: &str| {
        h(&[
            ("Wechatpay-Timestamp", &ts),
            ("Wechatpay-Nonce", "nonceABC"),
            ("Wechatpay-Signature", "AAAA"),
            ("Wechatpay-Serial", serial),
            ("Wechatpay-Signature-Type", SCHEME),
            ("Request-ID", "08F78BB5AF0610D302A7BE6E1E0AF2C5-268435472"),
        ])
    };
    for (flags, serial) in [(F_SIGN, PLATFORM_SERIAL), (F_SIGN | F_PUBKEY, PUBLIC_KEY_ID), (0, PLATFORM_SERIAL)] {
        for (status, body) in [(200u16, &br#"{"code":"SUCCESS"}"#[..]), (204, b""), (400, br#"{"code":"PARAM_ERROR","message":"x","detail":{"f":1}}"#)] {
            out.push(Case { flags: flags | F_RESPONSE, status, clock: -10, tolerance: 300, headers: base(serial), body: body.to_vec() }.encode());
        }
    }
    out.push(Case { flags: F_RESPONSE, status: 502, headers: vec![], body: b"<html>Bad Gateway</html>".to_vec(), ..Case::default() }.encode());
    let v: serde_json::Value = serde_json::from_str(crate::fixtures::VERIFY_VECTORS).unwrap_or_default();
    for vec in v["vectors"].as_array().into_iter().flatten() {
        let (Some(hs), Some(body)) = (vec["headers"].as_str(), vec["body"].as_str()) else { continue };
        // The vectors store headers as a Python dict literal.
        let Ok(map) = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&hs.replace('\'', "\"")) else { continue };
        let headers: Vec<(String, String)> = map.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_owned())).collect();
        let clock = vec["clock_unix"].as_str().and_then(|c| c.parse().ok()).unwrap_or(NOW);
        out.push(Case { flags: F_ABS_CLOCK | F_RESPONSE, status: 200, clock, tolerance: 300, headers, body: body.as_bytes().to_vec() }.encode());
    }
    out
}
