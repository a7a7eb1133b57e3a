//! What to answer WeChat Pay. Ack only after your own processing committed:
//! a failure answered with nack is retried (15 s … 6 h, 24 h 4 m in all).

use serde::Serialize;

use crate::{Error, Issue, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// 200 with the customary `{"code":"SUCCESS","message":"成功"}`.
pub fn ack() -> Reply {
    Reply {
        status: 200, headers: vec![("Content-Type".to_owned(), "application/json".to_owned())], body: r#"{"code":"SUCCESS","message":"成功"}"#.to_owned()
    }
}

/// A 4xx/5xx with `{"code":"FAIL","message":…}`; WeChat Pay retries it.
pub fn nack(message: &str, status: u16) -> Result<Reply> {
    if !(400..600).contains(&status) {
        return Err(Error::Validation(vec![Issue::new("status", "invalid", "a failure reply must be 4xx or 5xx")]));
    }
    let body = serde_json::json!({ "code": "FAIL", "message": message }).to_string();
    Ok(Reply { status, headers: vec![("Content-Type".to_owned(), "application/json".to_owned())], body })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies() {
        assert_eq!(ack().status, 200);
        let n = nack("签名\"错误\"", 500).unwrap();
        assert_eq!(n.body, r#"{"code":"FAIL","message":"签名\"错误\""}"#);
        assert!(nack("x", 200).is_err());
        assert!(nack("x", 302).is_err());
    }
}
