//! IAM, bucket, key and resource policy documents: parse every legal shape
//! into one normal form, and answer the questions checks ask of it.
//!
//! Shapes accepted: `Statement` as an object or an array; `Action`,
//! `NotAction`, `Resource`, `NotResource` and each principal type as a string
//! or an array; `Principal` as `"*"`, `{"AWS": "*"}`, `{"AWS": ["*"]}` or a map
//! of principal types; condition operators and keys in any case; condition
//! values as strings, booleans, numbers or arrays of them; and the policy as
//! a JSON value, JSON text, or URL-encoded JSON text (as IAM returns it).
//!
//! Matching follows IAM: actions compare case-insensitively with `*`/`?`
//! wildcards; resources compare case-sensitively with `*`/`?` wildcards.

use crate::arn::{is_account_id, wildcard_match, Arn};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A policy document as stored in the inventory: a JSON object, or the text
/// AWS returned (plain or URL-encoded JSON). Parsed when a check reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PolicyJson(pub Value);

impl PolicyJson {
    pub fn parse(&self) -> Result<Policy, PolicyError> {
        Policy::from_value(&self.0)
    }
}

/// Why a document is not a valid policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError(pub String);

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "policy document is not valid: {}", self.0)
    }
}

fn err<T>(msg: impl Into<String>) -> Result<T, PolicyError> {
    Err(PolicyError(msg.into()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// Who a statement applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principals {
    /// `"*"`, `{"AWS": "*"}` or any principal map containing the AWS wildcard.
    All,
    /// Principal type (`AWS`, `Service`, `Federated`, `CanonicalUser`) → values.
    Some(BTreeMap<String, Vec<String>>),
}

impl Principals {
    pub fn is_all(&self) -> bool {
        matches!(self, Principals::All)
    }

    /// The account ids the `AWS` principals name: an account id, or the
    /// account of a root, role or user ARN; empty for `All`.
    pub fn aws_accounts(&self) -> BTreeSet<String> {
        self.of_type("AWS")
            .iter()
            .filter_map(|a| {
                if is_account_id(a) {
                    Some(a.clone())
                } else {
                    Arn::parse(a).map(|arn| arn.account.to_string())
                }
            })
            .collect()
    }

    /// Values of one principal type (`AWS`, `Service`, …); empty for `All`.
    pub fn of_type(&self, kind: &str) -> &[String] {
        match self {
            Principals::All => &[],
            Principals::Some(m) => m
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(kind))
                .map(|(_, v)| v.as_slice())
                .unwrap_or(&[]),
        }
    }
}

/// One condition test, flattened: `{"Bool": {"aws:SecureTransport": "false"}}`
/// becomes `Condition { operator: "Bool", key: "aws:SecureTransport", values: ["false"] }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub operator: String,
    pub key: String,
    /// Values as strings: booleans and numbers in their JSON spelling.
    pub values: Vec<String>,
}

impl Condition {
    pub fn operator_is(&self, op: &str) -> bool {
        self.operator.eq_ignore_ascii_case(op)
    }

    pub fn key_is(&self, key: &str) -> bool {
        self.key.eq_ignore_ascii_case(key)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub principal: Option<Principals>,
    pub not_principal: Option<Principals>,
    pub action: Option<Vec<String>>,
    pub not_action: Option<Vec<String>>,
    pub resource: Option<Vec<String>>,
    pub not_resource: Option<Vec<String>>,
    pub conditions: Vec<Condition>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub statements: Vec<Statement>,
}

impl Policy {
    /// Parses a policy given as a JSON value: an object, or a string holding
    /// (possibly URL-encoded) JSON text.
    pub fn from_value(v: &Value) -> Result<Policy, PolicyError> {
        match v {
            Value::String(text) => Policy::from_text(text),
            Value::Object(map) => parse_document(map),
            other => err(format!(
                "expected an object or JSON text, found {}",
                kind(other)
            )),
        }
    }

