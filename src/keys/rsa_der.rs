//! RSA keys decoded and checked without building rsa's arithmetic state.
//!
//! Why: wherever the runtime's own engine signs and verifies (node:crypto, WebCrypto) the core
//! only needs the DER and the proof that the key is sound. Building `rsa::RsaPrivateKey` also
//! sets up three Montgomery contexts and inverts q mod p (about 75 % of its import time), and
//! `rsa::RsaPublicKey` computes R² mod n: state that only the wasm fallback uses. So import
//! runs the checks rsa runs (`from_components` + `validate`, `RsaPublicKey::new`; a key passing
//! here also loads there) and the rsa key is built on its first use in wasm (`MerchantKey::rsa`,
//! `PlatformKey::rsa`).

use crypto_bigint::{ConcatenatingMul, Integer, NonZero};
use rsa::pkcs1::{self, RsaPrivateKeyRef, RsaPublicKeyRef};
use rsa::pkcs8::der::asn1::{BitStringRef, OctetStringRef};
use rsa::pkcs8::der::{Decode, Encode};
use rsa::pkcs8::spki::AlgorithmIdentifierRef;
use rsa::pkcs8::{PrivateKeyInfoRef, SubjectPublicKeyInfoRef};
use rsa::BoxedUint;
use zeroize::Zeroizing;

/// Why a key was refused; the caller words the error for the format it was given.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Not DER of the expected structure, or numbers that do not make an RSA key.
    Malformed,
    /// A well-formed PKCS#8 key of another algorithm (EC, Ed25519, SM2, RSASSA-PSS).
    NotRsa,
}

/// PKCS#8 DER of a checked two-prime RSA key, and its size in bits (whole bytes of n, as rsa's `size() * 8`).
pub(crate) struct CheckedKey {
    pub pkcs8: Zeroizing<Vec<u8>>,
    pub bits: usize,
}

/// SubjectPublicKeyInfo DER of a checked RSA public key, and its size in bits (as above).
pub(crate) struct CheckedPublicKey {
    pub spki: Vec<u8>,
    pub bits: usize,
}

/// An X.509 `SubjectPublicKeyInfo` holding an RSA key (rsaEncryption with NULL parameters).
pub(crate) fn from_spki(der: &[u8]) -> Result<CheckedPublicKey, Refusal> {
    let info = SubjectPublicKeyInfoRef::from_der(der).map_err(|_| Refusal::Malformed)?;
    rsa_encryption(&info.algorithm)?;
    let pkcs1_der = info.subject_public_key.as_bytes().ok_or(Refusal::Malformed)?;
    let bits = check_public(pkcs1_der)?;
    // Re-encoded, so what hosts import is exactly the key that was checked.
    Ok(CheckedPublicKey { spki: public_spki(pkcs1_der)?, bits })
}

/// A PKCS#1 `RSAPublicKey`, wrapped as SubjectPublicKeyInfo for the hosts' importers.
pub(crate) fn from_pkcs1_public(der: &[u8]) -> Result<CheckedPublicKey, Refusal> {
    let bits = check_public(der)?;
    Ok(CheckedPublicKey { spki: public_spki(der)?, bits })
}

fn public_spki(pkcs1_der: &[u8]) -> Result<Vec<u8>, Refusal> {
    let info = SubjectPublicKeyInfoRef { algorithm: pkcs1::ALGORITHM_ID, subject_public_key: BitStringRef::new(0, pkcs1_der).map_err(|_| Refusal::Malformed)? };
    info.to_der().map_err(|_| Refusal::Malformed)
}

/// rsa's `RsaPublicKey::new` checks (all on public values): n odd, non-zero and 1024–8192
/// bits; e odd, 2 ≤ e ≤ 2^33 − 1 and below n. The size in bits on success.
fn check_public(pkcs1_der: &[u8]) -> Result<usize, Refusal> {
    let key = RsaPublicKeyRef::from_der(pkcs1_der).map_err(|_| Refusal::Malformed)?;
    let n = BoxedUint::from_be_slice_vartime(key.modulus.as_bytes());
    let e = BoxedUint::from_be_slice_vartime(key.public_exponent.as_bytes());
    check_modulus_and_exponent(&n, &e)?;
    let n_bits = n.bits_vartime();
    if !(1024..=8192).contains(&n_bits) {
        return Err(Refusal::Malformed);
    }
    usize::try_from(n_bits.div_ceil(8)).map(|b| b * 8).map_err(|_| Refusal::Malformed)
}

