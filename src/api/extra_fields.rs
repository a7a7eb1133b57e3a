//! Request fields this version does not know yet (issue 12, row 12).
//!
//! Builder inputs refuse unknown keys, so a typo such as `out_oder_no` stays an
//! error. A field WeChat Pay adds later goes in `extra: { … }` instead: it is
//! appended to the body after the documented fields (in key order), and refused
//! when it would shadow a field the builder knows (including its own options).

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::Serialize;

use super::validate::Issues;

/// Top-level body fields passed through verbatim.
pub type ExtraFields = serde_json::Map<String, serde_json::Value>;

/// Field names of a builder input, read from its `Deserialize` impl so the
/// list can never drift from the struct.
pub fn known<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    match T::deserialize(FieldNames) {
        Err(FieldList(fields)) => fields,
        Ok(_) => &[],
    }
}

/// Checks `extra` and returns it when it may be merged. `known` (a builder's [`known`]) runs only
/// when there is an `extra`: reading the names through serde cost ≈12 % of a createOrder call.
pub fn check<'a>(issues: &mut Issues, extra: Option<&'a ExtraFields>, known: fn() -> &'static [&'static str]) -> Option<&'a ExtraFields> {
    let extra = extra.filter(|m| !m.is_empty())?;
    let known = known();
    let before = issues.len();
    for key in extra.keys() {
        if key.is_empty() {
            issues.push("extra", "invalid_key", "has an empty key; give the wire name of the new field");
        } else if known.contains(&key.as_str()) {
            issues.push(
                format!("extra.{key}"),
                "shadows_known_field",
                format!("is a field this builder knows; pass it as {key} at the top level, not in extra"),
            );
        }
    }
    (issues.len() == before).then_some(extra)
}

/// Serialises a documented body and appends `extra` after its own fields.
pub fn to_json_with_extra<T: Serialize>(body: &T, extra: Option<&ExtraFields>) -> crate::Result<String> {
    let mut text = super::to_json(body)?;
    let Some(extra) = extra.filter(|m| !m.is_empty()) else {
        return Ok(text);
    };
    // Our bodies are JSON objects: reopen the closing brace and append.
    if !text.ends_with('}') {
        return Err(crate::Error::Internal("request body is not a JSON object".into()));
    }
    text.pop();
    for (key, value) in extra {
        if !text.ends_with('{') {
            text.push(',');
        }
        text.push_str(&super::to_json(key)?);
        text.push(':');
        text.push_str(&super::to_json(value)?);
    }
    text.push('}');
    Ok(text)
}

/// `path?documented…&extra…`: for GET calls the extra fields are query
/// parameters, appended in key order; only scalars have a query spelling.
pub fn with_query_and_extra(issues: &mut Issues, path: &str, params: &[(&str, Option<&str>)], extra: Option<&ExtraFields>) -> String {
    let mut scalars: Vec<(&str, String)> = Vec::new();
    for (key, value) in extra.into_iter().flatten() {
        match value {
            serde_json::Value::String(v) => scalars.push((key, v.clone())),
            serde_json::Value::Number(n) => scalars.push((key, n.to_string())),
            serde_json::Value::Bool(b) => scalars.push((key, b.to_string())),
            _ => issues.push(format!("extra.{key}"), "type", "must be a string, number or boolean: it becomes a query parameter"),
        }
    }
    let mut all: Vec<(&str, Option<&str>)> = params.to_vec();
    all.extend(scalars.iter().map(|(k, v)| (*k, Some(v.as_str()))));
    super::query::with_query(path, &all)
}

/// A deserializer that only asks a struct for its field names.
struct FieldNames;

#[derive(Debug)]
struct FieldList(&'static [&'static str]);

impl core::fmt::Display for FieldList {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("field introspection")
    }
}

impl std::error::Error for FieldList {}

impl de::Error for FieldList {
    fn custom<M: core::fmt::Display>(_: M) -> Self {
        FieldList(&[])
    }
}

impl<'de> Deserializer<'de> for FieldNames {
    type Error = FieldList;

    fn deserialize_struct<V: Visitor<'de>>(self, _: &'static str, fields: &'static [&'static str], _: V) -> Result<V::Value, FieldList> {
        Err(FieldList(fields))
    }

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, FieldList> {
        Err(FieldList(&[]))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Input {
        a: Option<String>,
        r#type: Option<String>,
        extra: Option<ExtraFields>,
    }

    #[test]
    fn field_names_come_from_the_struct() {
        assert_eq!(known::<Input>(), &["a", "type", "extra"]);
    }

    #[test]
    fn extra_is_appended_after_documented_fields_in_given_order() {
        let extra: ExtraFields = serde_json::from_str(r#"{"new_b":{"x":[1,"二"]},"new_a":true}"#).unwrap();
        let body = serde_json::json!({"a": 1});
        let text = to_json_with_extra(&body, Some(&extra)).unwrap();
        // serde_json::Map is sorted without preserve_order: the order is stable, not the caller's.
        assert_eq!(text, r#"{"a":1,"new_a":true,"new_b":{"x":[1,"二"]}}"#);
        assert_eq!(to_json_with_extra(&body, None).unwrap(), r#"{"a":1}"#);
        assert_eq!(to_json_with_extra(&body, Some(&ExtraFields::new())).unwrap(), r#"{"a":1}"#);
    }

    #[test]
    fn query_extra_scalars_only() {
        let extra: ExtraFields = serde_json::from_str(r#"{"z":"a b","n":7,"f":false}"#).unwrap();
        let mut issues = Issues::new();
        let q = with_query_and_extra(&mut issues, "/v3/x", &[("a", Some("1")), ("b", None)], Some(&extra));
        assert_eq!(q, "/v3/x?a=1&f=false&n=7&z=a%20b");
        assert!(issues.is_empty());
        let bad: ExtraFields = serde_json::from_str(r#"{"o":{},"l":[],"x":null}"#).unwrap();
        with_query_and_extra(&mut issues, "/v3/x", &[], Some(&bad));
        assert_eq!(issues.len(), 3);
    }

    #[test]
    fn shadowing_and_empty_keys_are_refused() {
        let extra: ExtraFields = serde_json::from_str(r#"{"type":"X","":1,"extra":{},"fine":2}"#).unwrap();
        let mut issues = Issues::new();
        assert!(check(&mut issues, Some(&extra), known::<Input>).is_none());
        let got: Vec<_> = issues.into_vec().into_iter().map(|i| (i.path, i.code)).collect();
        assert_eq!(
            got,
            vec![("extra".to_owned(), "invalid_key"), ("extra.extra".to_owned(), "shadows_known_field"), ("extra.type".to_owned(), "shadows_known_field"),]
        );
        let ok: ExtraFields = serde_json::from_str(r#"{"fine":2}"#).unwrap();
        let mut issues = Issues::new();
        assert_eq!(check(&mut issues, Some(&ok), known::<Input>), Some(&ok));
        assert!(issues.is_empty());
    }
}
