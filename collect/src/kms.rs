//! KMS, per region: `ListKeys`, then per key the calls the selected checks
//! read (`DescribeKey`, `GetKeyPolicy` of policy `default`,
//! `ListResourceTags`, and `GetKeyRotationStatus` for the keys that can
//! rotate), and `ListAliases`.
//!
//! Keys other resources name ([`KEY`]: a key id, key ARN, alias name or
//! alias ARN) that the collected section does not resolve (another
//! account's keys, aliases in regions not scanned) are read after the first
//! pass: `DescribeKey`, and `GetKeyPolicy` for this account's keys.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_kms;

use crate::references::{Kind, Reference};
use crate::session::sdk_client;
use crate::{policy_json, tags_of, BoxFuture, Cx, Patch};
use awscheck_model::arn::Arn;
use awscheck_model::collected::{CollectError, Collected, NOT_COLLECTED};
use awscheck_model::inventory::kms::{
    self as data, is_alias, Alias, Key, KeyLookup, KeyMetadata, KeyRotation, Kms,
};
use awscheck_model::inventory::{Account, Tags};

crate::registry::operations! {
    sdk "KMS", iam "kms" {
        LIST_KEYS = ListKeys,
        LIST_ALIASES = ListAliases,
        DESCRIBE_KEY = DescribeKey,
        GET_KEY_POLICY = GetKeyPolicy,
        LIST_RESOURCE_TAGS = ListResourceTags,
        GET_KEY_ROTATION_STATUS = GetKeyRotationStatus,
    }
}

crate::service!(Kms);

/// A KMS key named by another resource: key id, key ARN, alias name or
/// alias ARN, looked up in the referring resource's region.
pub static KEY: Kind = Kind {
    name: "KMS key",
    fills: data::KEYS,
    resolve: resolve_keys,
};

async fn collect(cx: &Cx) -> Result<Kms, CollectError> {
    let client = sdk_client!(aws_sdk_kms, &cx.session, &cx.region);
    let keys = cx
        .list(
            LIST_KEYS,
            client.list_keys().into_paginator().items().send(),
        )
        .await?;
    let aliases = if cx.wants(data::ALIASES) {
        match cx
            .list(
                LIST_ALIASES,
                client.list_aliases().into_paginator().items().send(),
            )
            .await
        {
            Ok(listed) => listed.iter().filter_map(|a| alias_of(cx, a)).collect(),
            Err(e) => {
                cx.unread(data::ALIASES, e);
                Vec::new()
            }
        }
    } else {
        Vec::new()
    };
    let ids: Vec<(String, Option<String>)> = keys
        .iter()
        .filter_map(|k| Some((k.key_id()?.to_string(), k.key_arn().map(str::to_string))))
        .collect();
    let keys = cx
        .bounded(ids, |(key_id, arn)| read_key(cx, &client, key_id, arn))
        .await;
    Ok(Kms { keys, aliases })
}

fn alias_of(cx: &Cx, a: &aws_sdk_kms::types::AliasListEntry) -> Option<Alias> {
    let name = a.alias_name()?.to_string();
    Some(Alias {
        arn: a
            .alias_arn()
            .map(str::to_string)
            .unwrap_or_else(|| cx.arn("kms", &name)),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name,
        target_key_id: a.target_key_id().map(str::to_string),
    })
}

async fn read_key(
    cx: &Cx,
    client: &aws_sdk_kms::Client,
    key_id: String,
    arn: Option<String>,
) -> Key {
    let arn = arn.unwrap_or_else(|| cx.arn("kms", &format!("key/{key_id}")));
    let metadata = cx
        .read_if(data::KEY_METADATA, async {
            cx.call(DESCRIBE_KEY, client.describe_key().key_id(&key_id).send())
                .await
                .read(&["NotFoundException"], |o| {
                    o.key_metadata().map(metadata_of)
                })
        })
        .await;
    let policy = cx
        .read_if(data::KEY_POLICY, policy(cx, client, &key_id))
        .await;
    let tags = cx
        .read_if(data::KEY_TAGS, async {
            let listed = client
                .list_resource_tags()
                .key_id(&key_id)
                .into_paginator()
                .items()
                .send()
                .try_collect();
            cx.call(LIST_RESOURCE_TAGS, listed)
                .await
                .tags(data::KEY_TAGS, &arn, &[], |tags| {
                    tags_of(tags.iter().map(|t| (t.tag_key(), t.tag_value())))
                })
        })
        .await;
    let rotation = cx
        .read_if(data::KEY_ROTATION, rotation(cx, client, &key_id, &metadata))
        .await;
    Key {
        arn,
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        key_id,
        metadata,
        policy,
        tags,
        rotation,
    }
}

