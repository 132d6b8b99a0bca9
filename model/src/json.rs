//! JSON documents AWS returns as text, other than policies
//! ([`crate::policy::PolicyJson`]): an EventBridge rule's event pattern.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A JSON document as stored in the inventory: the JSON value when the text
/// AWS returned parses, else that text (a fixture may give either). Checks
/// parse it when they read it (`judge::event_pattern::Pattern::from_value`
/// takes both forms).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JsonDocument(pub Value);

impl JsonDocument {
    /// The document of `text`: its JSON value, or the text itself when it
    /// is not JSON (kept, so that a check can say it is not valid).
    pub fn from_text(text: &str) -> JsonDocument {
        JsonDocument(serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_parsed_when_it_is_json_and_kept_when_not() {
        let doc = JsonDocument::from_text(r#"{"source": ["aws.codebuild"]}"#);
        assert_eq!(doc.0["source"][0], "aws.codebuild");
        assert_eq!(
            JsonDocument::from_text("{not json").0,
            Value::String("{not json".into())
        );
    }
}
