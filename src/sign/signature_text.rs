//! Standard base64 (padded) of an engine's signature, for the Authorization header.
//!
//! The `base64` crate's encoder is generic and unrolled: 2.3 KB gzip in the lite module, which
//! otherwise only decodes. A signature is at most 512 bytes, so a plain loop is enough; the tests
//! hold it to the crate's output.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn symbol(sextet: u32) -> u8 {
    // sextet < 64 by the mask; the fallback is never taken.
    ALPHABET.get((sextet & 63) as usize).copied().unwrap_or(b'A')
}

/// `bytes` in standard base64 with `=` padding.
pub fn base64_of(bytes: &[u8]) -> String {
    // Written in place: a small append per symbol (or per four) cost as much as the whole header.
    let mut out = vec![b'='; bytes.len().div_ceil(3) * 4];
    let mut src = bytes.chunks_exact(3);
    let mut dst = out.chunks_exact_mut(4);
    for (s, d) in (&mut src).zip(&mut dst) {
        if let ([a, b, c], [w, x, y, z]) = (s, d) {
            let n = u32::from(*a) << 16 | u32::from(*b) << 8 | u32::from(*c);
            (*w, *x, *y, *z) = (symbol(n >> 18), symbol(n >> 12), symbol(n >> 6), symbol(n));
        }
    }
    // One or two bytes left make two or three symbols; the rest stays '='.
    if let Some(d) = dst.next() {
        let rest = src.remainder();
        let n = (0u32..).zip(rest).fold(0, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for (i, slot) in (0u32..).zip(d.iter_mut()).take(rest.len() + 1) {
            *slot = symbol(n >> (18 - 6 * i));
        }
    }
    // The alphabet and '=' are ASCII: never the empty fallback.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;

    use super::base64_of;

    #[test]
    fn equals_the_base64_crate_for_every_length_up_to_a_4096_bit_signature() {
        let mut x: u32 = 0x9e37_79b9;
        let mut bytes = Vec::new();
        for len in 0..=512 {
            assert_eq!(base64_of(&bytes), base64::engine::general_purpose::STANDARD.encode(&bytes), "{len} bytes");
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            bytes.push(x.to_le_bytes()[3]);
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(base64_of(&all), base64::engine::general_purpose::STANDARD.encode(&all));
    }
}
