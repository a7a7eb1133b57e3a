//! Key import against OpenSSL-made fixtures, including every malformed input we could think of.
mod common;
use common::*;

use wechatpay_edge::crypto::aead;
use wechatpay_edge::keys::{load_certificates, MerchantKey, PlatformKey, PlatformKeyKind, PlatformKeySet};

fn err_code(r: Result<impl std::fmt::Debug, wechatpay_edge::Error>) -> &'static str {
    r.unwrap_err().code()
}

#[test]
fn pkcs8_and_pkcs1_give_the_same_key() {
    let a = MerchantKey::from_pem(MCHID, MERCHANT_SERIAL, &fixture("merchant_key.pem")).unwrap();
    let b = MerchantKey::from_pem(MCHID, &MERCHANT_SERIAL.to_lowercase(), &fixture("merchant_key_pkcs1.pem")).unwrap();
    assert_eq!(a.public_key().unwrap(), b.public_key().unwrap());
    assert_eq!(b.serial_no(), MERCHANT_SERIAL, "serial is upper-cased");
}

#[test]
fn pasted_keys_with_crlf_escaped_newlines_or_no_armour_still_import() {
    let pem = fixture("merchant_key.pem");
    let crlf = pem.replace('\n', "\r\n");
    let escaped = pem.replace('\n', "\\n");
    let bare: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    for variant in [crlf, escaped, bare, format!("  \n{pem}\n\n")] {
        assert_eq!(MerchantKey::from_pem(MCHID, MERCHANT_SERIAL, &variant).unwrap().public_key().unwrap(), merchant().public_key().unwrap());
    }
}

#[test]
fn bad_private_keys_have_precise_codes() {
    let pem = fixture("merchant_key.pem");
    assert_eq!(err_code(MerchantKey::from_pem(MCHID, MERCHANT_SERIAL, "")), "ERR_WXPAY_KEY_INVALID");
    assert_eq!(err_code(MerchantKey::from_pem(MCHID, MERCHANT_SERIAL, "not a key")), "ERR_WXPAY_KEY_INVALID");
    assert_eq!(err_code(MerchantKey::from_pem(MCHID, MERCHANT_SERIAL, &pem[..pem.len() / 2])), "ERR_WXPAY_KEY_INVALID");
    assert_eq!(err_code(MerchantKey::from_pem(MCHID, MERCHANT_SERIAL, &fixture("platform_cert.pem"))), "ERR_WXPAY_KEY_INVALID");
    assert_eq!(err_code(MerchantKey::from_pem(MCHID, MERCHANT_SERIAL, &fixture("wechatpay_pubkey.pem"))), "ERR_WXPAY_KEY_INVALID");
    assert_eq!(err_code(MerchantKey::from_pem(MCHID, MERCHANT_SERIAL, &fixture("bad_ec_key.pem"))), "ERR_WXPAY_KEY_UNSUPPORTED");
    assert_eq!(err_code(MerchantKey::from_pem(MCHID, MERCHANT_SERIAL, &fixture("bad_rsa1024_key.pem"))), "ERR_WXPAY_KEY_UNSUPPORTED");
    assert_eq!(err_code(MerchantKey::from_pem(MCHID, MERCHANT_SERIAL, &fixture("bad_encrypted_key.pem"))), "ERR_WXPAY_KEY_UNSUPPORTED");
    assert_eq!(err_code(MerchantKey::from_pem(MCHID, MERCHANT_SERIAL, &"A".repeat(100_000))), "ERR_WXPAY_KEY_INVALID");
    assert_eq!(err_code(MerchantKey::from_pem("19000abc", MERCHANT_SERIAL, &pem)), "ERR_WXPAY_KEY_INVALID");
    assert_eq!(err_code(MerchantKey::from_pem(MCHID, "not-hex!", &pem)), "ERR_WXPAY_KEY_INVALID");
    assert_eq!(err_code(MerchantKey::from_pem(MCHID, "", &pem)), "ERR_WXPAY_KEY_INVALID");
}

