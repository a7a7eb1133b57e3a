//! Collects every validation issue of one request, with JSON paths.

use crate::error::Issue;

/// Accumulates issues; builders report all of them at once.
#[derive(Debug, Default)]
pub struct Issues(Vec<Issue>);

impl Issues {
    pub fn new() -> Self {
        Issues(Vec::new())
    }

    pub fn push(&mut self, path: impl Into<String>, code: &'static str, message: impl Into<String>) {
        self.0.push(Issue::new(path, code, message));
    }

    /// A finding made elsewhere (the split checks), kept in order with the others.
    pub fn add(&mut self, issue: Issue) {
        self.0.push(issue);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn into_vec(self) -> Vec<Issue> {
        self.0
    }

    /// `Err(Error::Validation)` when anything was found.
    pub fn finish(self) -> crate::Result<()> {
        crate::Error::validation(self.0)
    }

    /// Required string: present, non-empty, at most `max_chars` characters, 1–3 byte UTF-8 only.
    pub fn required_text(&mut self, path: &str, value: Option<&str>, max_chars: usize) {
        match value {
            None => self.push(path, "required", "is required"),
            Some(v) => {
                if v.is_empty() {
                    self.push(path, "required", "must not be empty");
                } else {
                    self.text(path, v, max_chars);
                }
            }
        }
    }

    /// Optional string: when present, same rules as [`Issues::required_text`] but may not be empty.
    pub fn optional_text(&mut self, path: &str, value: Option<&str>, max_chars: usize) {
        if let Some(v) = value {
            if v.is_empty() {
                self.push(path, "empty", "must be omitted rather than empty");
            } else {
                self.text(path, v, max_chars);
            }
        }
    }

    fn text(&mut self, path: &str, v: &str, max_chars: usize) {
        let chars = v.chars().count();
        if chars > max_chars {
            self.push(path, "too_long", format!("is {chars} characters, at most {max_chars} allowed"));
        }
        if has_four_byte_char(v) {
            self.push(path, "charset", "contains a 4-byte UTF-8 character (emoji or supplementary plane), which WeChat Pay rejects");
        }
    }

    /// Characters limited to ASCII alphanumerics plus `extra`.
    pub fn charset(&mut self, path: &str, value: Option<&str>, extra: &str) {
        if let Some(v) = value {
            if let Some((at, bad)) = v.chars().enumerate().find(|(_, c)| !(c.is_ascii_alphanumeric() || extra.contains(*c))) {
                // ASCII punctuation is shown to help; anything else may be part of a personal
                // value put in the wrong field (a name as an account), so only its kind is named.
                let what = if bad.is_ascii_graphic() || bad == ' ' { format!("{bad:?}") } else { "a non-ASCII or control character".to_owned() };
                self.push(path, "charset", format!("contains {what} at position {}; only 0-9, A-Z, a-z and {extra:?} are allowed", at + 1));
            }
        }
    }
}

/// WeChat Pay accepts UTF-8 characters of 1–3 bytes only.
pub fn has_four_byte_char(v: &str) -> bool {
    v.chars().any(|c| c.len_utf8() > 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_every_issue_with_paths() {
        let mut i = Issues::new();
        i.required_text("a", None, 5);
        i.required_text("b", Some("123456"), 5);
        i.required_text("c", Some("ok😀"), 5);
        i.charset("d", Some("ab#c"), "_-");
        i.required_text("e", Some("fine"), 5);
        let v = i.into_vec();
        let paths: Vec<_> = v.iter().map(|x| (x.path.as_str(), x.code)).collect();
        assert_eq!(paths, vec![("a", "required"), ("b", "too_long"), ("c", "charset"), ("d", "charset")]);
    }

    #[test]
    fn charset_names_ascii_but_never_echoes_other_characters() {
        let mut i = Issues::new();
        i.charset("a", Some("ab c"), "_");
        i.charset("b", Some("o张三"), "_");
        let v = i.into_vec();
        assert!(v[0].message.contains("' ' at position 3"), "{}", v[0].message);
        assert!(!v[1].message.contains('张') && v[1].message.contains("non-ASCII"), "{}", v[1].message);
    }

    #[test]
    fn three_byte_chinese_is_fine() {
        assert!(!has_four_byte_char("分账回退"));
        assert!(has_four_byte_char("𠀀"));
    }
}
