//! CloudFormation templates, reduced on load to what the checks judge.
//!
//! A template body (JSON, or YAML with CloudFormation's short-form tags such
//! as `!Ref`, `!Sub` or `!If`) is parsed when it is loaded, from a
//! hand-written fixture or from `GetTemplate`, and only its structure is
//! kept: each resource's logical id, type, `DeletionPolicy` and
//! `UpdateReplacePolicy`, and whether it turns on deletion protection; the
//! parameters' names, types and `NoEcho` (never a default value); the
//! properties known to hold secrets (see [`is_secret_property`]) with what
//! their value is: a literal (redacted: a short hash only), a dynamic
//! reference, a `Ref` or another intrinsic function; and the names each
//! output refers to. The rest of the text (property values, which may hold
//! secrets) is dropped.
//!
//! JSON: the template body as a string (reduced on load), or the reduced form
//! `{"resources": [{"logical_id": "Db", "resource_type": "AWS::RDS::DBCluster",
//! "deletion_policy": {"value": "Snapshot"}}]}`.

use crate::secret::{Secret, StringOr};
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
    /// The `Parameters` it declares.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<TemplateParameter>,
    #[serde(default)]
    pub resources: Vec<TemplateResource>,
    /// The `Outputs` it declares.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outputs: Vec<TemplateOutput>,
}

/// A parameter of the template: never its default value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateParameter {
    pub name: String,
    /// `Type`: `String`, `Number`, `AWS::SSM::Parameter::Value<String>`, …
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub parameter_type: String,
    /// `NoEcho` is `true`: CloudFormation masks the value (`****`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_echo: bool,
    /// It declares a `Default` (whose text is not kept).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub has_default: bool,
}

impl TemplateParameter {
    /// An `AWS::SSM::Parameter::Value<…>` parameter: its value names a
    /// plain (`String`/`StringList`) SSM parameter, resolved in plain text.
    pub fn is_ssm_value(&self) -> bool {
        self.parameter_type
            .starts_with("AWS::SSM::Parameter::Value<")
    }
}

/// An output of the template: the names its value refers to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateOutput {
    pub name: String,
    /// `Ref` targets and `Fn::Sub` variables (`DbPassword`), and
    /// `Fn::GetAtt` as `Resource.Attribute`, anywhere in the value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refers_to: Vec<String>,
}

/// A property known to hold a secret, and what its value is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretProperty {
    /// Its path under `Properties`: `MasterUserPassword`,
    /// `Users[0].Password`.
    pub path: String,
    /// Exactly one of the fields is set.
    pub value: SecretValue,
}

/// What a secret-bearing property is given as (one field set).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretValue {
    /// A literal, redacted (also the literal text of an `Fn::Sub`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub literal: Option<Secret>,
    /// A dynamic reference `{{resolve:SERVICE:…}}`, possibly inside
    /// `Fn::Sub` or `Fn::Join`: its service, `secretsmanager`,
    /// `ssm-secure` or `ssm`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dynamic_reference: Option<String>,
    /// A `Ref` (or an `Fn::Sub` of only `${Name}`): the name referred to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// Another intrinsic function: its name (`Fn::GetAtt`, `Fn::ImportValue`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intrinsic: Option<String>,
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
    /// `ManageMasterUserPassword` is `true`: RDS keeps the master password
    /// in Secrets Manager.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub manages_master_password: bool,
    /// The properties known to hold secrets, at any depth (see
    /// [`is_secret_property`]); a property given as `Fn::If` appears once per
    /// branch.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub secrets: Vec<SecretProperty>,
}

