//! Headers across the boundary: one string instead of a dozen.

use wasm_bindgen::JsValue;

/// Headers as one string's UTF-8 bytes (TextEncoder's, as the glue would copy a string; passing
/// bytes skips the glue's per-character copy loop): the flat `[name0, value0, …]` list joined by
/// one separator unit (so no two items' lone surrogates can pair up), `lens` the items' lengths
/// in UTF-16 units (what JS measures).
/// The pairs borrow `joined`: no string is allocated per header.
pub fn joined_pairs<'a>(joined: &'a [u8], lens: &[u32]) -> Result<Vec<(&'a str, &'a str)>, JsValue> {
    let bad = || super::convert::error(crate::Error::Internal("header list does not match its lengths".into()));
    let mut rest = core::str::from_utf8(joined).map_err(|_| bad())?;
    let mut pairs = Vec::with_capacity(lens.len() / 2);
    // A name waiting for its value.
    let mut name: Option<&str> = None;
    for (i, &len) in lens.iter().enumerate() {
        if i > 0 {
            let mut chars = rest.chars();
            chars.next().ok_or_else(bad)?;
            rest = chars.as_str();
        }
        let want = usize::try_from(len).map_err(|_| bad())?;
        // ASCII (every real header): one UTF-16 unit per byte, no character walk.
        let end = match rest.as_bytes().get(..want) {
            Some(head) if head.is_ascii() => want,
            _ => {
                let (mut units, mut end) = (0usize, 0usize);
                for c in rest.chars() {
                    if units >= want {
                        break;
                    }
                    units += c.len_utf16();
                    end += c.len_utf8();
                }
                if units != want {
                    return Err(bad());
                }
                end
            }
        };
        let (item, tail) = rest.split_at_checked(end).ok_or_else(bad)?;
        match name.take() {
            None => name = Some(item),
            Some(n) => pairs.push((n, item)),
        }
        rest = tail;
    }
    if !rest.is_empty() || name.is_some() {
        return Err(bad());
    }
    Ok(pairs)
}