/// n odd and non-zero; e odd, 2 ≤ e ≤ 2^33 − 1 and below n (rsa's `check_public`).
fn check_modulus_and_exponent(n: &BoxedUint, e: &BoxedUint) -> Result<(), Refusal> {
    let e_max = BoxedUint::from((1u64 << 33) - 1);
    if bool::from(n.is_zero()) || bool::from(n.is_even()) || e < &BoxedUint::from(2u64) || e > &e_max || bool::from(e.is_even()) || e >= n {
        return Err(Refusal::Malformed);
    }
    Ok(())
}

/// A PKCS#8 `PrivateKeyInfo` holding an RSA key (rsaEncryption with NULL parameters).
pub(crate) fn from_pkcs8(der: &[u8]) -> Result<CheckedKey, Refusal> {
    let info = PrivateKeyInfoRef::from_der(der).map_err(|_| Refusal::Malformed)?;
    rsa_encryption(&info.algorithm)?;
    from_pkcs1(info.private_key.as_bytes())
}

/// rsaEncryption with NULL parameters (RFC 8017 A.1); another OID is another algorithm.
fn rsa_encryption(algorithm: &AlgorithmIdentifierRef<'_>) -> Result<(), Refusal> {
    if algorithm.oid != pkcs1::ALGORITHM_OID {
        return Err(Refusal::NotRsa);
    }
    if algorithm.parameters_any().map_err(|_| Refusal::Malformed)? != rsa::pkcs8::der::asn1::Null.into() {
        return Err(Refusal::Malformed);
    }
    Ok(())
}

/// A PKCS#1 `RSAPrivateKey`, re-wrapped as PKCS#8 for the hosts' importers.
pub(crate) fn from_pkcs1(der: &[u8]) -> Result<CheckedKey, Refusal> {
    let key = RsaPrivateKeyRef::from_der(der).map_err(|_| Refusal::Malformed)?;
    let bits = check(&key)?;
    let info = PrivateKeyInfoRef::new(pkcs1::ALGORITHM_ID, OctetStringRef::new(der).map_err(|_| Refusal::Malformed)?);
    let mut pkcs8 = Zeroizing::new(Vec::new());
    info.encode_to_vec(&mut pkcs8).map_err(|_| Refusal::Malformed)?;
    Ok(CheckedKey { pkcs8, bits })
}

/// The PKCS#1 `RSAPrivateKey` inside a checked PKCS#8 key: node:crypto imports it about 3×
/// faster than PKCS#8 (OpenSSL 3's PKCS#8 decoder chain is the slow part).
pub(crate) fn pkcs1_private(pkcs8: &[u8]) -> Option<&[u8]> {
    PrivateKeyInfoRef::from_der(pkcs8).ok().map(|info| info.private_key.as_bytes())
}

/// The PKCS#1 `RSAPublicKey` inside a checked SPKI (node:crypto: ≈7 µs against ≈110 µs for SPKI).
pub(crate) fn pkcs1_public(spki: &[u8]) -> Option<&[u8]> {
    SubjectPublicKeyInfoRef::from_der(spki).ok().and_then(|info| info.subject_public_key.as_bytes())
}