/// Property names known to hold secrets: `SecretString`, `AuthToken`, and
/// any name ending in `Password` (`Password`, `MasterUserPassword`, …) but
/// the `ManageMasterUserPassword` switch.
pub fn is_secret_property(name: &str) -> bool {
    matches!(name, "SecretString" | "AuthToken")
        || (name.ends_with("Password") && name != "ManageMasterUserPassword")
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
            parameters: Vec<TemplateParameter>,
            #[serde(default)]
            resources: Vec<TemplateResource>,
            #[serde(default)]
            outputs: Vec<TemplateOutput>,
        }
        Ok(match StringOr::<Reduced>::deserialize(d)? {
            StringOr::Plain(text) => Template::from_text(&text),
            StringOr::Structured(r) => Template {
                parse_error: r.parse_error,
                transforms: r.transforms,
                parameters: r.parameters,
                resources: r.resources,
                outputs: r.outputs,
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
                manages_master_password: is_true(&props["ManageMasterUserPassword"]),
                secrets: {
                    let mut found = Vec::new();
                    secret_properties(props, "", &mut found);
                    found
                },
            }
        })
        .collect();
    let parameters = t["Parameters"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, p)| TemplateParameter {
            name: name.clone(),
            parameter_type: p["Type"].as_str().unwrap_or_default().to_string(),
            no_echo: is_true(&p["NoEcho"]),
            has_default: !p["Default"].is_null(),
        })
        .collect();
    let outputs = t["Outputs"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, o)| {
            let mut refers_to = Vec::new();
            references(&o["Value"], &mut refers_to);
            refers_to.sort();
            refers_to.dedup();
            TemplateOutput {
                name: name.clone(),
                refers_to,
            }
        })
        .collect();
    Template {
        parse_error: None,
        transforms,
        parameters,
        resources,
        outputs,
    }
}

/// The one key of an intrinsic function object (`Ref`, `Fn::…`), with its argument.
fn intrinsic(v: &Value) -> Option<(&str, &Value)> {
    let o = v.as_object().filter(|o| o.len() == 1)?;
    let (k, arg) = o.iter().next()?;
    (k == "Ref" || k.starts_with("Fn::")).then_some((k.as_str(), arg))
}

/// Walks `v` (properties at `path`) for secret-bearing properties.
fn secret_properties(v: &Value, path: &str, found: &mut Vec<SecretProperty>) {
    match v {
        Value::Object(o) if intrinsic(v).is_none() => {
            for (k, child) in o {
                let at = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                if is_secret_property(k) && (intrinsic(child).is_some() || !child.is_object()) {
                    secret_values(child, &at, found);
                } else {
                    secret_properties(child, &at, found);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                secret_properties(child, &format!("{path}[{i}]"), found);
            }
        }
        _ => {}
    }
}

/// Records what the secret-bearing property at `path` is given as
/// (each branch of an `Fn::If`).
fn secret_values(v: &Value, path: &str, found: &mut Vec<SecretProperty>) {
    let value = match (v, intrinsic(v)) {
        (Value::Null | Value::Bool(_) | Value::Array(_), _) => return,
        (_, Some(("Fn::If", Value::Array(args)))) if args.len() == 3 => {
            secret_values(&args[1], path, found);
            secret_values(&args[2], path, found);
            return;
        }
        (Value::String(s), _) => match dynamic_reference(s) {
            Some(service) => SecretValue {
                dynamic_reference: Some(service),
                ..SecretValue::default()
            },
            None => SecretValue {
                literal: Some(Secret::redact(s)),
                ..SecretValue::default()
            },
        },
        (_, Some(("Ref", Value::String(name)))) => SecretValue {
            parameter: Some(name.clone()),
            ..SecretValue::default()
        },
        (_, Some((f @ ("Fn::Sub" | "Fn::Join"), arg))) => {
            let mut texts = Vec::new();
            literal_texts(f, arg, &mut texts);
            match texts.iter().find_map(|t| dynamic_reference(t)) {
                Some(service) => SecretValue {
                    dynamic_reference: Some(service),
                    ..SecretValue::default()
                },
                None => match sub_of_one_name(f, arg) {
                    Some(name) => SecretValue {
                        parameter: Some(name.to_string()),
                        ..SecretValue::default()
                    },
                    None => SecretValue {
                        intrinsic: Some(f.to_string()),
                        ..SecretValue::default()
                    },
                },
            }
        }
        (_, Some((f, _))) => SecretValue {
            intrinsic: Some(f.to_string()),
            ..SecretValue::default()
        },
        // A number.
        (other, None) => SecretValue {
            literal: Some(Secret::redact(&other.to_string())),
            ..SecretValue::default()
        },
    };
    found.push(SecretProperty {
        path: path.to_string(),
        value,
    });
}

/// The service of a `{{resolve:SERVICE:…}}` dynamic reference in `text`.
fn dynamic_reference(text: &str) -> Option<String> {
    let rest = &text[text.find("{{resolve:")? + "{{resolve:".len()..];
    let service = rest.split(':').next().unwrap_or_default();
    Some(service.to_string())
}

/// The literal text of an `Fn::Sub` template or of an `Fn::Join`'s parts.
fn literal_texts<'a>(f: &str, arg: &'a Value, texts: &mut Vec<&'a str>) {
    match (f, arg) {
        ("Fn::Sub", Value::String(s)) => texts.push(s),
        ("Fn::Sub", Value::Array(a)) => texts.extend(a.first().and_then(Value::as_str)),
        ("Fn::Join", Value::Array(a)) => {
            if let Some(Value::Array(parts)) = a.get(1) {
                texts.extend(parts.iter().filter_map(Value::as_str));
            }
        }
        _ => {}
    }
}

