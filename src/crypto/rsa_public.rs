//! The RSA public operation for the wasm fallback: signature checks and OAEP encryption.
//!
//! rsa computes x^e mod n with its constant-time windowed exponentiation (a 16-entry table and
//! a multiplication per window, ≈ 36 Montgomery products for e = 65537). The exponent here is
//! public, so plain square-and-multiply over e's bits (17 products for 65537, plus one into
//! Montgomery form; the last multiplication, by x rather than x·R, also leaves it) leaks nothing;
//! each product is still crypto-bigint's constant-time Montgomery multiplication, so timing
//! does not depend on the message (an OAEP block holds a person's name). Padding follows
//! RFC 8017 (§8.2.2 encode-and-compare for PKCS#1 v1.5, §7.1.1 for OAEP); both are checked
//! against rsa's own output in the tests below.

use crypto_bigint::modular::BoxedMontyForm;
use crypto_bigint::{MontyForm, MontyMultiplier as _};
use rsa::traits::PublicKeyParts;
use rsa::{BoxedUint, RsaPublicKey};
use sha1::{Digest as _, Sha1};
use zeroize::Zeroizing;

/// DER of DigestInfo{ sha256, NULL } up to the digest (RFC 8017 §9.2, note 1).
const SHA256_DIGEST_INFO: [u8; 19] = [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];
const SHA1_LEN: usize = 20;

/// `key.size()` (k, the modulus length in bytes) from the variable-time bit length: n is public,
/// and rsa's constant-time count over every limb cost ≈ 1 % of a verification in wasm.
pub fn modulus_len(key: &RsaPublicKey) -> Option<usize> {
    Some(usize::try_from(key.n().as_ref().bits_vartime()).ok()?.div_ceil(8))
}

/// x^e mod n, as `k` (the key's size) big-endian bytes; `None` when x ≥ n.
fn public_op(key: &RsaPublicKey, x: &BoxedUint, k: usize) -> Option<Vec<u8>> {
    if x >= key.n().as_ref() {
        return None;
    }
    let params = key.n_params();
    // The multiplier keeps one product buffer for every step (wiped on drop): no allocation per
    // product. For OAEP, x and its powers stand for the plaintext: every copy is wiped on drop.
    let mut mm = <BoxedMontyForm as MontyForm>::Multiplier::from(params);
    let base = Zeroizing::new(BoxedMontyForm::new(x.clone(), params));
    // x itself read as a Montgomery form (x·R⁻¹): multiplying by it instead of by x·R
    // leaves Montgomery form, so an odd e ends in the plain result with no conversion back.
    let x_raw = Zeroizing::new(BoxedMontyForm::from_montgomery(x.clone(), params));
    let e = key.e();
    let bits = e.bits_vartime();
    let mut acc = base.clone();
    let mut plain = false;
    // Left to right from the bit below the top one; e is public, so branching on it is fine.
    for i in (0..bits.saturating_sub(1)).rev() {
        mm.square_assign(&mut acc);
        if bool::from(e.bit(i)) {
            if i == 0 {
                mm.mul_assign(&mut acc, &x_raw);
                plain = true;
            } else {
                mm.mul_assign(&mut acc, &base);
            }
        }
    }
    let out = if plain { acc.as_montgomery().to_be_bytes() } else { acc.retrieve().to_be_bytes() };
    // The value is below n, so any bytes beyond the key's size are leading zeros.
    let skip = out.len().checked_sub(k)?;
    if skip == 0 {
        return Some(out.into_vec());
    }
    Some(out.get(skip..)?.to_vec())
}

/// True only when `signature` is a valid RSASSA-PKCS1-v1_5 SHA-256 signature of `digest`.
pub fn verify_sha256(key: &RsaPublicKey, digest: &[u8; 32], signature: &[u8]) -> bool {
    let Some(k) = modulus_len(key) else {
        return false;
    };
    let t_len = SHA256_DIGEST_INFO.len() + digest.len();
    if signature.len() != k || k < t_len + 11 {
        return false;
    }
    let Ok(s) = BoxedUint::from_be_slice(signature, key.n_bits_precision()) else {
        return false;
    };
    let Some(em) = public_op(key, &s, k) else {
        return false;
    };
    // EM = 00 01 FF…FF 00 DigestInfo digest; compare with the encoding we expect (all public data).
    let mut expected = vec![0xff; k];
    let (head, tail) = expected.split_at_mut(k - t_len);
    if let [first, second, .., last] = head {
        *first = 0;
        *second = 1;
        *last = 0;
    }
    let (info, hash) = tail.split_at_mut(SHA256_DIGEST_INFO.len());
    info.copy_from_slice(&SHA256_DIGEST_INFO);
    hash.copy_from_slice(digest);
    em == expected
}

