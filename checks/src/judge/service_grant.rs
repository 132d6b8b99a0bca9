//! Service grants: does a resource's policy (an SNS topic's, an SQS
//! queue's, a Lambda function's) let an AWS service principal perform an
//! action on it, on behalf of a given source (the bucket or topic that
//! sends)?
//!
//! [`grant`] answers with a [`Grant`]:
//! - [`Grant::Scoped`]: an `Allow` names the service (or every principal),
//!   the action and the resource, and every `aws:SourceArn`,
//!   `aws:SourceAccount` or `aws:SourceOwner` condition it has holds for
//!   the source, of which it has at least one;
//! - [`Grant::Unscoped`]: such an `Allow` exists only without a source
//!   condition: the service may act for anyone's resource (the confused
//!   deputy the AWS guides warn about);
//! - [`Grant::Missing`]: none applies, or an unconditional `Deny` (or one
//!   whose source conditions hold) takes it back. Its reason, worded once:
//!   `does not allow SERVICE to call ACTION`, `allows SERVICE to call
//!   ACTION only for other sources (VALUES)`, or `denies SERVICE ACTION`.
//!
//! Conditions on other keys are not evaluated (an `Allow` they narrow
//! still counts; a `Deny` they narrow is ignored). The check words the
//! subject: `queue Q's policy does not allow sns.amazonaws.com to call
//! sqs:SendMessage`.

use crate::arn::wildcard_match;
use crate::policy::{Condition, Effect, Policy, Statement};

/// The resource a service acts for: its ARN and account.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub arn: &'a str,
    pub account: &'a str,
}

/// Whether a policy lets a service act on a resource for a source; see the module doc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grant {
    Scoped,
    Unscoped,
    Missing(String),
}

/// The condition keys that name the source a service acts for.
const SOURCE_KEYS: [&str; 3] = ["aws:SourceArn", "aws:SourceAccount", "aws:SourceOwner"];

/// Whether `policy` lets `service` call `action` on `resource` for `source`.
pub fn grant(
    policy: &Policy,
    service: &str,
    action: &str,
    resource: &str,
    source: Source,
) -> Grant {
    let applies = |s: &Statement| {
        s.not_principal.is_none()
            && s.principal.as_ref().is_some_and(|p| {
                p.is_all()
                    || p.of_type("Service")
                        .iter()
                        .any(|v| v.eq_ignore_ascii_case(service))
            })
            && s.matches_action(action)
            && (s.resource.is_none() && s.not_resource.is_none() || s.matches_resource(resource))
    };
    let denied = policy
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Deny && applies(s))
        .any(|s| {
            s.conditions.iter().all(is_source_condition)
                && s.conditions.iter().all(|c| holds(c, source))
        });
    if denied {
        return Grant::Missing(format!("denies {service} {action}"));
    }
    let mut unscoped = false;
    let mut elsewhere: Vec<&str> = Vec::new();
    for s in policy
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow && applies(s))
    {
        let conditions: Vec<&Condition> = s
            .conditions
            .iter()
            .filter(|c| is_source_condition(c))
            .collect();
        if conditions.is_empty() {
            unscoped = true;
        } else if conditions.iter().all(|c| holds(c, source)) {
            return Grant::Scoped;
        } else {
            elsewhere.extend(
                conditions
                    .iter()
                    .flat_map(|c| c.values.iter().map(String::as_str)),
            );
        }
    }
    if unscoped {
        Grant::Unscoped
    } else if elsewhere.is_empty() {
        Grant::Missing(format!("does not allow {service} to call {action}"))
    } else {
        Grant::Missing(format!(
            "allows {service} to call {action} only for other sources ({})",
            elsewhere.join(", ")
        ))
    }
}

fn is_source_condition(c: &Condition) -> bool {
    SOURCE_KEYS.iter().any(|k| c.key_is(k))
}

