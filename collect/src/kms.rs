//! KMS, per region: `ListKeys` and `ListAliases`, then per key
//! `DescribeKey`, `GetKeyPolicy` (policy `default`) and `ListResourceTags`.
//!
//! Keys referenced by other resources but not listed here (another
//! account's keys, aliases in regions not scanned) are read after every
//! service is collected: [`resolve_referenced`], fed by
//! [`crate::References::kms_key`].

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_kms;

use crate::session::{sdk_client, Session};
use crate::{policy_json, tags_of, Cx};
use awscheck_model::arn::Arn;
use awscheck_model::collected::{CollectError, Collected, NOT_COLLECTED};
use awscheck_model::inventory::kms::{is_alias, Alias, Key, KeyLookup, KeyMetadata, Kms};
use awscheck_model::inventory::Tags;
use std::collections::BTreeSet;

crate::service!(Kms, kms, [keys, aliases]);

async fn collect(cx: &Cx) -> Result<Kms, CollectError> {
    let client = sdk_client!(aws_sdk_kms, &cx.session, &cx.region);
    let keys = cx
        .list(
            "ListKeys",
            client.list_keys().into_paginator().items().send(),
        )
        .await?;
    let aliases = cx
        .list(
            "ListAliases",
            client.list_aliases().into_paginator().items().send(),
        )
        .await?;
    let aliases = aliases
        .iter()
        .filter_map(|a| {
            let name = a.alias_name()?.to_string();
            Some(Alias {
                arn: a.alias_arn().map(str::to_string).unwrap_or_else(|| {
                    format!(
                        "arn:{}:kms:{}:{}:{name}",
                        cx.partition(),
                        cx.region,
                        cx.account_id()
                    )
                }),
                region: cx.region.clone(),
                account_id: cx.account_id().to_string(),
                name,
                target_key_id: a.target_key_id().map(str::to_string),
            })
        })
        .collect();
    let ids: Vec<(String, Option<String>)> = keys
        .iter()
        .filter_map(|k| Some((k.key_id()?.to_string(), k.key_arn().map(str::to_string))))
        .collect();
    let keys = cx
        .bounded(ids, |(key_id, arn)| read_key(cx, &client, key_id, arn))
        .await;
    Ok(Kms { keys, aliases })
}

async fn read_key(
    cx: &Cx,
    client: &aws_sdk_kms::Client,
    key_id: String,
    arn: Option<String>,
) -> Key {
    let described = client.describe_key().key_id(&key_id).send().await;
    let metadata = cx.read("DescribeKey", described, &["NotFoundException"], |o| {
        o.key_metadata().map(metadata_of)
    });
    let policy = client
        .get_key_policy()
        .key_id(&key_id)
        .policy_name("default")
        .send()
        .await;
    let policy = cx.read("GetKeyPolicy", policy, &[], |o| o.policy().map(policy_json));
    let tags = client
        .list_resource_tags()
        .key_id(&key_id)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map(|tags: Vec<_>| tags_of(tags.iter().map(|t| (t.tag_key(), t.tag_value()))));
    let tags = cx.tags("ListResourceTags", tags);
    Key {
        arn: arn.unwrap_or_else(|| {
            format!(
                "arn:{}:kms:{}:{}:key/{key_id}",
                cx.partition(),
                cx.region,
                cx.account_id()
            )
        }),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        key_id,
        metadata,
        policy,
        tags,
    }
}

fn metadata_of(m: &aws_sdk_kms::types::KeyMetadata) -> KeyMetadata {
    KeyMetadata {
        key_manager: m
            .key_manager()
            .map(|v| v.as_str().to_string())
            .unwrap_or_default(),
        key_state: m
            .key_state()
            .map(|v| v.as_str().to_string())
            .unwrap_or_default(),
        key_spec: m
            .key_spec()
            .map(|v| v.as_str().to_string())
            .unwrap_or_default(),
    }
}

