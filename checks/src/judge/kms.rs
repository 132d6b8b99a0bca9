//! KMS key resolution: the key a resource names (by key id, key ARN, alias
//! name or alias ARN), as KMS would resolve it for that resource's region
//! and account, and what it is: AWS managed or customer managed, enabled,
//! disabled or pending deletion, symmetric or not, and its key policy when
//! asked.
//!
//! [`key`] answers with a [`Lookup`]:
//! - found: a key the inventory describes ([`KmsKey::Described`]), or an AWS
//!   managed alias (`alias/aws/s3`) with no key yet ([`KmsKey::AwsManagedAlias`]:
//!   AWS creates the key on first use, so it is AWS managed all the same);
//! - missing: `DescribeKey` said there is no such key, or the alias was
//!   recorded without one, or the account's KMS was listed where the key
//!   would be and it is not there: `LABEL does not exist in REGION`;
//! - unknown: the key could not be described (`LABEL: DescribeKey failed:
//!   …`), KMS could not be listed in its region (`LABEL could not be looked
//!   up: KMS could not be listed in REGION`), or the key is another
//!   account's and was not collected (`LABEL belongs to account N, which
//!   this inventory does not cover`).
//!
//! A key id or alias name is the referring resource's (its region and
//! account); an ARN carries its own region and account, and another
//! account's key with the same id as one of this account's is not that key.
//! LABEL is the check's name for the reference (`artifact store b in
//! us-east-1: key alias/app`). A key policy is read by
//! [`DescribedKey::policy`]: `key ARN has no key policy`, `key policy of
//! ARN: …` when it does not parse, or the failed call.
//!
//! [`log_group_key`] is the rule of `logs-group-kms` for a log group's key,
//! worded once for every check that judges one: the key exists, is
//! customer managed and `Enabled`, and its policy allows the CloudWatch
//! Logs service principal of the group's region (or `logs.amazonaws.com`)
//! every action CloudWatch Logs needs; a `kms:EncryptionContext:aws:logs:arn`
//! condition counts only when it matches the group's ARN. Reasons:
//! `the log group's key K is STATE, not Enabled`, `the log group's key K is
//! an AWS managed key`, `the policy of key ARN does not allow
//! logs.REGION.amazonaws.com (or logs.amazonaws.com) ACTIONS`.

use super::reference::{Lookup, Reference};
use crate::arn::{wildcard_match, Arn};
use crate::engine::{Context, Verdict};
use crate::inventory::kms::{Key, KeyIndex, KeyLookup, KeyMetadata};
use crate::inventory::logs::LogGroup;
use crate::policy::{Effect, Policy, Statement};
use std::fmt;

/// What a key reference resolves to.
#[derive(Debug, Clone, Copy)]
pub enum KmsKey<'a> {
    /// A key the inventory has, with its `DescribeKey` metadata.
    Described(DescribedKey<'a>),
    /// An AWS managed alias (`alias/aws/<service>`) whose key AWS has not
    /// created yet.
    AwsManagedAlias,
}

/// A key and its metadata (`meta.is_customer_managed()`, `meta.is_symmetric()`).
#[derive(Debug, Clone, Copy)]
pub struct DescribedKey<'a> {
    pub key: &'a Key,
    pub meta: &'a KeyMetadata,
}

/// A key's state, as `DescribeKey` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyState<'a> {
    Enabled,
    Disabled,
    PendingDeletion,
    /// `PendingImport`, `Unavailable`, `Creating`, …
    Other(&'a str),
}

impl fmt::Display for KeyState<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyState::Enabled => "Enabled",
            KeyState::Disabled => "Disabled",
            KeyState::PendingDeletion => "PendingDeletion",
            KeyState::Other(s) => s,
        })
    }
}

impl<'a> DescribedKey<'a> {
    pub fn arn(&self) -> &'a str {
        &self.key.arn
    }

    pub fn state(&self) -> KeyState<'a> {
        match self.meta.key_state.as_str() {
            "Enabled" => KeyState::Enabled,
            "Disabled" => KeyState::Disabled,
            "PendingDeletion" => KeyState::PendingDeletion,
            other => KeyState::Other(other),
        }
    }

    /// The key policy, parsed: missing when the key has none, unknown when
    /// it could not be read or does not parse.
    pub fn policy(&self) -> Lookup<Policy> {
        let arn = self.arn();
        match self.key.policy.known() {
            Err(e) => Lookup::Unknown(e.to_string()),
            Ok(None) => Lookup::Missing(format!("key {arn} has no key policy")),
            Ok(Some(doc)) => match doc.parse() {
                Ok(p) => Lookup::Found(p),
                Err(e) => Lookup::Unknown(format!("key policy of {arn}: {e}")),
            },
        }
    }
}