/// `Fn::Sub: "${Name}"`: the one name it substitutes, nothing around it.
fn sub_of_one_name<'a>(f: &str, arg: &'a Value) -> Option<&'a str> {
    let text = match (f, arg) {
        ("Fn::Sub", Value::String(s)) => s.as_str(),
        _ => return None,
    };
    let name = text.strip_prefix("${")?.strip_suffix('}')?;
    (!name.contains(['$', '{', '}', '.'])).then_some(name)
}

/// The names a value refers to: `Ref`s, `Fn::Sub` variables and
/// `Fn::GetAtt` (`Resource.Attribute`).
fn references(v: &Value, out: &mut Vec<String>) {
    match (v, intrinsic(v)) {
        (_, Some(("Ref", Value::String(name)))) => out.push(name.clone()),
        (_, Some(("Fn::GetAtt", arg))) => match arg {
            Value::String(s) => out.push(s.clone()),
            Value::Array(a) => out.push(
                a.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("."),
            ),
            _ => {}
        },
        (_, Some(("Fn::Sub", arg))) => {
            let mut texts = Vec::new();
            literal_texts("Fn::Sub", arg, &mut texts);
            for t in texts {
                out.extend(sub_variables(t));
            }
            if let Value::Array(a) = arg {
                a.iter().skip(1).for_each(|x| references(x, out));
            }
        }
        (Value::Object(o), _) => o.values().for_each(|x| references(x, out)),
        (Value::Array(a), _) => a.iter().for_each(|x| references(x, out)),
        _ => {}
    }
}