    /// Parses policy text, URL-decoding it first when it is URL-encoded.
    pub fn from_text(text: &str) -> Result<Policy, PolicyError> {
        let trimmed = text.trim();
        let decoded;
        let json = if trimmed.starts_with('%') {
            decoded = percent_encoding::percent_decode_str(trimmed)
                .decode_utf8()
                .map_err(|e| PolicyError(format!("URL-encoded text is not UTF-8: {e}")))?;
            decoded.as_ref()
        } else {
            trimmed
        };
        let value: Value =
            serde_json::from_str(json).map_err(|e| PolicyError(format!("not JSON: {e}")))?;
        match value {
            Value::Object(map) => parse_document(&map),
            other => err(format!("expected a JSON object, found {}", kind(&other))),
        }
    }

    /// Allow statements that let `service` (e.g. `codebuild.amazonaws.com`)
    /// call `sts:AssumeRole`, with no Deny taking it back: the trust-policy question.
    pub fn trusts_service(&self, service: &str) -> bool {
        let names_service = |p: &Principals| {
            p.of_type("Service")
                .iter()
                .any(|s| s.eq_ignore_ascii_case(service))
        };
        let assume = "sts:AssumeRole";
        let allowed = self.statements.iter().any(|s| {
            s.effect == Effect::Allow
                && s.principal.as_ref().is_some_and(names_service)
                && s.matches_action(assume)
        });
        let denied = self.statements.iter().any(|s| {
            s.effect == Effect::Deny
                && s.conditions.is_empty()
                && s.principal
                    .as_ref()
                    .is_some_and(|p| p.is_all() || names_service(p))
                && s.matches_action(assume)
        });
        allowed && !denied
    }

    /// Allow statements that let principals of `account` (its root, or
    /// any ARN in it, or everyone) call `sts:AssumeRole`, with no Deny
    /// without conditions taking it back: whether a role's trust includes
    /// the account. Conditions on the Allow are not evaluated.
    pub fn trusts_account(&self, account: &str) -> bool {
        let names_account =
            |p: &Principals| p.is_all() || p.aws_accounts().iter().any(|a| a == account);
        let assume = "sts:AssumeRole";
        let allowed = self.statements.iter().any(|s| {
            s.effect == Effect::Allow
                && s.principal.as_ref().is_some_and(names_account)
                && s.matches_action(assume)
        });
        let denied = self.statements.iter().any(|s| {
            s.effect == Effect::Deny
                && s.conditions.is_empty()
                && s.principal.as_ref().is_some_and(names_account)
                && s.matches_action(assume)
        });
        allowed && !denied
    }