/// The key `reference` names for a resource in `region` of `account`.
pub fn key<'a>(
    ctx: &Context,
    keys: &KeyIndex<'a>,
    reference: &str,
    region: &str,
    account: &str,
    label: impl Into<String>,
) -> Lookup<KmsKey<'a>> {
    let arn = Arn::parse(reference);
    let key_region = arn
        .map(|a| a.region)
        .filter(|r| !r.is_empty())
        .unwrap_or(region);
    let key_account = arn
        .map(|a| a.account)
        .filter(|a| !a.is_empty())
        .unwrap_or(account);
    let at = Reference::regional(label, "kms", key_region, key_account);
    let aws_managed = is_aws_managed_alias(reference);
    match keys.resolve_in(reference, region, account) {
        KeyLookup::Found(key, meta) => Lookup::Found(KmsKey::Described(DescribedKey { key, meta })),
        KeyLookup::Unreadable(_, e) => at.unreadable(e),
        KeyLookup::Absent if aws_managed => Lookup::Found(KmsKey::AwsManagedAlias),
        KeyLookup::Absent => at.missing(),
        KeyLookup::NotFound => match at.resolve(ctx, None) {
            Lookup::Missing(_) if aws_managed => Lookup::Found(KmsKey::AwsManagedAlias),
            other => other,
        },
    }
}

/// The key-policy actions CloudWatch Logs needs (one per action family).
const LOGS_KEY_ACTIONS: &[&str] = &[
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:GenerateDataKey",
    "kms:DescribeKey",
];

/// The key `reference` (the group's `kmsKeyId`) judged by the rule of
/// `logs-group-kms` (see the module doc): the key's ARN when CloudWatch
/// Logs can use it, else `None` with the reason recorded in `v`.
pub fn log_group_key(
    ctx: &Context,
    keys: &KeyIndex,
    group: &LogGroup,
    reference: &str,
    v: &mut Verdict,
) -> Option<String> {
    let label = format!("the log group's key {reference}");
    let key = match key(
        ctx,
        keys,
        reference,
        &group.region,
        &group.account_id,
        &label,
    )
    .or_record(v)?
    {
        KmsKey::Described(key) if key.state() == KeyState::Enabled => key,
        KmsKey::Described(key) => {
            v.fail(format!(
                "the log group's key {} is {}, not Enabled",
                key.arn(),
                key.state()
            ));
            return None;
        }
        KmsKey::AwsManagedAlias => {
            v.fail(format!("{label} is an AWS managed key"));
            return None;
        }
    };
    let policy = key.policy().or_record(v)?;
    let missing = missing_logs_actions(&policy, &group.region, &group.arn);
    if missing.is_empty() {
        Some(key.arn().to_string())
    } else {
        v.fail(format!(
            "the policy of key {} does not allow logs.{}.amazonaws.com (or logs.amazonaws.com) {}",
            key.arn(),
            group.region,
            missing.join(", ")
        ));
        None
    }
}

/// The CloudWatch Logs actions the key policy does not grant the logs
/// service principal of `region` for the group `group_arn`.
fn missing_logs_actions(policy: &Policy, region: &str, group_arn: &str) -> Vec<&'static str> {
    let principals = [
        "logs.amazonaws.com".to_string(),
        format!("logs.{region}.amazonaws.com"),
    ];
    let grants: Vec<&Statement> = policy
        .statements
        .iter()
        .filter(|s| {
            s.effect == Effect::Allow
                && s.principal.as_ref().is_some_and(|p| {
                    p.of_type("Service")
                        .iter()
                        .any(|v| principals.iter().any(|x| x.eq_ignore_ascii_case(v)))
                })
                && s.conditions_on("kms:EncryptionContext:aws:logs:arn")
                    .all(|c| {
                        c.values
                            .iter()
                            .any(|pattern| wildcard_match(pattern, group_arn))
                    })
        })
        .collect();
    LOGS_KEY_ACTIONS
        .iter()
        .copied()
        .filter(|a| !grants.iter().any(|s| s.matches_action(a)))
        .collect()
}

