//! Fixture JSON: how generators write a resource, as the small JSON object a
//! hand-written fixture would hold, deserialized into the model so that
//! redaction on load runs as it does for a real fixture.

use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// Deserializes one resource (or section) from its fixture JSON.
pub fn de<T: DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).unwrap_or_else(|e| panic!("generator wrote invalid JSON: {e}"))
}

/// A `Collected` value that was read.
pub fn val(v: impl Into<Value>) -> Value {
    json!({ "value": v.into() })
}

/// A `Collected` value that does not exist.
pub fn absent() -> Value {
    json!("absent")
}

/// A `Collected` value the audit role may not read.
pub fn denied(operation: &str) -> Value {
    json!({"error": {"operation": operation, "code": "AccessDenied", "message": "User is not authorized to perform this action"}})
}

/// A `Collected` value AWS refused to give in time.
pub fn throttled(operation: &str) -> Value {
    json!({"error": {"operation": operation, "code": "ThrottlingException", "message": "Rate exceeded"}})
}

/// A UUID-shaped id, unique per `(i, salt)`.
pub fn uuid(i: usize, salt: u32) -> String {
    format!(
        "{salt:08x}-{:04x}-4{:03x}-8000-{i:012x}",
        i % 0xffff,
        i % 0xfff
    )
}

/// `text` percent-encoded, as IAM returns policy documents.
pub fn url_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}
