//! KMS: keys (this account's, and other accounts' keys its resources
//! reference) and aliases, through which a key reference (key id, key ARN,
//! alias name or alias ARN) resolves to a key, per region ([`KeyIndex`]).

use super::{resource, CollectError, Collected, PolicyJson, Tags};
use crate::arn::Arn;
use crate::data::Data;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

// What checks can read of the section, one per call (see crate::data).
/// `ListKeys`: keys by id.
pub const KEYS: Data = Data::listing("kms");
/// `DescribeKey`: each key's manager, state and spec.
pub const KEY_METADATA: Data = Data::part("kms", "keys.metadata");
/// `GetKeyPolicy`: each key's policy.
pub const KEY_POLICY: Data = Data::part("kms", "keys.policy");
/// `ListResourceTags`: each key's tags.
pub const KEY_TAGS: Data = Data::part("kms", "keys.tags");
/// `ListAliases`: aliases and their keys.
pub const ALIASES: Data = Data::part("kms", "aliases");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[KEYS, KEY_METADATA, KEY_POLICY, KEY_TAGS, ALIASES];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kms {
    /// This account's keys, and the keys of other accounts its resources
    /// refer to.
    #[serde(default)]
    pub keys: Vec<Key>,
    /// Key references (key id, key ARN, alias name or alias ARN) resolve
    /// through these, per region.
    #[serde(default)]
    pub aliases: Vec<Alias>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Key {
    /// `arn:aws:kms:<region>:<account>:key/<key_id>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub key_id: String,
    /// `DescribeKey`; absent = `NotFoundException` (a referenced key that does not exist).
    #[serde(default)]
    pub metadata: Collected<KeyMetadata>,
    /// `GetKeyPolicy` (policy name `default`).
    #[serde(default)]
    pub policy: Collected<PolicyJson>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Key, tags);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyMetadata {
    /// `CUSTOMER` or `AWS`.
    pub key_manager: String,
    /// `Enabled`, `Disabled`, `PendingDeletion`, `PendingImport`, `Unavailable`, …
    pub key_state: String,
    /// `SYMMETRIC_DEFAULT`, `RSA_2048`, …
    pub key_spec: String,
}

impl KeyMetadata {
    pub fn is_customer_managed(&self) -> bool {
        self.key_manager == "CUSTOMER"
    }
    pub fn is_enabled(&self) -> bool {
        self.key_state == "Enabled"
    }
    pub fn is_symmetric(&self) -> bool {
        self.key_spec == "SYMMETRIC_DEFAULT"
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    /// `arn:aws:kms:<region>:<account>:alias/<name>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `alias/<name>`.
    pub name: String,
    /// Absent for AWS managed aliases that have no key yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_key_id: Option<String>,
}

/// What a key reference resolves to.
#[derive(Debug, Clone, Copy)]
pub enum KeyLookup<'a> {
    /// The key, with its metadata known.
    Found(&'a Key, &'a KeyMetadata),
    /// The reference names no key (DescribeKey `NotFoundException`, or an
    /// alias/key the inventory of that region does not have).
    NotFound,
    /// The key could not be described (e.g. AccessDenied on another account's key).
    Unreadable(&'a Key, &'a CollectError),
}

/// Keys and aliases indexed for resolution.
pub struct KeyIndex<'a> {
    by_region_id: HashMap<(&'a str, &'a str), &'a Key>,
    aliases: HashMap<(&'a str, &'a str), &'a Alias>,
}

impl Kms {
    pub fn index(&self) -> KeyIndex<'_> {
        KeyIndex {
            by_region_id: self
                .keys
                .iter()
                .map(|k| ((k.region.as_str(), k.key_id.as_str()), k))
                .collect(),
            aliases: self
                .aliases
                .iter()
                .map(|a| ((a.region.as_str(), a.name.as_str()), a))
                .collect(),
        }
    }
}

impl<'a> KeyIndex<'a> {
    /// Resolves `reference` as KMS would for a caller in `region`: a key id,
    /// a key ARN, an alias name (`alias/x`) or an alias ARN. ARNs carry their
    /// own region.
    pub fn resolve(&self, reference: &str, region: &str) -> KeyLookup<'a> {
        let (region, resource) = match Arn::parse(reference) {
            Some(arn) if arn.service == "kms" => (arn.region, arn.resource),
            Some(_) => return KeyLookup::NotFound,
            None => (region, reference),
        };
        let key_id = if resource.starts_with("alias/") {
            match self
                .aliases
                .get(&(region, resource))
                .and_then(|a| a.target_key_id.as_deref())
            {
                Some(id) => id,
                None => return KeyLookup::NotFound,
            }
        } else {
            resource.strip_prefix("key/").unwrap_or(resource)
        };
        match self.by_region_id.get(&(region, key_id)) {
            None => KeyLookup::NotFound,
            Some(key) => match &key.metadata {
                Collected::Value(m) => KeyLookup::Found(key, m),
                Collected::Absent => KeyLookup::NotFound,
                Collected::Error(e) => KeyLookup::Unreadable(key, e),
            },
        }
    }
}

/// True when `reference` is an alias (name or ARN) rather than a key id or key ARN.
pub fn is_alias(reference: &str) -> bool {
    reference.starts_with("alias/")
        || Arn::parse(reference).is_some_and(|a| a.resource.starts_with("alias/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(region: &str, id: &str, metadata: Collected<KeyMetadata>) -> Key {
        Key {
            arn: format!("arn:aws:kms:{region}:111122223333:key/{id}"),
            region: region.into(),
            account_id: "111122223333".into(),
            key_id: id.into(),
            metadata,
            policy: Collected::Absent,
            tags: Tags::new(),
        }
    }

    #[test]
    fn resolves_ids_arns_and_aliases_per_region() {
        let meta = KeyMetadata {
            key_manager: "CUSTOMER".into(),
            key_state: "Enabled".into(),
            key_spec: "SYMMETRIC_DEFAULT".into(),
        };
        let kms = Kms {
            keys: vec![
                key("us-east-1", "k1", Collected::Value(meta.clone())),
                key(
                    "eu-west-1",
                    "k2",
                    Collected::Error(CollectError::new("DescribeKey", "AccessDenied", "")),
                ),
            ],
            aliases: vec![Alias {
                arn: "arn:aws:kms:us-east-1:111122223333:alias/app".into(),
                region: "us-east-1".into(),
                account_id: "111122223333".into(),
                name: "alias/app".into(),
                target_key_id: Some("k1".into()),
            }],
        };
        let ix = kms.index();
        assert!(matches!(
            ix.resolve("k1", "us-east-1"),
            KeyLookup::Found(..)
        ));
        assert!(
            matches!(ix.resolve("k1", "eu-west-1"), KeyLookup::NotFound),
            "ids resolve in the caller's region"
        );
        assert!(matches!(
            ix.resolve("arn:aws:kms:us-east-1:111122223333:key/k1", "eu-west-1"),
            KeyLookup::Found(..)
        ));
        assert!(matches!(
            ix.resolve("alias/app", "us-east-1"),
            KeyLookup::Found(..)
        ));
        assert!(matches!(
            ix.resolve("arn:aws:kms:us-east-1:111122223333:alias/app", "x"),
            KeyLookup::Found(..)
        ));
        assert!(matches!(
            ix.resolve("alias/missing", "us-east-1"),
            KeyLookup::NotFound
        ));
        assert!(matches!(
            ix.resolve("k2", "eu-west-1"),
            KeyLookup::Unreadable(..)
        ));
        assert!(is_alias("arn:aws:kms:us-east-1:111122223333:alias/app") && !is_alias("k1"));
    }
}