    /// Allow statements granting a service principal (`logs.amazonaws.com`, or
    /// a regional form such as `logs.eu-west-1.amazonaws.com`) an action.
    pub fn grants_service_action(&self, service: &str, action: &str) -> bool {
        let (prefix, suffix) = service.split_once('.').unwrap_or((service, ""));
        self.statements.iter().any(|s| {
            s.effect == Effect::Allow
                && s.principal.as_ref().is_some_and(|p| {
                    p.of_type("Service").iter().any(|v| {
                        v.eq_ignore_ascii_case(service)
                            || (v.to_ascii_lowercase().starts_with(&format!("{prefix}."))
                                && v.to_ascii_lowercase()
                                    .ends_with(&suffix.to_ascii_lowercase()))
                    })
                })
                && s.matches_action(action)
        })
    }
}

/// Who a cross-account grant is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grantee<'a> {
    /// An account, by its 12-digit id.
    Account(&'a str),
    /// Every account of an organization, by its id (`o-…`).
    Organization(&'a str),
}

/// Condition keys that scope a wildcard principal to known accounts.
pub const ACCOUNT_SCOPING_KEYS: [&str; 3] = [
    "aws:PrincipalOrgID",
    "aws:PrincipalAccount",
    "aws:SourceAccount",
];

/// Condition keys that scope a statement to accounts.
const ACCOUNT_KEYS: [&str; 2] = ["aws:PrincipalAccount", "kms:CallerAccount"];

impl Policy {
    /// True when an Allow statement lets `grantee` call `action` on
    /// `resource` and no Deny without conditions takes it back.
    ///
    /// An account is granted by a statement naming it (its id, or an ARN
    /// in it) or by `Principal *`, unless an `aws:PrincipalAccount` or
    /// `kms:CallerAccount` condition leaves it out, or an
    /// `aws:PrincipalOrgID` condition restricts the statement to an
    /// organization (whose members a policy does not tell). An organization
    /// is granted by a `Principal *` statement whose `aws:PrincipalOrgID`
    /// condition names it (wildcards allowed) and that no account condition
    /// narrows. Other conditions (`kms:GrantIsForAWSResource`,
    /// `kms:ViaService`) do not take a grant away; a negated condition
    /// operator on those keys does not grant.
    pub fn grants(&self, grantee: Grantee, action: &str, resource: &str) -> bool {
        let applies = |s: &Statement| s.matches_action(action) && s.matches_resource(resource);
        let allowed = self
            .statements
            .iter()
            .any(|s| s.effect == Effect::Allow && applies(s) && s.covers(grantee));
        let denied = self.statements.iter().any(|s| {
            s.effect == Effect::Deny
                && s.conditions.is_empty()
                && applies(s)
                && s.principal.as_ref().is_some_and(|p| match grantee {
                    Grantee::Account(a) => p.is_all() || p.aws_accounts().contains(a),
                    Grantee::Organization(_) => p.is_all(),
                })
        });
        allowed && !denied
    }
}

impl Statement {
    /// How reasons name the statement: `statement SID`, or `a statement`
    /// when it has no `Sid`.
    pub fn label(&self) -> String {
        self.sid.as_deref().map_or_else(
            || "a statement".to_string(),
            |sid| format!("statement {sid}"),
        )
    }

    /// True when this statement's principal and scoping conditions take in
    /// `grantee` (see [`Policy::grants`]).
    fn covers(&self, grantee: Grantee) -> bool {
        let Some(principal) = &self.principal else {
            return false;
        };
        let scoping = |keys: &[&str]| -> Vec<&Condition> {
            self.conditions
                .iter()
                .filter(|c| keys.iter().any(|k| c.key_is(k)))
                .collect()
        };
        let negated = |c: &Condition| c.operator.to_ascii_lowercase().contains("not");
        let accounts = scoping(&ACCOUNT_KEYS);
        let orgs = scoping(&["aws:PrincipalOrgID"]);
        match grantee {
            Grantee::Account(a) => {
                (principal.is_all() || principal.aws_accounts().contains(a))
                    && orgs.is_empty()
                    && accounts
                        .iter()
                        .all(|c| !negated(c) && c.values.iter().any(|v| v == a))
            }
            Grantee::Organization(o) => {
                principal.is_all()
                    && accounts.is_empty()
                    && !orgs.is_empty()
                    && orgs
                        .iter()
                        .all(|c| !negated(c) && c.values.iter().any(|v| wildcard_match(v, o)))
            }
        }
    }

    /// True when `action` (e.g. `s3:GetObject`) is within this statement's
    /// actions: matched by `Action`, or not matched by `NotAction`.
    pub fn matches_action(&self, action: &str) -> bool {
        let hit = |patterns: &[String]| {
            let a = action.to_ascii_lowercase();
            patterns
                .iter()
                .any(|p| wildcard_match(&p.to_ascii_lowercase(), &a))
        };
        match (&self.action, &self.not_action) {
            (Some(a), _) => hit(a),
            (None, Some(na)) => !hit(na),
            (None, None) => false,
        }
    }

    /// True when `arn` is within this statement's resources.
    pub fn matches_resource(&self, arn: &str) -> bool {
        match (&self.resource, &self.not_resource) {
            (Some(r), _) => r.iter().any(|p| wildcard_match(p, arn)),
            (None, Some(nr)) => !nr.iter().any(|p| wildcard_match(p, arn)),
            (None, None) => false,
        }
    }

    /// True when the statement lists `pattern` itself as an action (case-insensitive).
    pub fn lists_action(&self, pattern: &str) -> bool {
        self.action
            .as_ref()
            .is_some_and(|a| a.iter().any(|x| x.eq_ignore_ascii_case(pattern)))
    }

    /// True when the statement lists `pattern` itself as a resource.
    pub fn lists_resource(&self, pattern: &str) -> bool {
        self.resource
            .as_ref()
            .is_some_and(|r| r.iter().any(|x| x == pattern))
    }

    /// Conditions whose key is `key` (case-insensitive).
    pub fn conditions_on<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Condition> + 'a {
        self.conditions.iter().filter(move |c| c.key_is(key))
    }

    /// True when a condition on one of [`ACCOUNT_SCOPING_KEYS`] scopes the
    /// statement to known accounts.
    pub fn scoped_to_accounts(&self) -> bool {
        ACCOUNT_SCOPING_KEYS
            .iter()
            .any(|k| self.conditions_on(k).next().is_some())
    }

    /// An Allow to `Principal *` (or `{"AWS": "*"}`) that no
    /// [`ACCOUNT_SCOPING_KEYS`] condition scopes: open to every AWS account.
    pub fn is_unscoped_public_allow(&self) -> bool {
        self.effect == Effect::Allow
            && self.principal.as_ref().is_some_and(Principals::is_all)
            && !self.scoped_to_accounts()
    }

    /// The account ids the statement grants: those its `AWS` principal
    /// names (an account id or an ARN in it), and those its conditions on
    /// `keys` (e.g. `aws:PrincipalAccount`) name.
    pub fn granted_accounts(&self, keys: &[&str]) -> BTreeSet<String> {
        let conditioned = keys
            .iter()
            .flat_map(|k| self.conditions_on(k))
            .flat_map(|c| c.values.iter().filter(|v| is_account_id(v)).cloned());
        self.principal
            .iter()
            .flat_map(Principals::aws_accounts)
            .chain(conditioned)
            .collect()
    }

    /// Allow, `*` (or `*:*`) on resource `*`, with no condition: full administrator.
    pub fn is_admin(&self) -> bool {
        self.effect == Effect::Allow
            && (self.lists_action("*") || self.lists_action("*:*"))
            && self.lists_resource("*")
            && self.conditions.is_empty()
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn parse_document(map: &Map<String, Value>) -> Result<Policy, PolicyError> {
    let mut statements = None;
    for (k, v) in map {
        match k.as_str() {
            "Version" | "Id" => {
                if !v.is_string() {
                    return err(format!("{k} must be a string"));
                }
            }
            "Statement" => {
                statements = Some(match v {
                    Value::Array(items) => items
                        .iter()
                        .enumerate()
                        .map(|(i, s)| {
                            parse_statement(s)
                                .map_err(|e| PolicyError(format!("Statement[{i}]: {}", e.0)))
                        })
                        .collect::<Result<Vec<_>, _>>()?,
                    Value::Object(_) => vec![parse_statement(v)
                        .map_err(|e| PolicyError(format!("Statement: {}", e.0)))?],
                    other => {
                        return err(format!(
                            "Statement must be an object or an array, found {}",
                            kind(other)
                        ))
                    }
                });
            }
            other => return err(format!("unknown policy element {other:?}")),
        }
    }
    match statements {
        Some(statements) => Ok(Policy { statements }),
        None => err("no Statement"),
    }
}

fn parse_statement(v: &Value) -> Result<Statement, PolicyError> {
    let Value::Object(map) = v else {
        return err(format!("a statement must be an object, found {}", kind(v)));
    };
    let mut s = Statement {
        sid: None,
        effect: Effect::Allow,
        principal: None,
        not_principal: None,
        action: None,
        not_action: None,
        resource: None,
        not_resource: None,
        conditions: Vec::new(),
    };
    let mut effect = None;
    for (k, v) in map {
        match k.as_str() {
            "Sid" => {
                s.sid = Some(
                    v.as_str()
                        .map(str::to_string)
                        .ok_or(PolicyError("Sid must be a string".into()))?,
                )
            }
            "Effect" => {
                effect = Some(match v.as_str() {
                    Some("Allow") => Effect::Allow,
                    Some("Deny") => Effect::Deny,
                    _ => return err(format!("Effect must be \"Allow\" or \"Deny\", found {v}")),
                })
            }
            "Principal" => s.principal = Some(parse_principals(k, v)?),
            "NotPrincipal" => s.not_principal = Some(parse_principals(k, v)?),
            "Action" => s.action = Some(string_list(k, v)?),
            "NotAction" => s.not_action = Some(string_list(k, v)?),
            "Resource" => s.resource = Some(string_list(k, v)?),
            "NotResource" => s.not_resource = Some(string_list(k, v)?),
            "Condition" => s.conditions = parse_conditions(v)?,
            other => return err(format!("unknown statement element {other:?}")),
        }
    }
    s.effect = effect.ok_or(PolicyError("statement has no Effect".into()))?;
    if s.action.is_some() && s.not_action.is_some() {
        return err("statement has both Action and NotAction");
    }
    if s.resource.is_some() && s.not_resource.is_some() {
        return err("statement has both Resource and NotResource");
    }
    Ok(s)
}

fn string_list(element: &str, v: &Value) -> Result<Vec<String>, PolicyError> {
    match v {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .ok_or(PolicyError(format!("{element} values must be strings")))
            })
            .collect(),
        other => err(format!(
            "{element} must be a string or an array of strings, found {}",
            kind(other)
        )),
    }
}

fn parse_principals(element: &str, v: &Value) -> Result<Principals, PolicyError> {
    match v {
        Value::String(s) if s == "*" => Ok(Principals::All),
        Value::String(s) => err(format!("{element} string must be \"*\", found {s:?}")),
        Value::Object(map) => {
            let mut out = BTreeMap::new();
            for (kind_name, values) in map {
                let list = string_list(&format!("{element}.{kind_name}"), values)?;
                if kind_name.eq_ignore_ascii_case("AWS") && list.iter().any(|p| p == "*") {
                    return Ok(Principals::All);
                }
                out.insert(kind_name.clone(), list);
            }
            Ok(Principals::Some(out))
        }
        other => err(format!(
            "{element} must be \"*\" or an object, found {}",
            kind(other)
        )),
    }
}

fn parse_conditions(v: &Value) -> Result<Vec<Condition>, PolicyError> {
    let Value::Object(ops) = v else {
        return err(format!("Condition must be an object, found {}", kind(v)));
    };
    let mut out = Vec::new();
    for (operator, tests) in ops {
        let Value::Object(tests) = tests else {
            return err(format!(
                "Condition.{operator} must be an object, found {}",
                kind(tests)
            ));
        };
        for (key, values) in tests {
            let scalar = |x: &Value| match x {
                Value::String(s) => Ok(s.clone()),
                Value::Bool(b) => Ok(b.to_string()),
                Value::Number(n) => Ok(n.to_string()),
                other => err(format!(
                    "Condition.{operator}.{key} values must be scalars, found {}",
                    kind(other)
                )),
            };
            let values = match values {
                Value::Array(items) => items.iter().map(scalar).collect::<Result<Vec<_>, _>>()?,
                single => vec![scalar(single)?],
            };
            out.push(Condition {
                operator: operator.clone(),
                key: key.clone(),
                values,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn parse(v: Value) -> Policy {
        Policy::from_value(&v).unwrap()
    }

    #[test]
    fn cross_account_grants() {
        let key = "arn:aws:kms:us-east-1:111122223333:key/k";
        let pol = parse(json!({"Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*"},
            {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "kms:CreateGrant", "Resource": "*", "Condition": {"Bool": {"kms:GrantIsForAWSResource": true}}},
            {"Effect": "Allow", "Principal": "*", "Action": "kms:ReEncrypt*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}},
            {"Effect": "Allow", "Principal": "*", "Action": "kms:GenerateDataKey*", "Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": "777788889999"}}},
            {"Effect": "Allow", "Principal": "*", "Action": "kms:Encrypt", "Resource": "*", "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-abc"}}},
            {"Effect": "Deny", "Principal": {"AWS": "555566667777"}, "Action": "kms:*", "Resource": "*"}
        ]}));
        let a = Grantee::Account("444455556666");
        assert!(pol.grants(a, "kms:Decrypt", key));
        assert!(
            pol.grants(a, "kms:CreateGrant", key),
            "a condition on the grant does not take it away"
        );
        assert!(
            !pol.grants(a, "kms:ReEncryptFrom", key),
            "an organization grant says nothing of one account"
        );
        let org = Grantee::Organization("o-abc");
        assert!(pol.grants(org, "kms:ReEncryptTo", key));
        assert!(
            !pol.grants(org, "kms:Decrypt", key),
            "naming an account does not grant the organization"
        );
        assert!(
            !pol.grants(org, "kms:Encrypt", key),
            "a negated organization condition does not grant it"
        );
        assert!(pol.grants(
            Grantee::Account("777788889999"),
            "kms:GenerateDataKeyWithoutPlaintext",
            key
        ));
        assert!(
            !pol.grants(a, "kms:GenerateDataKeyWithoutPlaintext", key),
            "kms:CallerAccount leaves it out"
        );
        let open = parse(json!({"Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*"},
            {"Effect": "Deny", "Principal": {"AWS": "555566667777"}, "Action": "kms:Decrypt", "Resource": "*"}
        ]}));
        assert!(open.grants(a, "kms:Decrypt", key));
        assert!(
            !open.grants(Grantee::Account("555566667777"), "kms:Decrypt", key),
            "denied"
        );
        assert!(
            !open.grants(org, "kms:Decrypt", key),
            "everyone is not an organization grant"
        );
    }

    #[test]
    fn unscoped_public_allows() {
        let pol = parse(json!({"Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*"},
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}},
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:sourceaccount": "111122223333"}}},
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": true}}},
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "kms:Decrypt", "Resource": "*"},
            {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}
        ]}));
        let open: Vec<bool> = pol
            .statements
            .iter()
            .map(Statement::is_unscoped_public_allow)
            .collect();
        assert_eq!(open, [true, false, false, true, false, false]);
    }

    #[test]
    fn statement_object_or_array() {
        let one =
            parse(json!({"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}));
        let many = parse(
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": ["*"]}]}),
        );
        assert_eq!(one, many);
    }

    #[test]
    fn principal_wildcard_shapes_are_equivalent() {
        for p in [
            json!("*"),
            json!({"AWS": "*"}),
            json!({"AWS": ["*"]}),
            json!({"AWS": ["arn:aws:iam::1:root", "*"]}),
        ] {
            let pol = parse(
                json!({"Statement": [{"Effect": "Deny", "Principal": p, "Action": "*", "Resource": "*"}]}),
            );
            assert!(
                pol.statements[0].principal.as_ref().unwrap().is_all(),
                "{p}"
            );
        }
        let svc = parse(
            json!({"Statement": {"Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": "sts:AssumeRole"}}),
        );
        assert!(!svc.statements[0].principal.as_ref().unwrap().is_all());
    }

    #[test]
    fn condition_values_and_case() {
        let pol = parse(
            json!({"Statement": {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
            "Condition": {"bool": {"AWS:SECURETRANSPORT": false}, "NumericLessThan": {"s3:TlsVersion": [1.2]}}}}),
        );
        let s = &pol.statements[0];
        let tls: Vec<_> = s.conditions_on("aws:securetransport").collect();
        assert!(
            tls.len() == 1 && tls[0].operator_is("Bool") && tls[0].key_is("aws:SecureTransport")
        );
        assert_eq!(tls[0].values, ["false"]);
        assert_eq!(
            s.conditions_on("S3:TLSVERSION").next().unwrap().values,
            ["1.2"]
        );
        assert_eq!(
            pol.statements[0]
                .conditions_on("aws:securetransport")
                .count(),
            1
        );
    }

    #[test]
    fn url_encoded_and_text_policies() {
        let text = r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"ssm.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
        let encoded: String =
            percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        assert_eq!(
            Policy::from_text(text).unwrap(),
            Policy::from_text(&encoded).unwrap()
        );
        assert!(Policy::from_value(&Value::String(encoded))
            .unwrap()
            .trusts_service("ssm.amazonaws.com"));
    }

    #[test]
    fn rejects_invalid_documents_with_a_reason() {
        for (doc, want) in [
            (
                json!({"Statement": [{"Efect": "Allow"}]}),
                "unknown statement element \"Efect\"",
            ),
            (
                json!({"Statement": [{"Effect": "Permit", "Action": "*"}]}),
                "Effect must be",
            ),
            (json!({"Version": "2012-10-17"}), "no Statement"),
            (
                json!({"Statement": [{"Effect": "Allow", "Action": 3}]}),
                "Action must be",
            ),
            (
                json!({"Statement": [{"Effect": "Allow", "Principal": "someone"}]}),
                "Principal string must be",
            ),
            (
                json!({"Statement": [{"Effect": "Allow", "Action": "*", "NotAction": "s3:*"}]}),
                "both Action and NotAction",
            ),
            (
                json!({"Statement": [{"Effect": "Allow", "Condition": {"Bool": {"k": {"x": 1}}}}]}),
                "must be scalars",
            ),
            (json!([1]), "expected an object"),
        ] {
            let e = Policy::from_value(&doc).unwrap_err();
            assert!(e.0.contains(want), "{doc}: {e}");
        }
        assert!(Policy::from_text("%7B%22Statement").is_err());
        assert!(Policy::from_text("%FF%FE").is_err());
    }

    #[test]
    fn action_and_resource_matching() {
        let pol = parse(json!({"Statement": [
            {"Effect": "Allow", "Action": ["S3:Get*", "kms:Decrypt"], "Resource": "arn:aws:s3:::b/*"},
            {"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::secret*"}]}));
        let (a, b) = (&pol.statements[0], &pol.statements[1]);
        assert!(a.matches_action("s3:GetObject") && !a.matches_action("s3:PutObject"));
        assert!(a.matches_resource("arn:aws:s3:::b/k") && !a.matches_resource("arn:aws:s3:::b"));
        assert!(b.matches_action("s3:PutObject") && !b.matches_action("iam:PassRole"));
        assert!(
            b.matches_resource("arn:aws:s3:::public")
                && !b.matches_resource("arn:aws:s3:::secret-x")
        );
    }

    #[test]
    fn trust_and_admin_questions() {
        let trust = parse(
            json!({"Statement": [{"Effect": "Allow", "Principal": {"Service": ["codebuild.amazonaws.com"]}, "Action": "sts:AssumeRole"}]}),
        );
        assert!(trust.trusts_service("codebuild.amazonaws.com"));
        assert!(!trust.trusts_service("codepipeline.amazonaws.com"));
        let denied = parse(json!({"Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ssm.amazonaws.com"}, "Action": "sts:*"},
            {"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole"}]}));
        assert!(!denied.trusts_service("ssm.amazonaws.com"));
        let admin_account = parse(json!({"Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999988887777:role/StackSetAdmin"}, "Action": "sts:AssumeRole"},
            {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "s3:GetObject"}]}));
        assert!(admin_account.trusts_account("999988887777"));
        assert!(!admin_account.trusts_account("444455556666"));
        let taken_back = parse(json!({"Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "999988887777"}, "Action": "sts:AssumeRole"},
            {"Effect": "Deny", "Principal": "*", "Action": "sts:*"}]}));
        assert!(!taken_back.trusts_account("999988887777"));
        let admin =
            parse(json!({"Statement": {"Effect": "Allow", "Action": "*:*", "Resource": "*"}}));
        assert!(admin.statements[0].is_admin());
        let conditioned = parse(
            json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": true}}}}),
        );
        assert!(!conditioned.statements[0].is_admin());
    }

    #[test]
    fn service_grants_accept_regional_principals() {
        let key = parse(
            json!({"Statement": [{"Effect": "Allow", "Principal": {"Service": "logs.eu-west-1.amazonaws.com"}, "Action": ["kms:Encrypt*", "kms:GenerateDataKey*"], "Resource": "*"}]}),
        );
        assert!(key.grants_service_action("logs.amazonaws.com", "kms:GenerateDataKey"));
        assert!(!key.grants_service_action("logs.amazonaws.com", "kms:Decrypt"));
        assert!(!key.grants_service_action("cloudtrail.amazonaws.com", "kms:GenerateDataKey"));
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            prop_oneof![
                Just("*".to_string()),
                Just("Allow".to_string()),
                Just("Deny".to_string()),
                Just("s3:*".to_string()),
                ".{0,8}"
            ]
            .prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            let key = prop_oneof![
                Just("Statement".to_string()),
                Just("Effect".to_string()),
                Just("Principal".to_string()),
                Just("NotPrincipal".to_string()),
                Just("Action".to_string()),
                Just("NotAction".to_string()),
                Just("Resource".to_string()),
                Just("NotResource".to_string()),
                Just("Condition".to_string()),
                Just("AWS".to_string()),
                Just("Bool".to_string()),
                Just("Version".to_string()),
                ".{0,6}"
            ];
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(key, inner, 0..5)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn arbitrary_json_never_panics(v in arb_json()) {
            if let Ok(p) = Policy::from_value(&v) {
                for s in &p.statements {
                    let _ = s.matches_action("s3:GetObject");
                    let _ = s.matches_resource("arn:aws:s3:::b/x");
                    let _ = s.is_admin();
                }
                let _ = p.trusts_service("ssm.amazonaws.com");
            }
        }

        #[test]
        fn arbitrary_text_never_panics(s in ".{0,64}") {
            let _ = Policy::from_text(&s);
            let _ = Policy::from_text(&format!("%{s}"));
        }
    }
}
