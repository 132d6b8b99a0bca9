//! Secrets Manager, per region: `ListSecrets` (rotation, dates, key,
//! owning service, tags; never a value), then per secret `DescribeSecret`
//! for its replication status and, when a selected check reads it,
//! `GetResourcePolicy`. A secret deleted in between is left out. The
//! model's replication status is not a `Collected`, so when
//! `DescribeSecret` fails the secret is kept without it and Secrets
//! Manager's listing is unread in the region ([`Cx::unread`]: blind).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_secretsmanager;

use crate::session::sdk_client;
use crate::{policy_json, text, utc, Cx};
use aws_sdk_secretsmanager::types::SecretListEntry;
use aws_sdk_secretsmanager::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::secretsmanager::{
    self as data, ReplicaStatus, RotationRules, SecretEntry, SecretsManager,
};
use awscheck_model::inventory::Tags;

crate::registry::operations! {
    sdk "Secrets Manager", iam "secretsmanager" {
        LIST_SECRETS = ListSecrets,
        DESCRIBE_SECRET = DescribeSecret,
        GET_RESOURCE_POLICY = GetResourcePolicy,
    }
}

crate::service!(SecretsManager);

const GONE: &[&str] = &["ResourceNotFoundException"];

async fn collect(cx: &Cx) -> Result<SecretsManager, CollectError> {
    let client = sdk_client!(aws_sdk_secretsmanager, &cx.session, &cx.region);
    let pages = cx
        .list(LIST_SECRETS, client.list_secrets().into_paginator().send())
        .await?;
    let listed: Vec<SecretListEntry> = pages
        .iter()
        .flat_map(|p| p.secret_list().iter().cloned())
        .collect();
    let read = cx.bounded(listed, |s| read_secret(cx, &client, s)).await;
    let mut secrets = Vec::new();
    for (secret, error) in read.into_iter().flatten() {
        secrets.push(secret);
        if let Some(e) = error {
            cx.unread(data::SECRETS, e);
        }
    }
    Ok(SecretsManager { secrets })
}

/// The secret (`None` when deleted since listed) and the `DescribeSecret`
/// error that left its replication status unknown.
async fn read_secret(
    cx: &Cx,
    client: &Client,
    s: SecretListEntry,
) -> Option<(SecretEntry, Option<CollectError>)> {
    let arn = s.arn().unwrap_or_default().to_string();
    let (described, policy) = tokio::join!(
        cx.call(
            DESCRIBE_SECRET,
            client.describe_secret().secret_id(&arn).send()
        ),
        cx.read_if(data::SECRET_POLICY, async {
            let request = client.get_resource_policy().secret_id(&arn).send();
            cx.call(GET_RESOURCE_POLICY, request).await.read(GONE, |o| {
                o.resource_policy()
                    .filter(|p| !p.is_empty())
                    .map(policy_json)
            })
        }),
    );
    let replication = described.read(GONE, |o| {
        Some(
            o.replication_status()
                .iter()
                .map(|r| ReplicaStatus {
                    region: r.region().unwrap_or_default().to_string(),
                    status: r
                        .status()
                        .map(|x| x.as_str().to_string())
                        .unwrap_or_default(),
                })
                .collect::<Vec<_>>(),
        )
    });
    let (replication_status, error) = match replication {
        Collected::Value(r) => (r, None),
        Collected::Absent => return None,
        Collected::Error(e) => (Vec::new(), Some(e)),
    };
    let entry = SecretEntry {
        region: cx.region.clone(),
        account_id: awscheck_model::arn::Arn::parse(&arn)
            .map_or(cx.account_id(), |a| a.account)
            .to_string(),
        name: s.name().unwrap_or_default().to_string(),
        rotation_enabled: s.rotation_enabled().unwrap_or(false),
        rotation_rules: s.rotation_rules().map(|r| RotationRules {
            automatically_after_days: r.automatically_after_days(),
            schedule_expression: text(r.schedule_expression()),
            duration: text(r.duration()),
        }),
        rotation_lambda_arn: text(s.rotation_lambda_arn()),
        last_rotated_date: s.last_rotated_date().and_then(utc),
        next_rotation_date: s.next_rotation_date().and_then(utc),
        created_date: s.created_date().and_then(utc),
        owning_service: text(s.owning_service()),
        kms_key_id: text(s.kms_key_id()),
        primary_region: text(s.primary_region()),
        replication_status,
        policy,
        tags: s
            .tags()
            .iter()
            .filter_map(|t| Some((t.key()?.to_string(), t.value()?.to_string())))
            .collect::<Tags>(),
        arn,
    };
    Some((entry, error))
}