/// The `${Name}` variables of an `Fn::Sub` template (not `${!Literal}`).
fn sub_variables(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split("${").skip(1).filter_map(|part| {
        let name = part.split('}').next()?;
        (!name.starts_with('!') && !name.is_empty()).then(|| name.to_string())
    })
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

    const SECRETS: &str = r#"
Parameters:
  DbPassword: {Type: String, NoEcho: true, Default: hunter2-default}
  ApiToken: {Type: String}
  Shared: {Type: "AWS::SSM::Parameter::Value<String>"}
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUserPassword: !Ref DbPassword
      ManageMasterUserPassword: false
  Cache:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      AuthToken: !If [IsProd, "{{resolve:ssm-secure:/cache/token:3}}", literal-hunter2]
  Broker:
    Type: AWS::AmazonMQ::Broker
    Properties:
      Users:
        - Username: app
          Password: !Sub "{{resolve:secretsmanager:${BrokerSecret}:SecretString:password}}"
        - Username: ops
          Password: !Join ["", ["{{resolve:ssm:", /mq/ops, "}}"]]
  Secret:
    Type: AWS::SecretsManager::Secret
    Properties:
      SecretString: 12345
      GenerateSecretString: {SecretStringTemplate: '{"u": "x"}'}
  Other:
    Type: AWS::DocDB::DBCluster
    Properties:
      MasterUserPassword: !ImportValue shared-password
      ManageMasterUserPassword: "true"
      Nested: {RootPassword: !Sub "${ApiToken}"}
Outputs:
  Leak: {Value: !Sub "${DbPassword}-${Db.Endpoint.Address}-${!Literal}"}
  Key: {Value: !GetAtt [AccessKey, SecretAccessKey]}
  Plain: {Value: !Join [",", [!Ref Db, !Ref Db]]}
"#;

    fn value(t: &Template, id: &str) -> Vec<(String, SecretValue)> {
        t.resources
            .iter()
            .find(|r| r.logical_id == id)
            .unwrap()
            .secrets
            .iter()
            .map(|p| (p.path.clone(), p.value.clone()))
            .collect()
    }

    #[test]
    fn secret_bearing_properties_are_classified_never_kept() {
        let t = Template::from_text(SECRETS);
        assert_eq!(
            t.parameters
                .iter()
                .map(|p| (p.name.as_str(), p.no_echo, p.has_default, p.is_ssm_value()))
                .collect::<Vec<_>>(),
            [
                ("DbPassword", true, true, false),
                ("ApiToken", false, false, false),
                ("Shared", false, false, true)
            ]
        );
        let param = |n: &str| SecretValue {
            parameter: Some(n.into()),
            ..SecretValue::default()
        };
        let dynamic = |s: &str| SecretValue {
            dynamic_reference: Some(s.into()),
            ..SecretValue::default()
        };
        assert_eq!(
            value(&t, "Db"),
            [("MasterUserPassword".into(), param("DbPassword"))]
        );
        let db = t.resources.iter().find(|r| r.logical_id == "Db").unwrap();
        assert!(!db.manages_master_password);
        let cache = value(&t, "Cache");
        assert_eq!(cache[0], ("AuthToken".into(), dynamic("ssm-secure")));
        assert!(cache[1].1.literal.as_ref().unwrap().is("literal-hunter2"));
        assert_eq!(
            value(&t, "Broker"),
            [
                ("Users[0].Password".into(), dynamic("secretsmanager")),
                ("Users[1].Password".into(), dynamic("ssm"))
            ]
        );
        let secret = value(&t, "Secret");
        assert_eq!(secret.len(), 1, "SecretStringTemplate is not a secret");
        assert!(secret[0].1.literal.as_ref().unwrap().is("12345"));
        let other = t
            .resources
            .iter()
            .find(|r| r.logical_id == "Other")
            .unwrap();
        assert!(other.manages_master_password);
        assert_eq!(
            value(&t, "Other"),
            [
                (
                    "MasterUserPassword".into(),
                    SecretValue {
                        intrinsic: Some("Fn::ImportValue".into()),
                        ..SecretValue::default()
                    }
                ),
                ("Nested.RootPassword".into(), param("ApiToken"))
            ]
        );
        let refs = |n: &str| {
            t.outputs
                .iter()
                .find(|o| o.name == n)
                .unwrap()
                .refers_to
                .clone()
        };
        assert_eq!(refs("Leak"), ["Db.Endpoint.Address", "DbPassword"]);
        assert_eq!(refs("Key"), ["AccessKey.SecretAccessKey"]);
        assert_eq!(refs("Plain"), ["Db"]);
        let json = serde_json::to_string(&t).unwrap();
        assert!(!json.contains("hunter2") && !json.contains("12345"));
        let back: Template = serde_json::from_str(&json).unwrap();
        assert_eq!(back, t);
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