/// Whether a source condition holds for `source` (`…IfExists` as its base
/// operator: the service always sends the key).
fn holds(c: &Condition, source: Source) -> bool {
    let value = if c.key_is("aws:SourceArn") {
        source.arn
    } else {
        source.account
    };
    let op = c.operator.to_ascii_lowercase();
    let op = op.strip_suffix("ifexists").unwrap_or(&op);
    let like = |p: &String| wildcard_match(p, value);
    let equal = |p: &String| p == value;
    let equal_ci = |p: &String| p.eq_ignore_ascii_case(value);
    match op {
        "arnequals" | "arnlike" | "stringlike" => c.values.iter().any(like),
        "stringequals" => c.values.iter().any(equal),
        "stringequalsignorecase" => c.values.iter().any(equal_ci),
        "arnnotequals" | "arnnotlike" | "stringnotlike" => !c.values.iter().any(like),
        "stringnotequals" => !c.values.iter().any(equal),
        "stringnotequalsignorecase" => !c.values.iter().any(equal_ci),
        // An operator that does not compare the value (`Null`, numeric)
        // is not a source scope.
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    const QUEUE: &str = "arn:aws:sqs:us-east-1:111122223333:q";
    const BUCKET: Source = Source {
        arn: "arn:aws:s3:::uploads",
        account: "111122223333",
    };

    fn ask(statements: Value) -> Grant {
        let policy = Policy::from_value(&json!({ "Statement": statements })).unwrap();
        grant(
            &policy,
            "s3.amazonaws.com",
            "sqs:SendMessage",
            QUEUE,
            BUCKET,
        )
    }

    fn allow(principal: Value, condition: Value) -> Value {
        json!({"Effect": "Allow", "Principal": principal, "Action": "sqs:SendMessage", "Resource": QUEUE, "Condition": condition})
    }

    #[test]
    fn scoped_by_source_arn_or_account_in_every_operator_shape() {
        let s3 = json!({"Service": "s3.amazonaws.com"});
        for condition in [
            json!({"ArnEquals": {"aws:SourceArn": "arn:aws:s3:::uploads"}}),
            json!({"ArnLike": {"aws:SourceArn": "arn:aws:s3:::upl*"}}),
            json!({"StringEquals": {"aws:SourceAccount": "111122223333"}}),
            json!({"StringEquals": {"AWS:SourceOwner": ["999988887777", "111122223333"]}}),
            json!({"ArnLikeIfExists": {"aws:SourceArn": ["arn:aws:s3:::*"]}, "StringEquals": {"aws:SourceAccount": "111122223333"}}),
        ] {
            assert_eq!(
                ask(json!([allow(s3.clone(), condition.clone())])),
                Grant::Scoped,
                "{condition}"
            );
        }
        assert_eq!(
            ask(json!([allow(
                json!("*"),
                json!({"ArnEquals": {"aws:SourceArn": "arn:aws:s3:::uploads"}})
            )])),
            Grant::Scoped,
            "every principal, scoped to the source"
        );
    }

    #[test]
    fn unscoped_when_no_source_condition() {
        let s3 = json!({"Service": ["sns.amazonaws.com", "S3.amazonaws.com"]});
        assert_eq!(ask(json!([allow(s3.clone(), json!({}))])), Grant::Unscoped);
        assert_eq!(
            ask(json!([allow(
                s3,
                json!({"Bool": {"aws:SecureTransport": "true"}})
            )])),
            Grant::Unscoped,
            "other keys are not a source scope"
        );
    }

    #[test]
    fn missing_with_one_wording() {
        let s3 = json!({"Service": "s3.amazonaws.com"});
        assert_eq!(
            ask(json!([allow(
                json!({"Service": "sns.amazonaws.com"}),
                json!({})
            )])),
            Grant::Missing("does not allow s3.amazonaws.com to call sqs:SendMessage".into())
        );
        assert_eq!(
            ask(json!([allow(s3.clone(), json!({"ArnEquals": {"aws:SourceArn": "arn:aws:s3:::other"}}))])),
            Grant::Missing("allows s3.amazonaws.com to call sqs:SendMessage only for other sources (arn:aws:s3:::other)".into())
        );
        let on_other_queue = json!({"Effect": "Allow", "Principal": s3.clone(), "Action": "sqs:*", "Resource": "arn:aws:sqs:us-east-1:111122223333:other"});
        assert!(matches!(ask(json!([on_other_queue])), Grant::Missing(_)));
        let deny = json!({"Effect": "Deny", "Principal": "*", "Action": "sqs:*", "Resource": "*"});
        assert_eq!(
            ask(json!([allow(s3.clone(), json!({})), deny])),
            Grant::Missing("denies s3.amazonaws.com sqs:SendMessage".into())
        );
        let deny_others = json!({"Effect": "Deny", "Principal": "*", "Action": "sqs:SendMessage", "Resource": QUEUE,
            "Condition": {"StringNotEquals": {"aws:SourceAccount": "111122223333"}}});
        assert_eq!(
            ask(json!([allow(s3, json!({})), deny_others])),
            Grant::Unscoped,
            "a Deny for other accounts does not apply to this source"
        );
    }
}
