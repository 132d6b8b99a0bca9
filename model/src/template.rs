//! CloudFormation templates, reduced on load to what the checks judge.
//!
//! A template body (JSON, or YAML with CloudFormation's short-form tags such
//! as `!Ref`, `!Sub` or `!If`) is parsed when it is loaded, from a
//! hand-written fixture or from `GetTemplate`, and only its structure is
//! kept: each resource's logical id, type, `DeletionPolicy` and
//! `UpdateReplacePolicy`, and whether it turns on deletion protection. The
//! rest of the text (property values, which may hold secrets) is dropped.
//!
//! JSON: the template body as a string (reduced on load), or the reduced form
//! `{"resources": [{"logical_id": "Db", "resource_type": "AWS::RDS::DBCluster",
//! "deletion_policy": {"value": "Snapshot"}}]}`.

use crate::secret::StringOr;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A template, reduced to its structure.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Template {
    /// Set when the body did not parse as JSON or YAML: nothing else is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parse_error: Option<String>,
    /// The `Transform` macros it declares (`AWS::Serverless-2016-10-31`, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transforms: Vec<String>,
    #[serde(default)]
    pub resources: Vec<TemplateResource>,
}

/// A resource of the template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateResource {
    pub logical_id: String,
    pub resource_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_policy: Option<PolicySetting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_replace_policy: Option<PolicySetting>,
    /// `DeletionProtection` or `DeletionProtectionEnabled` is `true`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deletion_protection: bool,
    /// An `AWS::RDS::DBInstance` with a `DBClusterIdentifier` (a cluster member).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub in_cluster: bool,
}

/// A `DeletionPolicy` or `UpdateReplacePolicy`: a literal, a `Ref` to a
/// parameter, or another intrinsic function (its name).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySetting {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intrinsic: Option<String>,
}

impl Template {
    /// Parses and reduces a template body.
    pub fn from_text(text: &str) -> Template {
        match parse(text) {
            Ok(v) => reduce(&v),
            Err(e) => Template {
                parse_error: Some(e),
                ..Template::default()
            },
        }
    }
}

impl<'de> Deserialize<'de> for Template {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Reduced {
            #[serde(default)]
            parse_error: Option<String>,
            #[serde(default)]
            transforms: Vec<String>,
            #[serde(default)]
            resources: Vec<TemplateResource>,
        }
        Ok(match StringOr::<Reduced>::deserialize(d)? {
            StringOr::Plain(text) => Template::from_text(&text),
            StringOr::Structured(r) => Template {
                parse_error: r.parse_error,
                transforms: r.transforms,
                resources: r.resources,
            },
        })
    }
}

/// A template body as a JSON value: JSON text, or YAML with the short-form
/// tags turned into their long form (`!Ref X` → `{"Ref": "X"}`,
/// `!GetAtt A.B` → `{"Fn::GetAtt": ["A", "B"]}`, `!Sub …` → `{"Fn::Sub": …}`).
pub fn parse(text: &str) -> Result<Value, String> {
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"));
    }
    let mut b = Builder::default();
    Parser::new_from_str(text)
        .load(&mut b, false)
        .map_err(|e| format!("not valid YAML: {e}"))?;
    match b.root {
        Some(v @ Value::Object(_)) => Ok(v),
        Some(_) => Err("not a template: the document is not a mapping".into()),
        None => Err("empty template".into()),
    }
}

enum Frame {
    Seq(Vec<Value>, Option<Tag>, usize),
    Map(Map<String, Value>, Option<String>, Option<Tag>, usize),
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    root: Option<Value>,
    anchors: HashMap<usize, Value>,
}

impl Builder {
    fn push(&mut self, v: Value, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, v.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(v);
                }
            }
            Some(Frame::Seq(items, ..)) => items.push(v),
            Some(Frame::Map(map, key, ..)) => match key.take() {
                None => {
                    *key = Some(match v {
                        Value::String(s) => s,
                        other => other.to_string(),
                    })
                }
                Some(k) => {
                    map.insert(k, v);
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, _: Marker) {
        match ev {
            Event::Scalar(s, style, anchor, tag) => {
                let v = if style == TScalarStyle::Plain && tag.is_none() {
                    plain(&s)
                } else {
                    Value::String(s)
                };
                self.push(tagged(v, tag.as_ref()), anchor);
            }
            Event::SequenceStart(anchor, tag) => {
                self.stack.push(Frame::Seq(Vec::new(), tag, anchor))
            }
            Event::MappingStart(anchor, tag) => {
                self.stack.push(Frame::Map(Map::new(), None, tag, anchor))
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (v, tag, anchor) = match self.stack.pop() {
                    Some(Frame::Seq(items, tag, a)) => (Value::Array(items), tag, a),
                    Some(Frame::Map(map, _, tag, a)) => (Value::Object(map), tag, a),
                    None => return,
                };
                self.push(tagged(v, tag.as_ref()), anchor);
            }
            Event::Alias(id) => {
                let v = self.anchors.get(&id).cloned().unwrap_or(Value::Null);
                self.push(v, 0);
            }
            _ => {}
        }
    }
}

/// A plain YAML scalar as YAML 1.2's core schema reads it.
fn plain(s: &str) -> Value {
    match s {
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        _ => s
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(s.to_string())),
    }
}