/// RSAES-OAEP with SHA-1, MGF1-SHA-1 and an empty label; `seed` is the 20 random bytes of §7.1.1
/// step 2d. `None` when the message does not fit (callers check the length first).
pub fn oaep_sha1_encrypt(key: &RsaPublicKey, message: &[u8], seed: &[u8; SHA1_LEN]) -> Option<Vec<u8>> {
    let k = modulus_len(key)?;
    if message.len() + 2 * SHA1_LEN + 2 > k {
        return None;
    }
    // EM = 00 ‖ maskedSeed ‖ maskedDB, DB = lHash ‖ PS ‖ 01 ‖ M.
    let mut em = Zeroizing::new(vec![0u8; k]);
    let (_, rest) = em.split_at_mut(1);
    let (masked_seed, db) = rest.split_at_mut(SHA1_LEN);
    let (l_hash, after) = db.split_at_mut(SHA1_LEN);
    l_hash.copy_from_slice(&Sha1::digest(b""));
    let one_at = after.len() - message.len() - 1;
    let (ps_and_one, m) = after.split_at_mut(one_at + 1);
    if let Some(one) = ps_and_one.last_mut() {
        *one = 1;
    }
    m.copy_from_slice(message);
    masked_seed.copy_from_slice(seed);
    mgf1_sha1_xor(db, masked_seed);
    mgf1_sha1_xor(masked_seed, db);
    let x = Zeroizing::new(BoxedUint::from_be_slice(&em, key.n_bits_precision()).ok()?);
    public_op(key, &x, k)
}

/// out ^= MGF1-SHA-1(seed, out.len()).
fn mgf1_sha1_xor(out: &mut [u8], seed: &[u8]) {
    for (counter, chunk) in (0u32..).zip(out.chunks_mut(SHA1_LEN)) {
        let block = Sha1::new().chain_update(seed).chain_update(counter.to_be_bytes()).finalize();
        for (o, b) in chunk.iter_mut().zip(block.iter()) {
            *o ^= b;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::entropy::SeededRng;
    use rsa::pkcs8::DecodePrivateKey;
    use rsa::{Oaep, Pkcs1v15Sign, RsaPrivateKey};
    use sha2::{Digest, Sha256};

    fn key() -> RsaPrivateKey {
        RsaPrivateKey::from_pkcs8_pem(include_str!("../../tests/fixtures/merchant_key.pem")).unwrap()
    }

    #[test]
    fn verification_agrees_with_rsa() {
        let private = key();
        let public = private.to_public_key();
        for i in 0..8u8 {
            let digest: [u8; 32] = Sha256::digest([i; 7]).into();
            let mut sig = private.sign(Pkcs1v15Sign::new::<Sha256>(), &digest).unwrap();
            assert!(verify_sha256(&public, &digest, &sig));
            let mut other = digest;
            other[usize::from(i)] ^= 1;
            assert!(!verify_sha256(&public, &other, &sig));
            sig[usize::from(i) * 30] ^= 0x40;
            let theirs = public.verify(Pkcs1v15Sign::new::<Sha256>(), &digest, &sig).is_ok();
            assert_eq!(verify_sha256(&public, &digest, &sig), theirs);
            assert!(!theirs);
        }
        assert!(!verify_sha256(&public, &[0; 32], &[0xff; 256]), "s ≥ n");
        assert!(!verify_sha256(&public, &[0; 32], &[1; 255]), "short signature");
    }

    /// The exponentiation itself against crypto-bigint's own pow, for several (odd: rsa refuses
    /// even) exponents.
    #[test]
    fn public_op_matches_pow() {
        let n = key().to_public_key().n().as_ref().clone();
        for e in [3u64, 7, 17, 65537, (1 << 32) + 1] {
            let public = RsaPublicKey::new(n.clone(), BoxedUint::from(e)).unwrap();
            for i in 0..4u8 {
                let bytes: [u8; 32] = Sha256::digest([i, 1]).into();
                let mut wide = [0u8; 256];
                for (j, chunk) in wide.chunks_mut(32).enumerate() {
                    chunk.copy_from_slice(&Sha256::digest([i, u8::try_from(j).unwrap()]));
                }
                wide[0] &= 0x7f;
                for x in [&bytes[..], &wide[..], &[1][..], &[0][..]] {
                    let x = BoxedUint::from_be_slice(x, public.n_bits_precision()).unwrap();
                    let expected = BoxedMontyForm::new(x.clone(), public.n_params()).pow(&BoxedUint::from(e)).retrieve();
                    assert_eq!(public_op(&public, &x, 256).unwrap(), expected.to_be_bytes().to_vec(), "e = {e}");
                }
            }
        }
        let public = key().to_public_key();
        assert_eq!(modulus_len(&public), Some(public.size()));
        assert!(public_op(&public, public.n().as_ref(), 256).is_none(), "x = n");
    }

    /// With the same seed, the same bytes as rsa's OAEP (which draws its seed from the RNG).
    #[test]
    fn oaep_matches_rsa_byte_for_byte() {
        let private = key();
        let public = private.to_public_key();
        for (n, message) in [&b""[..], "张三".as_bytes(), &[0x5a; 214]].into_iter().enumerate() {
            let entropy = [u8::try_from(n).unwrap() + 3; 32];
            let mut seed = [0u8; SHA1_LEN];
            SeededRng::new(&entropy).unwrap().fill_bytes(&mut seed);
            let ours = oaep_sha1_encrypt(&public, message, &seed).unwrap();
            let theirs = public.encrypt(&mut SeededRng::new(&entropy).unwrap(), Oaep::<Sha1>::new(), message).unwrap();
            assert_eq!(ours, theirs);
            assert_eq!(private.decrypt(Oaep::<Sha1>::new(), &ours).unwrap(), message);
        }
        assert!(oaep_sha1_encrypt(&public, &[0; 215], &[0; SHA1_LEN]).is_none());
    }
}
