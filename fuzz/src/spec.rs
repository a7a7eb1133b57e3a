//! Checks every accepted builder output must pass: the request it describes
//! can be signed and sent as is.

use wechatpay_edge::api::RequestSpec;

fn no_nulls(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Null => false,
        serde_json::Value::Array(a) => a.iter().all(no_nulls),
        serde_json::Value::Object(o) => o.values().all(no_nulls),
        _ => true,
    }
}

/// An accepted spec: a known method, a `/v3/` path that `canonical_url`
/// keeps byte for byte, a JSON-object body without `null`s (bodies omit
/// absent fields), header values without CR/LF, and a signable message.
pub fn check_spec(result: wechatpay_edge::Result<RequestSpec>) {
    let spec = match result {
        Ok(s) => s,
        Err(e) => {
            // Builders report problems; they never fail internally.
            assert_ne!(e.code(), "ERR_WXPAY_INTERNAL", "{e:?}");
            return;
        }
    };
    assert!(matches!(spec.method, "GET" | "POST" | "PUT" | "PATCH" | "DELETE"), "{}", spec.method);
    assert!(spec.path_and_query.starts_with("/v3/"), "{}", spec.path_and_query);
    assert_eq!(wechatpay_edge::sign::canonical_url(&spec.path_and_query).ok(), Some(spec.path_and_query.as_str()));
    assert_eq!(spec.body.is_some(), spec.method != "GET");
    if let Some(b) = &spec.body {
        let v: serde_json::Value = serde_json::from_str(b).unwrap_or_else(|e| panic!("builder body is not JSON ({e}): {b}"));
        assert!(v.is_object(), "{b}");
        assert!(no_nulls(&v), "builder body contains null: {b}");
    }
    for (k, v) in &spec.headers {
        assert!(!k.is_empty() && !k.contains(['\r', '\n', ':']) && !v.contains(['\r', '\n']), "{k:?}: {v:?}");
    }
    let body = spec.body.as_deref().unwrap_or("");
    if let Err(e) = wechatpay_edge::sign::request_message(spec.method, &spec.path_and_query, 1554208460, "n", body) {
        panic!("built request cannot be signed: {e:?} ({spec:?})");
    }
    let _ = serde_json::to_string(&spec);
}

/// Parsed responses go back to JS through serde: they must serialise.
pub fn check_result<T: serde::Serialize>(result: wechatpay_edge::Result<T>) {
    match result {
        Ok(v) => {
            if let Err(e) = serde_json::to_string(&v) {
                panic!("parsed response does not serialise: {e}");
            }
        }
        Err(e) => assert_ne!(e.code(), "ERR_WXPAY_INTERNAL", "{e:?}"),
    }
}