/// rsa's import checks for a two-prime key, plus the CRT values native engines sign with; the
/// size in bits on success.
fn check(key: &RsaPrivateKeyRef<'_>) -> Result<usize, Refusal> {
    if key.version() != pkcs1::Version::TwoPrime {
        return Err(Refusal::Malformed);
    }
    let n_bytes = key.modulus.as_bytes();
    let precision = u32::try_from(n_bytes.len()).map_err(|_| Refusal::Malformed)?.saturating_mul(8);
    let number = |bytes: &[u8], bits: u32| BoxedUint::from_be_slice(bytes, bits).map_err(|_| Refusal::Malformed);
    let n = number(n_bytes, precision)?;
    let e_bytes = key.public_exponent.as_bytes();
    let e = number(e_bytes, u32::try_from(e_bytes.len()).map_err(|_| Refusal::Malformed)?.saturating_mul(8))?;
    // d, p and q are secret: only constant-time operations below (no vartime bit counts).
    let d = number(key.private_exponent.as_bytes(), precision)?;
    let n_bits = n.bits_vartime();
    // Each prime fits ⌈bits(n)/2⌉ bits (checked below); held at that public width, the
    // divisions by p−1 and q−1 run over half the limbs (byte-multiple: from_be_slice cannot overflow).
    let half = n_bits.div_ceil(2);
    let half_width = half.div_ceil(8) * 8;
    let p = number(key.prime1.as_bytes(), half_width)?;
    let q = number(key.prime2.as_bytes(), half_width)?;

    check_modulus_and_exponent(&n, &e)?;
    // Private: d < n, p·q = n, each prime > 1, odd and at most ⌈bits(n)/2⌉ bits, d·e ≡ 1 mod p−1 and q−1.
    let one = BoxedUint::one();
    if d >= n || p <= one || q <= one || bool::from(p.is_even()) || bool::from(q.is_even()) {
        return Err(Refusal::Malformed);
    }
    if p.bits() > half || q.bits() > half || p.concatenating_mul(&q) != n {
        return Err(Refusal::Malformed);
    }
    let de = d.concatenating_mul(&e);
    // The CRT values the file carries: rsa recomputes its own and OpenSSL falls back to d when
    // they are wrong, but BoringSSL (WebCrypto in workerd and Chromium) refuses such a key. Checked
    // here so every executor gives the same answer at import: e·dP ≡ 1 mod p−1, e·dQ ≡ 1 mod q−1,
    // q·qInv ≡ 1 mod p.
    let dp = number(key.exponent1.as_bytes(), half_width)?;
    let dq = number(key.exponent2.as_bytes(), half_width)?;
    let q_inv = number(key.coefficient.as_bytes(), half_width)?;
    for (prime, crt_exponent) in [(&p, &dp), (&q, &dq)] {
        let minus_one = NonZero::new(prime.wrapping_sub(&one)).into_option().ok_or(Refusal::Malformed)?;
        if !bool::from(de.rem(&minus_one).is_one()) || !bool::from(crt_exponent.concatenating_mul(&e).rem(&minus_one).is_one()) {
            return Err(Refusal::Malformed);
        }
    }
    let p_nonzero = NonZero::new(p.clone()).into_option().ok_or(Refusal::Malformed)?;
    if !bool::from(q.concatenating_mul(&q_inv).rem(&p_nonzero).is_one()) {
        return Err(Refusal::Malformed);
    }
    usize::try_from(n_bits.div_ceil(8)).map(|b| b * 8).map_err(|_| Refusal::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pkcs8::DecodePrivateKey;
    use rsa::traits::PublicKeyParts;

    const PKCS8: &str = include_str!("../../tests/fixtures/merchant_key.pem");
    const PKCS1: &str = include_str!("../../tests/fixtures/merchant_key_pkcs1.pem");

    fn der(pem_text: &str) -> Vec<u8> {
        let (_, doc) = rsa::pkcs8::SecretDocument::from_pem(pem_text).unwrap();
        doc.as_bytes().to_vec()
    }

    #[test]
    fn a_sound_key_passes_and_loads_in_rsa() {
        let k = from_pkcs8(&der(PKCS8)).unwrap();
        assert_eq!(k.bits, 2048);
        let full = rsa::RsaPrivateKey::from_pkcs8_der(&k.pkcs8).unwrap();
        assert_eq!(full.size() * 8, k.bits);
        let k1 = from_pkcs1(&der(PKCS1)).unwrap();
        assert!(rsa::RsaPrivateKey::from_pkcs8_der(&k1.pkcs8).is_ok());
    }

    /// Every single-byte change inside the numbers that rsa refuses, this check refuses too.
    #[test]
    fn refuses_what_rsa_refuses() {
        let original = der(PKCS8);
        let mut checked = 0;
        for i in (0..original.len()).step_by(5) {
            let mut bad = original.clone();
            bad[i] ^= 0x10;
            let ours = from_pkcs8(&bad);
            let theirs = rsa::RsaPrivateKey::from_pkcs8_der(&bad);
            match theirs {
                Err(_) => {
                    assert!(ours.is_err(), "byte {i}: rsa refuses, the check accepts");
                    checked += 1;
                }
                // rsa recomputes dP, dQ and qInv; the check also wants the file's to match them.
                Ok(key) => assert_eq!(ours.is_ok(), crt_values_match(&key, &bad), "byte {i}"),
            }
        }
        assert!(checked > 100, "only {checked} refused variants");
    }

    #[test]
    fn public_keys_agree_with_rsa() {
        use rsa::pkcs8::{DecodePublicKey, EncodePublicKey};
        let public = rsa::RsaPrivateKey::from_pkcs8_pem(PKCS8).unwrap().to_public_key();
        let spki = public.to_public_key_der().unwrap().as_bytes().to_vec();
        let ours = from_spki(&spki).unwrap();
        assert_eq!((ours.spki.as_slice(), ours.bits), (spki.as_slice(), 2048));
        let mut refused = 0;
        for i in 0..spki.len() {
            for flip in [0x01, 0x80] {
                let mut bad = spki.clone();
                bad[i] ^= flip;
                let theirs = rsa::RsaPublicKey::from_public_key_der(&bad);
                let ours = from_spki(&bad);
                assert_eq!(ours.is_ok(), theirs.is_ok(), "byte {i} ^ {flip:#x}");
                refused += usize::from(theirs.is_err());
                if let (Ok(o), Ok(t)) = (ours, theirs) {
                    assert_eq!(rsa::RsaPublicKey::from_public_key_der(&o.spki).unwrap(), t, "byte {i}: a different key");
                }
            }
        }
        assert!(refused > 50, "only {refused} refused variants");
    }

    /// The file's dP, dQ and qInv are the ones rsa computes from d, p and q.
    fn crt_values_match(key: &rsa::RsaPrivateKey, pkcs8: &[u8]) -> bool {
        use rsa::traits::PrivateKeyParts;
        let info = PrivateKeyInfoRef::from_der(pkcs8).unwrap();
        let file = RsaPrivateKeyRef::from_der(info.private_key.as_bytes()).unwrap();
        let same = |ours: &BoxedUint, theirs: &[u8]| {
            let bytes = ours.to_be_bytes();
            let trimmed: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
            trimmed == theirs
        };
        same(key.dp().unwrap(), file.exponent1.as_bytes())
            && same(key.dq().unwrap(), file.exponent2.as_bytes())
            && same(&key.qinv().unwrap().retrieve(), file.coefficient.as_bytes())
    }

    #[test]
    fn wrong_crt_values_are_refused() {
        let original = der(PKCS8);
        let info = PrivateKeyInfoRef::from_der(&original).unwrap();
        let file = RsaPrivateKeyRef::from_der(info.private_key.as_bytes()).unwrap();
        for field in [file.exponent1.as_bytes(), file.exponent2.as_bytes(), file.coefficient.as_bytes()] {
            let at = original.windows(field.len()).position(|w| w == field).unwrap() + field.len() - 1;
            let mut bad = original.clone();
            bad[at] ^= 0x02;
            assert!(rsa::RsaPrivateKey::from_pkcs8_der(&bad).is_ok(), "rsa ignores the file's CRT values");
            assert_eq!(from_pkcs8(&bad).err(), Some(Refusal::Malformed));
        }
    }

    #[test]
    fn another_algorithm_is_not_rsa() {
        let ec = include_str!("../../tests/fixtures/bad_ec_key.pem");
        assert_eq!(from_pkcs8(&der(ec)).err(), Some(Refusal::NotRsa));
    }
}