/// CloudFormation's short-form tags in their long form; other tags are dropped.
fn tagged(v: Value, tag: Option<&Tag>) -> Value {
    let Some(tag) = tag.filter(|t| t.handle == "!") else {
        return v;
    };
    let name = tag.suffix.as_str();
    let mut long = Map::new();
    match name {
        "Ref" | "Condition" => {
            long.insert(name.to_string(), v);
        }
        "GetAtt" => {
            let v = match v {
                Value::String(s) => match s.split_once('.') {
                    Some((a, b)) => Value::from(vec![a, b]),
                    None => Value::String(s),
                },
                other => other,
            };
            long.insert("Fn::GetAtt".into(), v);
        }
        _ if name.chars().next().is_some_and(|c| c.is_ascii_uppercase()) => {
            long.insert(format!("Fn::{name}"), v);
        }
        _ => return v,
    }
    Value::Object(long)
}

fn reduce(t: &Value) -> Template {
    let transforms = match &t["Transform"] {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .filter_map(|i| i.as_str().or_else(|| i["Name"].as_str()))
            .map(str::to_string)
            .collect(),
        Value::Object(o) => o
            .get("Name")
            .and_then(Value::as_str)
            .map(|s| vec![s.to_string()])
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let resources = t["Resources"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(id, r)| {
            let props = &r["Properties"];
            TemplateResource {
                logical_id: id.clone(),
                resource_type: r["Type"].as_str().unwrap_or_default().to_string(),
                deletion_policy: setting(&r["DeletionPolicy"]),
                update_replace_policy: setting(&r["UpdateReplacePolicy"]),
                deletion_protection: is_true(&props["DeletionProtection"])
                    || is_true(&props["DeletionProtectionEnabled"]),
                in_cluster: !props["DBClusterIdentifier"].is_null(),
            }
        })
        .collect();
    Template {
        parse_error: None,
        transforms,
        resources,
    }
}

/// `true`, or the string `"true"` (CloudFormation accepts both).
pub fn is_true(v: &Value) -> bool {
    v.as_bool() == Some(true) || v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("true"))
}

fn setting(v: &Value) -> Option<PolicySetting> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(PolicySetting {
            value: Some(s.clone()),
            ..PolicySetting::default()
        }),
        Value::Object(o) => match o.get("Ref").and_then(Value::as_str) {
            Some(p) => Some(PolicySetting {
                parameter: Some(p.to_string()),
                ..PolicySetting::default()
            }),
            None => Some(PolicySetting {
                intrinsic: Some(o.keys().next().cloned().unwrap_or_default()),
                ..PolicySetting::default()
            }),
        },
        other => Some(PolicySetting {
            value: Some(other.to_string()),
            ..PolicySetting::default()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = r#"
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Parameters:
  Policy: {Type: String, Default: Retain}
Resources:
  Db:
    Type: AWS::RDS::DBCluster
    DeletionPolicy: !Ref Policy
    UpdateReplacePolicy: !If [IsProd, Snapshot, Delete]
    Properties:
      DeletionProtection: true
      MasterUsername: !Sub "${AWS::StackName}-admin"
      Endpoint: !GetAtt Other.Endpoint.Address
  Member:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Snapshot
    Properties:
      DBClusterIdentifier: !Ref Db
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: &name shared
      Tags: [{Key: Name, Value: *name}]
"#;

    #[test]
    fn yaml_short_forms_become_long_forms() {
        let v = parse(YAML).unwrap();
        assert_eq!(
            v["Resources"]["Db"]["DeletionPolicy"],
            serde_json::json!({"Ref": "Policy"})
        );
        assert_eq!(
            v["Resources"]["Db"]["UpdateReplacePolicy"],
            serde_json::json!({"Fn::If": ["IsProd", "Snapshot", "Delete"]})
        );
        assert_eq!(
            v["Resources"]["Db"]["Properties"]["Endpoint"],
            serde_json::json!({"Fn::GetAtt": ["Other", "Endpoint.Address"]})
        );
        assert_eq!(
            v["Resources"]["Db"]["Properties"]["DeletionProtection"],
            true
        );
        assert_eq!(
            v["Resources"]["Bucket"]["Properties"]["Tags"][0]["Value"],
            "shared"
        );
    }

    #[test]
    fn a_template_is_reduced_to_its_structure() {
        let t = Template::from_text(YAML);
        assert_eq!(t.transforms, ["AWS::LanguageExtensions"]);
        let db = &t.resources[0];
        assert_eq!(db.logical_id, "Db");
        assert_eq!(
            db.deletion_policy.as_ref().unwrap().parameter.as_deref(),
            Some("Policy")
        );
        assert_eq!(
            db.update_replace_policy
                .as_ref()
                .unwrap()
                .intrinsic
                .as_deref(),
            Some("Fn::If")
        );
        assert!(db.deletion_protection && !db.in_cluster);
        assert!(t.resources[1].in_cluster);
        assert!(!serde_json::to_string(&t).unwrap().contains("admin"));
        let json = Template::from_text(
            r#"{"Resources": {"T": {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain"}}}"#,
        );
        assert_eq!(
            json.resources[0]
                .deletion_policy
                .as_ref()
                .unwrap()
                .value
                .as_deref(),
            Some("Retain")
        );
    }

    #[test]
    fn unparsable_templates_say_why() {
        assert!(Template::from_text("Resources: [unclosed\n")
            .parse_error
            .unwrap()
            .contains("YAML"));
        assert!(Template::from_text("{\"Resources\": ")
            .parse_error
            .unwrap()
            .contains("JSON"));
        assert!(Template::from_text("just text").parse_error.is_some());
    }
}