/// `alias/aws/…` (name or ARN): an AWS managed alias.
fn is_aws_managed_alias(reference: &str) -> bool {
    let resource = Arn::parse(reference).map_or(reference, |a| a.resource);
    resource.starts_with("alias/aws/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::with_context;
    use serde_json::{json, Value};

    fn key_json(account: &str, region: &str, id: &str, metadata: Value) -> Value {
        json!({"arn": format!("arn:aws:kms:{region}:{account}:key/{id}"), "region": region,
            "account_id": account, "key_id": id, "metadata": metadata,
            "policy": {"value": {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*"}]}}})
    }

    fn meta(manager: &str, state: &str) -> Value {
        json!({"value": {"key_manager": manager, "key_state": state, "key_spec": "SYMMETRIC_DEFAULT"}})
    }

    fn account() -> Value {
        json!({"kms": {
            "keys": [
                key_json("111122223333", "us-east-1", "k1", meta("CUSTOMER", "Enabled")),
                key_json("111122223333", "us-east-1", "k2", meta("CUSTOMER", "PendingDeletion")),
                key_json("111122223333", "us-east-1", "aws-s3", meta("AWS", "Enabled")),
                key_json("444455556666", "us-east-1", "shared", meta("CUSTOMER", "Disabled")),
                key_json("444455556666", "us-east-1", "gone", json!("absent")),
                key_json("444455556666", "us-east-1", "denied", json!({"error": {"operation": "DescribeKey", "code": "AccessDeniedException"}}))
            ],
            "aliases": [
                {"arn": "arn:aws:kms:us-east-1:111122223333:alias/app", "region": "us-east-1", "account_id": "111122223333", "name": "alias/app", "target_key_id": "k1"},
                {"arn": "arn:aws:kms:us-east-1:111122223333:alias/aws/s3", "region": "us-east-1", "account_id": "111122223333", "name": "alias/aws/s3", "target_key_id": "aws-s3"},
                {"arn": "arn:aws:kms:us-east-1:111122223333:alias/aws/codecommit", "region": "us-east-1", "account_id": "111122223333", "name": "alias/aws/codecommit"}
            ]},
            "collection_errors": [{"service": "kms", "region": "eu-west-1", "operation": "ListKeys", "code": "AccessDenied"}]
        })
    }

    /// What `reference` resolves to for a resource in us-east-1 of the test account.
    fn resolve(reference: &str) -> Lookup<String> {
        with_context(account(), |ctx| {
            let keys = ctx.kms().index();
            key(
                ctx,
                &keys,
                reference,
                "us-east-1",
                "111122223333",
                format!("key {reference}"),
            )
            .map(|k| match k {
                KmsKey::Described(d) => format!(
                    "{} {} {}",
                    d.key.key_id,
                    if d.meta.is_customer_managed() {
                        "customer"
                    } else {
                        "aws"
                    },
                    d.state()
                ),
                KmsKey::AwsManagedAlias => "aws-managed alias".to_string(),
            })
        })
    }

    #[test]
    fn every_reference_form_and_every_answer() {
        let found = |s: &str| Lookup::Found(s.to_string());
        let cases = [
            ("k1", found("k1 customer Enabled")),
            ("arn:aws:kms:us-east-1:111122223333:key/k1", found("k1 customer Enabled")),
            ("alias/app", found("k1 customer Enabled")),
            ("arn:aws:kms:us-east-1:111122223333:alias/app", found("k1 customer Enabled")),
            ("k2", found("k2 customer PendingDeletion")),
            ("alias/aws/s3", found("aws-s3 aws Enabled")),
            // An AWS managed alias without a key, listed or not, is AWS managed all the same.
            ("alias/aws/codecommit", found("aws-managed alias")),
            ("alias/aws/lambda", found("aws-managed alias")),
            // Another account's key is that account's, even with a local key's id.
            ("arn:aws:kms:us-east-1:444455556666:key/shared", found("shared customer Disabled")),
            (
                "arn:aws:kms:us-east-1:444455556666:key/k1",
                Lookup::Unknown("key arn:aws:kms:us-east-1:444455556666:key/k1 belongs to account 444455556666, which this inventory does not cover".into()),
            ),
            // DescribeKey NotFoundException is missing, whoever owns the key.
            (
                "arn:aws:kms:us-east-1:444455556666:key/gone",
                Lookup::Missing("key arn:aws:kms:us-east-1:444455556666:key/gone does not exist in us-east-1".into()),
            ),
            (
                "arn:aws:kms:us-east-1:444455556666:key/denied",
                Lookup::Unknown("key arn:aws:kms:us-east-1:444455556666:key/denied: DescribeKey failed: AccessDeniedException".into()),
            ),
            // Missing needs sight.
            ("nokey", Lookup::Missing("key nokey does not exist in us-east-1".into())),
            (
                "arn:aws:kms:eu-west-1:111122223333:key/k1",
                Lookup::Unknown("key arn:aws:kms:eu-west-1:111122223333:key/k1 could not be looked up: KMS could not be listed in eu-west-1".into()),
            ),
            (
                "arn:aws:kms:ap-south-1:111122223333:key/k1",
                Lookup::Unknown("key arn:aws:kms:ap-south-1:111122223333:key/k1 is in ap-south-1, a region that was not collected".into()),
            ),
        ];
        for (reference, want) in cases {
            assert_eq!(resolve(reference), want, "{reference}");
        }
    }

    #[test]
    fn key_policies() {
        let mut a = account();
        a["kms"]["keys"][1]["policy"] = json!("absent");
        a["kms"]["keys"][2]["policy"] = json!({"value": {"Statement": [{"Effect": "Sometimes"}]}});
        with_context(a, |ctx| {
            let keys = ctx.kms().index();
            let policy = |id: &str| match key(ctx, &keys, id, "us-east-1", "111122223333", id) {
                Lookup::Found(KmsKey::Described(d)) => d.policy().map(|p| p.statements.len()),
                other => panic!("{other:?}"),
            };
            assert_eq!(policy("k1"), Lookup::Found(1));
            assert_eq!(
                policy("k2"),
                Lookup::Missing(
                    "key arn:aws:kms:us-east-1:111122223333:key/k2 has no key policy".into()
                )
            );
            assert!(
                matches!(policy("aws-s3"), Lookup::Unknown(why) if why.starts_with("key policy of arn:aws:kms:us-east-1:111122223333:key/aws-s3: policy document is not valid"))
            );
        });
    }
}
