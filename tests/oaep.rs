//! RSA-OAEP (SHA-1) round trips; node:crypto cross-checks live in the npm tests.
mod common;
use common::*;

use wechatpay_edge::crypto::oaep;
use wechatpay_edge::keys::MerchantKey;

#[test]
fn encrypt_with_public_decrypt_with_private() {
    let k = merchant();
    let entropy: Vec<u8> = (0u8..64).collect();
    let ct = oaep::encrypt(&k.public_key().unwrap(), "张三", &entropy).unwrap();
    assert_eq!(ct.len(), 344);
    let other = oaep::encrypt(&k.public_key().unwrap(), "张三", &[7u8; 32]).unwrap();
    assert_ne!(ct, other, "fresh entropy gives fresh ciphertext");
    let pkcs1 = MerchantKey::from_pem(MCHID, MERCHANT_SERIAL, &fixture("merchant_key_pkcs1.pem")).unwrap();
    assert_eq!(&*wechatpay_edge::crypto::oaep::decrypt(rsa_of(&pkcs1), &ct).unwrap(), "张三");
}

fn rsa_of(_k: &MerchantKey) -> &'static rsa::RsaPrivateKey {
    use rsa::pkcs8::DecodePrivateKey;
    Box::leak(Box::new(rsa::RsaPrivateKey::from_pkcs8_pem(&fixture("merchant_key.pem")).unwrap()))
}

#[test]
fn limits_and_failures() {
    let k = merchant().public_key().unwrap();
    assert_eq!(oaep::max_plaintext_len(&k), 214);
    assert!(oaep::encrypt(&k, &"a".repeat(214), &[1; 32]).is_ok());
    assert_eq!(oaep::encrypt(&k, &"a".repeat(215), &[1; 32]).unwrap_err().code(), "ERR_WXPAY_PAYLOAD_INVALID");
    assert_eq!(oaep::encrypt(&k, "x", &[1; 16]).unwrap_err().code(), "ERR_WXPAY_INTERNAL");
    let sk = rsa_of(&merchant());
    assert_eq!(oaep::decrypt(sk, "@@").unwrap_err().code(), "ERR_WXPAY_RESOURCE_INVALID");
    assert_eq!(oaep::decrypt(sk, "AAAA").unwrap_err().code(), "ERR_WXPAY_RESOURCE_INVALID");
    let ct = oaep::encrypt(&k, "x", &[1; 32]).unwrap();
    let mut other = ct.into_bytes();
    other[10] = if other[10] == b'A' { b'B' } else { b'A' };
    let wrong = oaep::decrypt(sk, std::str::from_utf8(&other).unwrap()).unwrap_err();
    assert_eq!(wrong.code(), "ERR_WXPAY_DECRYPTION_FAILED");
    // About the merchant key, never the APIv3 key or a nonce (those belong to AES-GCM resources).
    let message = wrong.to_string();
    assert!(message.contains("merchant key") && !message.contains("APIv3") && !message.contains("nonce"), "{message}");
}
