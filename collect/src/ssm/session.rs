//! Session Manager preferences: the region's `SSM-SessionManagerRunShell`
//! document (`GetDocument`, JSON), whose `inputs` hold where sessions are
//! logged. No such document (`InvalidDocument`) means the preferences were
//! never saved (absent); content that is not the expected JSON is unknown
//! (error), never "not logged".

use super::GET_DOCUMENT;
use crate::Cx;
use aws_sdk_ssm::types::DocumentFormat;
use aws_sdk_ssm::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::ssm::{SessionPreferences, SessionSettings};
use serde_json::Value;

/// The document that holds a region's Session Manager preferences.
const PREFERENCES_DOCUMENT: &str = "SSM-SessionManagerRunShell";

/// The region's preferences, one entry.
pub(super) async fn preferences(cx: &Cx, client: &Client) -> SessionPreferences {
    let request = client
        .get_document()
        .name(PREFERENCES_DOCUMENT)
        .document_format(DocumentFormat::Json)
        .send();
    let content = cx
        .call(GET_DOCUMENT, request)
        .await
        .read(&["InvalidDocument"], |o| o.content().map(str::to_string));
    let settings = match content {
        Collected::Value(text) => settings(&text).map_or_else(
            || {
                Collected::Error(CollectError::new(
                    "GetDocument",
                    "UnreadableContent",
                    format!("{PREFERENCES_DOCUMENT} is not a JSON document with `inputs`"),
                ))
            },
            Collected::Value,
        ),
        Collected::Absent => Collected::Absent,
        Collected::Error(e) => Collected::Error(e),
    };
    SessionPreferences {
        region: cx.region.clone(),
        settings,
    }
}

/// The `inputs` of the document's JSON content; `None` when it has none.
fn settings(content: &str) -> Option<SessionSettings> {
    let doc: Value = serde_json::from_str(content).ok()?;
    let inputs = doc.get("inputs")?.as_object()?;
    let text = |key: &str| {
        inputs
            .get(key)
            .and_then(|v| match v {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .filter(|s| !s.is_empty())
    };
    // Booleans come as `true` or as `"true"`.
    let flag = |key: &str| match inputs.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    };
    Some(SessionSettings {
        s3_bucket_name: text("s3BucketName"),
        s3_encryption_enabled: flag("s3EncryptionEnabled"),
        cloudwatch_log_group_name: text("cloudWatchLogGroupName"),
        cloudwatch_encryption_enabled: flag("cloudWatchEncryptionEnabled"),
        kms_key_id: text("kmsKeyId"),
        idle_session_timeout: text("idleSessionTimeout"),
        run_as_enabled: flag("runAsEnabled"),
    })
}

#[cfg(test)]
mod tests {
    use super::settings;

    #[test]
    fn inputs_are_read_whether_flags_are_booleans_or_strings() {
        let s = settings(
            r#"{"schemaVersion":"1.0","sessionType":"Standard_Stream","inputs":{
                "s3BucketName":"","s3EncryptionEnabled":"true",
                "cloudWatchLogGroupName":"/ssm/sessions","cloudWatchEncryptionEnabled":true,
                "kmsKeyId":"alias/sessions","idleSessionTimeout":"20","runAsEnabled":false}}"#,
        )
        .unwrap();
        assert_eq!(s.s3_bucket_name, None, "an empty name is no bucket");
        assert!(s.s3_encryption_enabled && s.cloudwatch_encryption_enabled);
        assert_eq!(
            s.cloudwatch_log_group_name.as_deref(),
            Some("/ssm/sessions")
        );
        assert_eq!(s.idle_session_timeout.as_deref(), Some("20"));
        assert!(!s.run_as_enabled);
        assert!(settings("not json").is_none());
        assert!(settings(r#"{"schemaVersion":"1.0"}"#).is_none());
    }
}
