//! A small, invertible framing for structured fuzz inputs.
//!
//! `arbitrary`'s derived format is not practical to write by hand, so real
//! inputs (fixtures, vectors, unit-test JSON) could not seed the corpora.
//! This framing is as structure-aware but has an encoder ([`Writer`]) that
//! `examples/seedgen.rs` uses, so seeds decode exactly as intended. Every
//! read is total: a short input yields zeros / empty strings, never an error.
//!
//! * integers: little-endian, fixed width;
//! * `bytes`: `u16` LE length (clamped to what is left) then the bytes;
//! * `choice_or_string`: one selector byte; below 0x80 picks a known value
//!   (`choices[sel % len]`), otherwise a `bytes` field follows, read as
//!   lossy UTF-8. Known header names, serials and event types are thus one
//!   byte away, while anything else stays reachable;
//! * `rest`: everything left (usually the body / JSON text).

/// Reads a structured case out of raw fuzzer bytes.
pub struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data }
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    fn take(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.data.len());
        let (head, tail) = self.data.split_at(n);
        self.data = tail;
        head
    }

    fn fixed<const N: usize>(&mut self) -> [u8; N] {
        let mut buf = [0u8; N];
        let got = self.take(N);
        buf[..got.len()].copy_from_slice(got);
        buf
    }

    pub fn u8(&mut self) -> u8 {
        self.fixed::<1>()[0]
    }

    pub fn bool(&mut self) -> bool {
        self.u8() & 1 == 1
    }

    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.fixed())
    }

    pub fn i16(&mut self) -> i16 {
        i16::from_le_bytes(self.fixed())
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.fixed())
    }

    pub fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.fixed())
    }

    pub fn i64(&mut self) -> i64 {
        i64::from_le_bytes(self.fixed())
    }

    /// A magnitude-tagged integer: small values are as likely as huge ones.
    pub fn amount(&mut self) -> u64 {
        match self.u8() % 5 {
            0 => u64::from(self.u8()),
            1 => u64::from(self.u16()),
            2 => u64::from(self.u32()),
            3 => self.u64(),
            _ => {
                const EDGES: [u64; 8] = [0, 1, u64::MAX, u64::MAX - 1, u32::MAX as u64, 1 << 53, i64::MAX as u64, 10_000];
                EDGES[usize::from(self.u8()) % EDGES.len()]
            }
        }
    }

    /// Same idea for `u32` (basis points, ppm, counts).
    pub fn small_u32(&mut self) -> u32 {
        match self.u8() % 4 {
            0 => u32::from(self.u8()),
            1 => u32::from(self.u16()),
            2 => self.u32(),
            _ => {
                const EDGES: [u32; 8] = [0, 1, u32::MAX, 10_000, 10_001, 1_000_000, 1_000_001, 3000];
                EDGES[usize::from(self.u8()) % EDGES.len()]
            }
        }
    }

    pub fn bytes(&mut self) -> &'a [u8] {
        let len = usize::from(self.u16());
        self.take(len)
    }

    pub fn string(&mut self) -> String {
        String::from_utf8_lossy(self.bytes()).into_owned()
    }

    pub fn choice_or_string(&mut self, choices: &[&str]) -> String {
        let sel = self.u8();
        if sel < 0x80 && !choices.is_empty() {
            choices[usize::from(sel) % choices.len()].to_owned()
        } else {
            self.string()
        }
    }

    /// Like [`Self::choice_or_string`] for raw bytes (keys, DER).
    pub fn choice_or_bytes(&mut self, choices: &[&[u8]]) -> Vec<u8> {
        let sel = self.u8();
        if sel < 0x80 && !choices.is_empty() {
            choices[usize::from(sel) % choices.len()].to_vec()
        } else {
            self.bytes().to_vec()
        }
    }

    pub fn rest(&mut self) -> &'a [u8] {
        let all = self.data;
        self.data = &[];
        all
    }

    /// The rest as text: exact when it is UTF-8, lossy otherwise.
    pub fn rest_str(&mut self) -> String {
        String::from_utf8_lossy(self.rest()).into_owned()
    }
}

/// The inverse of [`Reader`], for seeds.
#[derive(Default)]
pub struct Writer(pub Vec<u8>);

impl Writer {
    pub fn new() -> Self {
        Writer(Vec::new())
    }

    pub fn u8(&mut self, v: u8) -> &mut Self {
        self.0.push(v);
        self
    }

    pub fn bool(&mut self, v: bool) -> &mut Self {
        self.u8(u8::from(v))
    }

    pub fn u16(&mut self, v: u16) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }

    pub fn i16(&mut self, v: i16) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }

    pub fn u32(&mut self, v: u32) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }

    pub fn u64(&mut self, v: u64) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }

    pub fn i64(&mut self, v: i64) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }

    pub fn amount(&mut self, v: u64) -> &mut Self {
        self.u8(3).u64(v)
    }

    pub fn small_u32(&mut self, v: u32) -> &mut Self {
        self.u8(2).u32(v)
    }

    pub fn bytes(&mut self, b: &[u8]) -> &mut Self {
        let len = u16::try_from(b.len()).unwrap_or(u16::MAX);
        self.u16(len);
        self.0.extend_from_slice(&b[..usize::from(len)]);
        self
    }

    pub fn string(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }

    /// Selects `choices[i]` of a `choice_or_*` field.
    pub fn choice(&mut self, i: usize) -> &mut Self {
        self.u8(u8::try_from(i).unwrap_or(0) & 0x7f)
    }

    /// A custom value for a `choice_or_string` field.
    pub fn custom(&mut self, s: &str) -> &mut Self {
        self.u8(0xff).string(s)
    }

    pub fn custom_bytes(&mut self, b: &[u8]) -> &mut Self {
        self.u8(0xff).bytes(b)
    }

    /// Picks the known choice equal to `s`, else writes it as custom.
    pub fn choose(&mut self, choices: &[&str], s: &str) -> &mut Self {
        match choices.iter().position(|c| *c == s) {
            Some(i) => self.choice(i),
            None => self.custom(s),
        }
    }

    pub fn rest(&mut self, b: &[u8]) -> &mut Self {
        self.0.extend_from_slice(b);
        self
    }

    pub fn finish(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut w = Writer::new();
        w.u8(7).u16(300).i64(-5).amount(u64::MAX).string("héllo").choice(1).custom("x").rest(b"tail");
        let data = w.finish();
        let mut r = Reader::new(&data);
        assert_eq!(r.u8(), 7);
        assert_eq!(r.u16(), 300);
        assert_eq!(r.i64(), -5);
        assert_eq!(r.amount(), u64::MAX);
        assert_eq!(r.string(), "héllo");
        assert_eq!(r.choice_or_string(&["a", "b"]), "b");
        assert_eq!(r.choice_or_string(&["a", "b"]), "x");
        assert_eq!(r.rest(), b"tail");
        assert!(r.is_empty());
        assert_eq!(r.u64(), 0);
    }
}
