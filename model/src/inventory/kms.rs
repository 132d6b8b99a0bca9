//! KMS: keys (this account's, and other accounts' keys its resources
//! reference) and aliases, through which a key reference (key id, key ARN,
//! alias name or alias ARN) resolves to a key, per region ([`KeyIndex`]).

use super::{merge, resource, CollectError, Collected, PolicyJson, Tags};
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
merge!(Kms { keys, aliases });

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
    /// A call said there is no such key: `DescribeKey` answered
    /// `NotFoundException`, or the alias is recorded without a key (for an
    /// AWS managed alias, `alias/aws/…`: AWS has not created it yet).
    Absent,
    /// The inventory has no such key or alias in that region and account.
    NotFound,
    /// The key could not be described (e.g. AccessDenied on another account's key).
    Unreadable(&'a Key, &'a CollectError),
}

/// Keys and aliases indexed for resolution.
pub struct KeyIndex<'a> {
    /// Keys by (region, key id), of every account that has one there.
    keys: HashMap<(&'a str, &'a str), Vec<&'a Key>>,
    /// Aliases by (region, name), of every account that has one there.
    aliases: HashMap<(&'a str, &'a str), Vec<&'a Alias>>,
}

impl Kms {
    pub fn index(&self) -> KeyIndex<'_> {
        let mut keys: HashMap<(&str, &str), Vec<&Key>> = HashMap::new();
        for k in &self.keys {
            keys.entry((&k.region, &k.key_id)).or_default().push(k);
        }
        let mut aliases: HashMap<(&str, &str), Vec<&Alias>> = HashMap::new();
        for a in &self.aliases {
            aliases.entry((&a.region, &a.name)).or_default().push(a);
        }
        KeyIndex { keys, aliases }
    }
}

impl<'a> KeyIndex<'a> {
    /// Resolves `reference` as KMS would for a caller in `region` of
    /// `account`: a key id, a key ARN, an alias name (`alias/x`) or an alias
    /// ARN. A key id or alias name is the caller's; an ARN carries its own
    /// region and account, and an alias names a key of its own account.
    pub fn resolve_in(&self, reference: &str, region: &str, account: &str) -> KeyLookup<'a> {
        self.find(reference, region, Some(account))
    }

    /// [`KeyIndex::resolve_in`] for a caller whose account is not known (the
    /// collector asking whether a reference is already in the section): a
    /// key id or alias name matches the first one of that name listed in
    /// `region`, whatever its account. ARNs still match their own account.
    pub fn resolve(&self, reference: &str, region: &str) -> KeyLookup<'a> {
        self.find(reference, region, None)
    }

    fn find(&self, reference: &str, region: &str, caller: Option<&str>) -> KeyLookup<'a> {
        let (region, account, resource) = match Arn::parse(reference) {
            Some(arn) if arn.service == "kms" => (arn.region, Some(arn.account), arn.resource),
            Some(_) => return KeyLookup::NotFound,
            None => (region, caller, reference),
        };
        let of_account = |owner: &str| account.is_none_or(|a| a == owner);
        let (key_id, account) = if resource.starts_with("alias/") {
            let alias = self
                .aliases
                .get(&(region, resource))
                .and_then(|found| found.iter().find(|a| of_account(&a.account_id)));
            let Some(alias) = alias else {
                return KeyLookup::NotFound;
            };
            match alias.target_key_id.as_deref() {
                Some(id) => (id, Some(alias.account_id.as_str())),
                None => return KeyLookup::Absent,
            }
        } else {
            (resource.strip_prefix("key/").unwrap_or(resource), account)
        };
        let of_account = |owner: &str| account.is_none_or(|a| a == owner);
        let key = self
            .keys
            .get(&(region, key_id))
            .and_then(|found| found.iter().find(|k| of_account(&k.account_id)));
        match key {
            None => KeyLookup::NotFound,
            Some(key) => match &key.metadata {
                Collected::Value(m) => KeyLookup::Found(key, m),
                Collected::Absent => KeyLookup::Absent,
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

    /// Alias `name` of `account` in us-east-1, naming key `target`.
    fn alias(account: &str, name: &str, target: &str) -> Alias {
        Alias {
            arn: format!("arn:aws:kms:us-east-1:{account}:{name}"),
            region: "us-east-1".into(),
            account_id: account.into(),
            name: name.into(),
            target_key_id: Some(target.into()),
        }
    }

    /// A customer managed symmetric key's metadata in `state`.
    fn meta(state: &str) -> Collected<KeyMetadata> {
        Collected::Value(KeyMetadata {
            key_manager: "CUSTOMER".into(),
            key_state: state.into(),
            key_spec: "SYMMETRIC_DEFAULT".into(),
        })
    }

    #[test]
    fn resolves_ids_arns_and_aliases_per_region() {
        let kms = Kms {
            keys: vec![
                key("us-east-1", "k1", meta("Enabled")),
                key(
                    "eu-west-1",
                    "k2",
                    Collected::Error(CollectError::new("DescribeKey", "AccessDenied", "")),
                ),
            ],
            aliases: vec![alias("111122223333", "alias/app", "k1")],
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

    #[test]
    fn keys_resolve_in_their_own_account() {
        let mut theirs = key("us-east-1", "k1", meta("Disabled"));
        theirs.account_id = "444455556666".into();
        theirs.arn = "arn:aws:kms:us-east-1:444455556666:key/k1".into();
        let kms = Kms {
            keys: vec![key("us-east-1", "k1", meta("Enabled")), theirs],
            aliases: vec![alias("444455556666", "alias/shared", "k1")],
        };
        let ix = kms.index();
        let owner = |l: KeyLookup| match l {
            KeyLookup::Found(k, m) => format!("{} {}", k.account_id, m.key_state),
            other => format!("{other:?}"),
        };
        let mine = ("us-east-1", "111122223333");
        assert_eq!(
            owner(ix.resolve_in("k1", mine.0, mine.1)),
            "111122223333 Enabled"
        );
        assert_eq!(
            owner(ix.resolve_in("arn:aws:kms:us-east-1:444455556666:key/k1", mine.0, mine.1)),
            "444455556666 Disabled",
            "another account's key ARN with a local key's id is the other account's key"
        );
        assert!(matches!(
            ix.resolve_in("arn:aws:kms:us-east-1:999988887777:key/k1", mine.0, mine.1),
            KeyLookup::NotFound
        ));
        assert_eq!(
            owner(ix.resolve_in(
                "arn:aws:kms:us-east-1:444455556666:alias/shared",
                mine.0,
                mine.1
            )),
            "444455556666 Disabled",
            "an alias names a key of its own account"
        );
        assert!(
            matches!(
                ix.resolve_in("alias/shared", mine.0, mine.1),
                KeyLookup::NotFound
            ),
            "an alias name is the caller's"
        );
        assert!(matches!(
            ix.resolve("arn:aws:kms:us-east-1:999988887777:key/k1", "us-east-1"),
            KeyLookup::NotFound
        ));
    }
}
