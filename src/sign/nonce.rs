//! 32-character alphanumeric nonces from host entropy, without modulo bias.

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
pub const NONCE_LEN: usize = 32;
/// Largest multiple of 62 that fits in a byte: bytes at or above it are discarded.
const REJECT_FROM: u8 = 248;

/// Builds a nonce from CSPRNG bytes by rejection sampling; `None` if the bytes
/// ran out first (pass 64 bytes: the chance of that is below 10⁻¹⁵).
pub fn nonce_from_entropy(entropy: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(NONCE_LEN);
    for &b in entropy {
        if b >= REJECT_FROM {
            continue;
        }
        if let Some(&c) = ALPHABET.get(usize::from(b % 62)) {
            out.push(char::from(c));
        }
        if out.len() == NONCE_LEN {
            return Some(out);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_high_bytes_and_maps_the_rest_uniformly() {
        let mut bytes = vec![255u8, 248];
        bytes.extend(0u8..32);
        let n = nonce_from_entropy(&bytes).unwrap();
        assert_eq!(n, "0123456789ABCDEFGHIJKLMNOPQRSTUV");
        assert_eq!(nonce_from_entropy(&[61, 62, 247]).as_deref(), None);
        let all: Vec<u8> = (0u8..=255).cycle().take(400).collect();
        let n = nonce_from_entropy(&all).unwrap();
        assert_eq!(n.len(), 32);
        assert!(n.bytes().all(|b| b.is_ascii_alphanumeric()));
    }

    #[test]
    fn every_accepted_byte_value_hits_each_symbol_equally() {
        let mut counts = [0u32; 62];
        for b in 0u8..REJECT_FROM {
            counts[usize::from(b % 62)] += 1;
        }
        assert!(counts.iter().all(|&c| c == 4));
    }
}
