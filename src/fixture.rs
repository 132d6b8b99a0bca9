//! Reading and writing inventory JSON (mocked accounts and snapshots).
//!
//! Every error is one line naming the file, the JSON path and what was
//! expected: `mocks/x.json: accounts[0].s3.buckets[3]: unknown field "polcy", expected one of …`.

use crate::located::one_line;
use awscheck_checks::inventory::{Inventory, FORMAT_VERSION};
use std::fmt;
use std::path::Path;

/// A fixture that could not be used, as one line for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixtureError(pub String);

impl fmt::Display for FixtureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FixtureError {}

/// Reads and validates the inventory at `path`.
pub fn load(path: &Path) -> Result<Inventory, FixtureError> {
    let name = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| FixtureError(format!("{name}: cannot read: {e}")))?;
    parse(&name, &bytes)
}

/// Parses and validates inventory JSON; `name` labels errors.
pub fn parse(name: &str, bytes: &[u8]) -> Result<Inventory, FixtureError> {
    let fail = |path: &str, msg: String| {
        let path = if path.is_empty() || path == "." {
            String::new()
        } else {
            format!("{path}: ")
        };
        FixtureError(format!("{name}: {path}{}", one_line(&msg)))
    };
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        let what = e.to_string();
        let what = what.split(" at line ").next().unwrap_or(&what).to_string();
        FixtureError(format!(
            "{name}: line {} column {}: invalid JSON: {what}",
            e.line(),
            e.column()
        ))
    })?;
    let Some(top) = value.as_object() else {
        return Err(fail(
            "",
            "expected a JSON object with \"format\", \"generated_at\" and \"accounts\"".into(),
        ));
    };
    match top.get("format") {
        None => {
            return Err(fail(
                "format",
                format!("missing, expected {FORMAT_VERSION}"),
            ))
        }
        Some(v) if v.as_u64() == Some(u64::from(FORMAT_VERSION)) => {}
        Some(v) => {
            return Err(fail(
                "format",
                format!("unsupported format {v}, expected {FORMAT_VERSION}"),
            ))
        }
    }
    let inventory: Inventory = serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let msg = e.inner().to_string().replace('`', "\"");
        // serde names the unknown field itself as the last path segment; the
        // message names it too, so point at the object that holds it.
        let path = if msg.starts_with("unknown field") {
            path.rsplit_once('.')
                .map(|(p, _)| p.to_string())
                .unwrap_or_default()
        } else {
            path
        };
        fail(&path, msg)
    })?;
    validate(&inventory).map_err(|(path, msg)| fail(&path, msg))?;
    Ok(inventory)
}

/// Checks serde cannot express: account ids and the region list.
fn validate(inv: &Inventory) -> Result<(), (String, String)> {
    if inv.accounts.is_empty() {
        return Err(("accounts".into(), "expected at least one account".into()));
    }
    for (i, a) in inv.accounts.iter().enumerate() {
        if a.account_id.len() != 12 || !a.account_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err((
                format!("accounts[{i}].account_id"),
                format!("expected 12 digits, found {:?}", a.account_id),
            ));
        }
        if a.regions.is_empty() {
            return Err((
                format!("accounts[{i}].regions"),
                "expected at least one region".into(),
            ));
        }
    }
    Ok(())
}

/// Writes `inv` as pretty JSON to `path`.
pub fn write(path: &Path, inv: &Inventory) -> Result<(), FixtureError> {
    let name = path.display();
    let json = serde_json::to_vec_pretty(inv)
        .map_err(|e| FixtureError(format!("{name}: cannot serialize: {e}")))?;
    std::fs::write(path, [json.as_slice(), b"\n"].concat())
        .map_err(|e| FixtureError(format!("{name}: cannot write: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn err(json: &str) -> String {
        parse("x.json", json.as_bytes()).unwrap_err().0
    }

    const HEAD: &str = r#""format": 1, "generated_at": "2026-11-21T00:00:00Z""#;

    #[test]
    fn errors_name_file_path_and_expectation() {
        assert_eq!(
            err("{"),
            "x.json: line 1 column 1: invalid JSON: EOF while parsing an object"
        );
        assert_eq!(
            err("[]"),
            "x.json: expected a JSON object with \"format\", \"generated_at\" and \"accounts\""
        );
        assert_eq!(
            err(r#"{"accounts": []}"#),
            "x.json: format: missing, expected 1"
        );
        assert_eq!(
            err(r#"{"format": 2}"#),
            "x.json: format: unsupported format 2, expected 1"
        );
        let typo = err(&format!(
            r#"{{{HEAD}, "accounts": [{{"account_id": "111122223333", "regions": ["us-east-1"], "s3": {{"buckets": [{{"arn": "arn:aws:s3:::b", "region": "us-east-1", "account_id": "111122223333", "name": "b", "polcy": "absent"}}]}}}}]}}"#
        ));
        assert!(
            typo.starts_with(
                "x.json: accounts[0].s3.buckets[0]: unknown field \"polcy\", expected one of"
            ),
            "{typo}"
        );
        let mistyped = err(&format!(
            r#"{{{HEAD}, "accounts": [{{"account_id": "111122223333", "regions": "us-east-1"}}]}}"#
        ));
        assert!(
            mistyped.starts_with("x.json: accounts[0].regions: invalid type: string"),
            "{mistyped}"
        );
        let bad_id = err(&format!(
            r#"{{{HEAD}, "accounts": [{{"account_id": "12", "regions": ["us-east-1"]}}]}}"#
        ));
        assert_eq!(
            bad_id,
            "x.json: accounts[0].account_id: expected 12 digits, found \"12\""
        );
        assert!(!typo.contains('\n') && !mistyped.contains('\n'));
    }

    #[test]
    fn missing_file_is_named() {
        let e = load(Path::new("/nonexistent/x.json")).unwrap_err().0;
        assert!(e.starts_with("/nonexistent/x.json: cannot read:"), "{e}");
    }

    fn arb_json() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
                .map(Value::Number)
                .unwrap_or(Value::Null)),
            ".{0,10}".prop_map(Value::String),
        ];
        leaf.prop_recursive(5, 64, 6, |inner| {
            let key = prop_oneof![
                Just("format".to_string()),
                Just("accounts".to_string()),
                Just("account_id".to_string()),
                Just("regions".to_string()),
                Just("s3".to_string()),
                Just("buckets".to_string()),
                Just("policy".to_string()),
                Just("value".to_string()),
                Just("error".to_string()),
                Just("generated_at".to_string()),
                ".{0,6}"
            ];
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(key, inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
            let _ = parse("x.json", &bytes);
        }

        #[test]
        fn arbitrary_json_never_panics(v in arb_json()) {
            let _ = parse("x.json", v.to_string().as_bytes());
            let mut with_version = v;
            if let Some(o) = with_version.as_object_mut() { o.insert("format".into(), 1.into()); }
            let result = parse("x.json", with_version.to_string().as_bytes());
            if let Err(e) = result { prop_assert!(!e.0.contains('\n')); }
        }
    }
}