#[test]
fn debug_output_never_shows_key_material() {
    let k = merchant();
    let dbg = format!("{k:?}");
    assert!(dbg.contains("[redacted]") && dbg.contains(MCHID));
    let pem = fixture("merchant_key.pem");
    let body_line = pem.lines().nth(1).unwrap();
    assert!(!dbg.contains(&body_line[..20]));
    let err = MerchantKey::from_pem(MCHID, MERCHANT_SERIAL, &pem[..pem.len() / 2]).unwrap_err();
    assert!(!err.to_string().contains(&body_line[..20]));
    assert!(!format!("{err:?}").contains(&body_line[..20]));
}

#[test]
fn certificate_serial_validity_and_key() {
    let k = PlatformKey::from_certificate_pem(&fixture("platform_cert.pem")).unwrap();
    assert_eq!(k.serial(), PLATFORM_SERIAL);
    match k.kind() {
        PlatformKeyKind::Certificate { not_before, not_after } => {
            assert!(not_before > 1_700_000_000 && not_after - not_before > 3000 * 86400);
            // Valid through its last second; expired the second after.
            assert!(!k.expired_at(not_before) && !k.expired_at(not_after));
            assert!(k.expired_at(not_after + 1));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(k.rsa().unwrap(), &rsa_public("platform_key.pem"));
}

fn rsa_public(private_file: &str) -> rsa::RsaPublicKey {
    use rsa::pkcs8::DecodePrivateKey;
    rsa::RsaPrivateKey::from_pkcs8_pem(&fixture(private_file)).unwrap().to_public_key()
}

#[test]
fn public_key_mode_needs_its_id() {
    let pem = fixture("wechatpay_pubkey.pem");
    let k = PlatformKey::from_public_key_pem(PUBLIC_KEY_ID, &pem).unwrap();
    assert!(k.is_public_key());
    assert_eq!(k.serial(), PUBLIC_KEY_ID);
    assert!(!k.expired_at(i64::MAX), "a WeChat Pay public key has no end date");
    for bad_id in ["", "PUB_KEY_ID_", PLATFORM_SERIAL, "PUB_KEY_ID_01 2"] {
        assert_eq!(err_code(PlatformKey::from_public_key_pem(bad_id, &pem)), "ERR_WXPAY_KEY_INVALID", "{bad_id}");
    }
    assert_eq!(err_code(PlatformKey::from_public_key_pem(PUBLIC_KEY_ID, &fixture("platform_cert.pem"))), "ERR_WXPAY_KEY_INVALID");
    assert_eq!(err_code(PlatformKey::from_public_key_pem(PUBLIC_KEY_ID, &fixture("merchant_key.pem"))), "ERR_WXPAY_KEY_INVALID");
    assert_eq!(err_code(PlatformKey::from_certificate_pem(&pem)), "ERR_WXPAY_KEY_INVALID");
    assert_eq!(err_code(PlatformKey::from_certificate_pem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")), "ERR_WXPAY_KEY_INVALID");
}

#[test]
fn keyset_holds_certificates_and_public_keys_and_refuses_the_merchant_serial() {
    let set = keyset();
    assert_eq!(set.get(PLATFORM_SERIAL).unwrap().serial(), PLATFORM_SERIAL);
    assert_eq!(set.get(&PLATFORM_SERIAL.to_lowercase()).unwrap().serial(), PLATFORM_SERIAL);
    assert!(set.get(PUBLIC_KEY_ID).unwrap().is_public_key());
    assert_eq!(err_code(set.get("ABCDEF")), "ERR_WXPAY_SERIAL_UNKNOWN");
    assert_eq!(err_code(set.get(MERCHANT_SERIAL)), "ERR_WXPAY_SERIAL_UNKNOWN");
    let merchant_cert = PlatformKey::from_certificate_pem(&fixture("merchant_cert.pem")).unwrap();
    assert_eq!(merchant_cert.serial(), MERCHANT_SERIAL);
    assert_eq!(err_code(PlatformKeySet::new(vec![merchant_cert], Some(MERCHANT_SERIAL))), "ERR_WXPAY_KEY_INVALID");
    assert!(set.encryption_key().unwrap().is_public_key(), "public key preferred: it never expires");
}

#[test]
fn rotation_prefers_the_certificate_that_expires_last() {
    let a = PlatformKey::from_certificate_pem(&fixture("platform_cert.pem")).unwrap();
    let b = PlatformKey::from_certificate_pem(&fixture("platform2_cert.pem")).unwrap();
    let (PlatformKeyKind::Certificate { not_after: ea, .. }, PlatformKeyKind::Certificate { not_after: eb, .. }) = (a.kind(), b.kind()) else { panic!() };
    let set = PlatformKeySet::new(vec![a, b], None).unwrap();
    let newest = if eb >= ea { PLATFORM2_SERIAL } else { PLATFORM_SERIAL };
    assert_eq!(set.encryption_key().unwrap().serial(), newest);
    assert_eq!(set.keys().len(), 2);
}

fn certificates_body(certs: &[(&str, &str)], aad: &str) -> String {
    let data: Vec<_> = certs
        .iter()
        .enumerate()
        .map(|(i, (serial, file))| {
            let nonce = format!("{:012}", 42 + i);
            serde_json::json!({
                "serial_no": serial,
                "effective_time": "2026-11-23T10:00:00+08:00",
                "expire_time": "2036-11-20T10:00:00+08:00",
                "encrypt_certificate": {
                    "algorithm": "AEAD_AES_256_GCM",
                    "nonce": nonce,
                    "associated_data": aad,
                    "ciphertext": aead::seal(APIV3_KEY, &nonce, aad, fixture(file).as_bytes()).unwrap()
                }
            })
        })
        .collect();
    serde_json::json!({ "data": data }).to_string()
}

#[test]
fn load_certificates_decrypts_several_at_once() {
    let body = certificates_body(&[(PLATFORM_SERIAL, "platform_cert.pem"), (PLATFORM2_SERIAL, "platform2_cert.pem")], "certificate");
    let keys = load_certificates(&body, APIV3_KEY).unwrap();
    let serials: Vec<_> = keys.iter().map(|k| k.serial()).collect();
    assert_eq!(serials, vec![PLATFORM_SERIAL, PLATFORM2_SERIAL]);
}

#[test]
fn load_certificates_failures() {
    let body = certificates_body(&[(PLATFORM_SERIAL, "platform_cert.pem")], "certificate");
    assert_eq!(err_code(load_certificates(&body, b"0123456789abcdef")), "ERR_WXPAY_APIV3_KEY_INVALID");
    assert_eq!(err_code(load_certificates(&body, b"wechatpayEdgeTestApiV3Key0123457")), "ERR_WXPAY_DECRYPTION_FAILED");
    let swapped = certificates_body(&[(PLATFORM2_SERIAL, "platform_cert.pem")], "certificate");
    assert_eq!(err_code(load_certificates(&swapped, APIV3_KEY)), "ERR_WXPAY_PAYLOAD_INVALID");
    assert_eq!(err_code(load_certificates("{\"data\":[]}", APIV3_KEY)), "ERR_WXPAY_PAYLOAD_INVALID");
    assert_eq!(err_code(load_certificates("not json", APIV3_KEY)), "ERR_WXPAY_PAYLOAD_INVALID");
    let not_a_cert = certificates_body(&[(PLATFORM_SERIAL, "wechatpay_pubkey.pem")], "certificate");
    assert_eq!(err_code(load_certificates(&not_a_cert, APIV3_KEY)), "ERR_WXPAY_KEY_INVALID");
}
