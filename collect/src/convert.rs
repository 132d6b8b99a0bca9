//! Small conversions every collector uses: SDK values into the model's.

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use awscheck_model::inventory::Tags;
use std::future::Future;

/// A non-empty string, owned.
pub fn text(s: Option<&str>) -> Option<String> {
    s.filter(|s| !s.is_empty()).map(str::to_string)
}

/// Every page of an operation that has no SDK paginator: `call(token)`
/// sends one request, `split(output)` gives its items and the next token.
/// Stops at a missing, empty or repeated token.
pub async fn pages<O, E, T, Fut>(
    mut call: impl FnMut(Option<String>) -> Fut,
    mut split: impl FnMut(O) -> (Vec<T>, Option<String>),
) -> Result<Vec<T>, SdkError<E, HttpResponse>>
where
    Fut: Future<Output = Result<O, SdkError<E, HttpResponse>>>,
{
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let (items, next) = split(call(token.clone()).await?);
        out.extend(items);
        match next.filter(|t| !t.is_empty()) {
            Some(t) if token.as_ref() != Some(&t) => token = Some(t),
            _ => return Ok(out),
        }
    }
}

/// Key/value pairs as [`Tags`].
pub fn tags_of<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Tags {
    pairs
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A policy document as AWS returned it: JSON text, or URL-encoded JSON
/// text (IAM). Stored as a JSON object when it parses, else as the text.
pub fn policy_json(text: &str) -> awscheck_model::inventory::PolicyJson {
    use awscheck_model::inventory::PolicyJson;
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
        return PolicyJson(v);
    }
    if let Ok(decoded) = percent_encoding::percent_decode_str(text).decode_utf8() {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&decoded) {
            return PolicyJson(v);
        }
    }
    PolicyJson(serde_json::Value::String(text.to_string()))
}

/// An SDK timestamp as a UTC time (`None` when out of chrono's range).
pub fn utc(t: &aws_smithy_types::DateTime) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::from_timestamp(t.secs(), t.subsec_nanos())
}

/// An RFC 3339 timestamp given as text (`2026-11-20T08:00:00.000Z`) as a
/// UTC time; `None` when absent or unparseable.
pub fn utc_text(t: Option<&str>) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(t?)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}