/// Reads the keys referenced (`(region of the referring resource,
/// reference)`) that the collected section does not resolve: `DescribeKey`
/// (and `GetKeyPolicy` for this account's keys). An alias that does not
/// exist is recorded with no target; one that could not be described is
/// recorded as pointing at an unreadable key named after the reference.
pub async fn resolve_referenced(
    session: &Session,
    refs: BTreeSet<(String, String)>,
    kms: &mut Kms,
) {
    let todo: Vec<(String, String)> = {
        let ix = kms.index();
        refs.into_iter()
            .filter(|(region, reference)| {
                matches!(ix.resolve(reference, region), KeyLookup::NotFound)
            })
            .collect()
    };
    let found = crate::bounded(todo, |(region, reference)| {
        resolve_one(session, region, reference)
    })
    .await;
    for (alias, key) in found {
        if let Some(a) = alias {
            if !kms
                .aliases
                .iter()
                .any(|x| x.region == a.region && x.name == a.name)
            {
                kms.aliases.push(a);
            }
        }
        if let Some(k) = key {
            if !kms
                .keys
                .iter()
                .any(|x| x.region == k.region && x.key_id == k.key_id)
            {
                kms.keys.push(k);
            }
        }
    }
}

async fn resolve_one(
    session: &Session,
    region: String,
    reference: String,
) -> (Option<Alias>, Option<Key>) {
    let arn = Arn::parse(&reference);
    let key_region = arn
        .as_ref()
        .map_or(region.as_str(), |a| a.region)
        .to_string();
    let owner = arn
        .as_ref()
        .map_or(session.account_id.as_str(), |a| a.account)
        .to_string();
    let resource = arn.as_ref().map_or(reference.as_str(), |a| a.resource);
    let alias_name = is_alias(&reference).then(|| resource.to_string());
    let client = sdk_client!(aws_sdk_kms, session, &key_region);
    let described = client.describe_key().key_id(&reference).send().await;
    let metadata = crate::read(
        session,
        "DescribeKey",
        described,
        &["NotFoundException"],
        |o| o.key_metadata().cloned(),
    );
    let alias = |target: Option<String>| {
        alias_name.as_ref().map(|name| Alias {
            arn: if arn.is_some() {
                reference.clone()
            } else {
                format!("arn:{}:kms:{key_region}:{owner}:{name}", session.partition)
            },
            region: key_region.clone(),
            account_id: owner.clone(),
            name: name.clone(),
            target_key_id: target,
        })
    };
    let key_id_of_ref = resource
        .strip_prefix("key/")
        .unwrap_or(resource)
        .to_string();
    let key = |key_id: String, arn: String, account_id: String, metadata, policy| Key {
        arn,
        region: key_region.clone(),
        account_id,
        key_id,
        metadata,
        policy,
        tags: Tags::new(),
    };
    match metadata {
        Collected::Value(m) => {
            let account_id = m.aws_account_id().unwrap_or(&owner).to_string();
            let key_id = m.key_id().to_string();
            let key_arn = m.arn().map(str::to_string).unwrap_or_else(|| {
                format!(
                    "arn:{}:kms:{key_region}:{account_id}:key/{key_id}",
                    session.partition
                )
            });
            let policy = if account_id == session.account_id {
                let out = client
                    .get_key_policy()
                    .key_id(&key_id)
                    .policy_name("default")
                    .send()
                    .await;
                crate::read(session, "GetKeyPolicy", out, &[], |o| {
                    o.policy().map(policy_json)
                })
            } else {
                Collected::Error(CollectError::new(
                    "GetKeyPolicy",
                    NOT_COLLECTED,
                    "another account's key policy cannot be read",
                ))
            };
            let k = key(
                key_id.clone(),
                key_arn,
                account_id,
                Collected::Value(metadata_of(&m)),
                policy,
            );
            (alias(Some(key_id)), Some(k))
        }
        Collected::Absent if alias_name.is_some() => (alias(None), None),
        Collected::Absent => {
            let arn = format!(
                "arn:{}:kms:{key_region}:{owner}:key/{key_id_of_ref}",
                session.partition
            );
            (
                None,
                Some(key(
                    key_id_of_ref,
                    arn,
                    owner.clone(),
                    Collected::Absent,
                    Collected::Absent,
                )),
            )
        }
        Collected::Error(e) => {
            let key_id = if alias_name.is_some() {
                reference.clone()
            } else {
                key_id_of_ref
            };
            let arn = format!(
                "arn:{}:kms:{key_region}:{owner}:key/{key_id}",
                session.partition
            );
            let k = key(
                key_id.clone(),
                arn,
                owner.clone(),
                Collected::Error(e.clone()),
                Collected::Error(e),
            );
            (alias(Some(key_id)), Some(k))
        }
    }
}