/// `GetKeyRotationStatus`, unless the key's metadata shows it cannot
/// rotate automatically (AWS managed, asymmetric, HMAC, imported or in a
/// custom key store) or is not enabled: then absent.
async fn rotation(
    cx: &Cx,
    client: &aws_sdk_kms::Client,
    key_id: &str,
    metadata: &Collected<KeyMetadata>,
) -> Collected<KeyRotation> {
    if let Collected::Value(m) = metadata {
        if m.can_rotate() == Some(false) || !m.is_enabled() {
            return Collected::Absent;
        }
    }
    let request = client.get_key_rotation_status().key_id(key_id).send();
    cx.call(GET_KEY_ROTATION_STATUS, request)
        .await
        .read(&["UnsupportedOperationException"], |o| {
            Some(KeyRotation {
                enabled: o.key_rotation_enabled(),
                period_days: o.rotation_period_in_days().map(i64::from),
            })
        })
}

/// `GetKeyPolicy` of the key's `default` policy.
async fn policy(
    cx: &Cx,
    client: &aws_sdk_kms::Client,
    key_id: &str,
) -> Collected<awscheck_model::inventory::PolicyJson> {
    let request = client
        .get_key_policy()
        .key_id(key_id)
        .policy_name("default")
        .send();
    cx.call(GET_KEY_POLICY, request)
        .await
        .read(&[], |o| o.policy().map(policy_json))
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
        origin: m.origin().map(|v| v.as_str().to_string()),
    }
}

/// [`KEY`]: the references the collected section does not resolve, read.
/// An alias that does not exist is recorded with no target; one that could
/// not be described is recorded as pointing at an unreadable key named
/// after the reference.
fn resolve_keys(cx: &Cx, account: &Account, refs: Vec<Reference>) -> Option<BoxFuture<Patch>> {
    let ix = account.kms.as_ref()?.index();
    let todo: Vec<Reference> = refs
        .into_iter()
        .filter(|r| matches!(ix.resolve(&r.id, &r.region), KeyLookup::NotFound))
        .collect();
    crate::references::read_into(cx, todo, resolve_one, |kms: &mut Kms, found| {
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
    })
}

async fn resolve_one(cx: Cx, reference: Reference) -> (Option<Alias>, Option<Key>) {
    let Reference { region, id } = reference;
    let arn = Arn::parse(&id);
    let key_region = arn
        .as_ref()
        .map_or(region.as_str(), |a| a.region)
        .to_string();
    let owner = arn
        .as_ref()
        .map_or(cx.account_id(), |a| a.account)
        .to_string();
    let resource = arn.as_ref().map_or(id.as_str(), |a| a.resource);
    let alias_name = (is_alias(&id) && cx.wants(data::ALIASES)).then(|| resource.to_string());
    let client = sdk_client!(aws_sdk_kms, &cx.session, &key_region);
    let metadata = cx
        .call(DESCRIBE_KEY, client.describe_key().key_id(&id).send())
        .await
        .read(&["NotFoundException"], |o| o.key_metadata().cloned());
    let alias = |target: Option<String>| {
        alias_name.as_ref().map(|name| Alias {
            arn: if arn.is_some() {
                id.clone()
            } else {
                format!("arn:{}:kms:{key_region}:{owner}:{name}", cx.partition())
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
    let key = |key_id: String, arn: Option<String>, account_id: String, metadata, policy| Key {
        arn: arn.unwrap_or_else(|| {
            format!(
                "arn:{}:kms:{key_region}:{account_id}:key/{key_id}",
                cx.partition()
            )
        }),
        region: key_region.clone(),
        account_id,
        key_id,
        metadata: cx.keep(data::KEY_METADATA, metadata),
        policy: cx.keep(data::KEY_POLICY, policy),
        tags: Tags::new(),
        rotation: Collected::default(),
    };
    match metadata {
        Collected::Value(m) => {
            let account_id = m.aws_account_id().unwrap_or(&owner).to_string();
            let key_id = m.key_id().to_string();
            let policy = if !cx.wants(data::KEY_POLICY) {
                Collected::default()
            } else if account_id != cx.account_id() {
                Collected::Error(CollectError::new(
                    "GetKeyPolicy",
                    NOT_COLLECTED,
                    "another account's key policy cannot be read",
                ))
            } else {
                policy(&cx, &client, &key_id).await
            };
            let k = key(
                key_id.clone(),
                m.arn().map(str::to_string),
                account_id,
                Collected::Value(metadata_of(&m)),
                policy,
            );
            (alias(Some(key_id)), Some(k))
        }
        Collected::Absent if alias_name.is_some() => (alias(None), None),
        Collected::Absent if is_alias(&id) => (None, None),
        Collected::Absent => (
            None,
            Some(key(
                key_id_of_ref,
                None,
                owner.clone(),
                Collected::Absent,
                Collected::Absent,
            )),
        ),
        Collected::Error(e) => {
            let key_id = if is_alias(&id) {
                id.clone()
            } else {
                key_id_of_ref
            };
            let k = key(
                key_id.clone(),
                None,
                owner.clone(),
                Collected::Error(e.clone()),
                Collected::Error(e),
            );
            (alias(Some(key_id)), Some(k))
        }
    }
}
