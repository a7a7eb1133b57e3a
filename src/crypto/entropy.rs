//! A deterministic generator seeded with host entropy.
//!
//! The core never calls an RNG: OAEP needs 20 random bytes, so the host
//! passes ≥ 32 bytes from its CSPRNG and we expand them with SHA-256 in
//! counter mode. An infallible source means no panicking adapter is needed.

use core::convert::Infallible;
use rand_core::{TryCryptoRng, TryRng};
use sha2::{Digest, Sha256};
use zeroize::Zeroize;

/// Minimum seed length accepted (256 bits).
pub const MIN_SEED_LEN: usize = 32;

pub struct SeededRng {
    seed: [u8; 32],
    counter: u64,
    block: [u8; 32],
    used: usize,
}

impl SeededRng {
    /// `None` when the seed is shorter than [`MIN_SEED_LEN`].
    pub fn new(entropy: &[u8]) -> Option<Self> {
        if entropy.len() < MIN_SEED_LEN {
            return None;
        }
        let seed: [u8; 32] = Sha256::digest(entropy).into();
        Some(SeededRng { seed, counter: 0, block: [0; 32], used: 32 })
    }

    fn refill(&mut self) {
        let mut h = Sha256::new();
        h.update(self.seed);
        h.update(self.counter.to_be_bytes());
        self.block = h.finalize().into();
        self.counter = self.counter.wrapping_add(1);
        self.used = 0;
    }

    pub fn fill_bytes(&mut self, dst: &mut [u8]) {
        for out in dst.iter_mut() {
            if self.used >= self.block.len() {
                self.refill();
            }
            if let Some(b) = self.block.get(self.used) {
                *out = *b;
            }
            self.used += 1;
        }
    }
}

impl Drop for SeededRng {
    fn drop(&mut self) {
        self.seed.zeroize();
        self.block.zeroize();
    }
}

impl TryRng for SeededRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        self.fill_bytes(dst);
        Ok(())
    }
}

impl TryCryptoRng for SeededRng {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_seed_is_refused_and_output_depends_on_seed() {
        assert!(SeededRng::new(&[1; 31]).is_none());
        let mut a = SeededRng::new(&[1; 32]).unwrap();
        let mut b = SeededRng::new(&[2; 32]).unwrap();
        let (mut x, mut y) = ([0u8; 70], [0u8; 70]);
        a.fill_bytes(&mut x);
        b.fill_bytes(&mut y);
        assert_ne!(x, y);
        assert_ne!(x[..32], x[32..64], "blocks must differ across the counter");
    }
}
