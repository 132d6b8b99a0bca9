//! Tunables of the checks: lists, patterns and thresholds a team may set
//! differently from the catalog's defaults, under `[settings]` in
//! `awscheck.toml`.
//!
//! A tunable is a [`Setting`], declared as a `static` next to the check
//! that reads it (or here, when several checks share it: production
//! scoping, whose three settings every production-scoped check lists, and
//! `require_cmk`), and listed in that check's `settings` so that
//! its page documents it and its value is validated:
//!
//! ```ignore
//! static MAX_DRIFT_AGE_HOURS: Setting<i64> = Setting::new(
//!     "max_drift_age_hours",
//!     "A recorded drift status older than this many hours is stale.",
//!     "24",
//!     at_least_one,
//! );
//! // in run(): let max_age = ctx.setting(&MAX_DRIFT_AGE_HOURS);
//! ```
//!
//! A value is checked when it is set (from awscheck.toml or a check case):
//! its type comes from the setting's Rust type, its range from `valid`; an
//! unknown key is an error with the nearest known key. A setting that is
//! not set reads as its default (JSON text: `24`, `["prod", "prd"]`), which
//! a registry test parses and validates for every setting.

use crate::inventory::Tags;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeMap;
use std::marker::PhantomData;

/// A tunable of type `T`.
pub struct Setting<T: 'static> {
    key: &'static str,
    doc: &'static str,
    default: &'static str,
    valid: fn(&T) -> Result<(), String>,
    ty: PhantomData<T>,
}

impl<T> Setting<T> {
    /// `key` under `[settings]` (snake_case); `doc`, what it tunes in a
    /// sentence (shown on the pages of the checks that read it); `default`,
    /// the catalog's default as JSON text; `valid` rejects a value of the
    /// right type that is still wrong (a zero age, an unknown severity), its
    /// `Err` saying what is expected.
    pub const fn new(
        key: &'static str,
        doc: &'static str,
        default: &'static str,
        valid: fn(&T) -> Result<(), String>,
    ) -> Setting<T> {
        Setting {
            key,
            doc,
            default,
            valid,
            ty: PhantomData,
        }
    }
}

/// Any value of its type is valid.
pub fn any<T>(_: &T) -> Result<(), String> {
    Ok(())
}

/// A count or an age of at least one.
pub fn at_least_one(v: &i64) -> Result<(), String> {
    if *v >= 1 {
        Ok(())
    } else {
        Err(format!("expected a whole number of at least 1, got {v}"))
    }
}

/// A count or an age that may be zero.
pub fn zero_or_more(v: &i64) -> Result<(), String> {
    if *v >= 0 {
        Ok(())
    } else {
        Err(format!("expected a whole number of at least 0, got {v}"))
    }
}

/// An AWS account id (12 digits), or empty for "not set".
#[allow(clippy::ptr_arg, reason = "a validator takes &T, here T = String")]
pub fn account_id_or_empty(v: &String) -> Result<(), String> {
    if v.is_empty() || crate::arn::is_account_id(v) {
        Ok(())
    } else {
        Err(format!("expected a 12-digit account id or \"\", got {v:?}"))
    }
}

/// A list of AWS account ids (12 digits each).
#[allow(clippy::ptr_arg, reason = "a validator takes &T, here T = Vec<String>")]
pub fn account_ids(v: &Vec<String>) -> Result<(), String> {
    match v.iter().find(|a| !crate::arn::is_account_id(a)) {
        Some(bad) => Err(format!("expected 12-digit account ids, got {bad:?}")),
        None => Ok(()),
    }
}

/// For a validator of a list whose items must be among `allowed` (compared
/// ignoring case): `fn v(x: &Vec<String>) -> Result<(), String> { among(x, ALLOWED, "sources") }`.
pub fn among(v: &[String], allowed: &[&str], what: &str) -> Result<(), String> {
    match v
        .iter()
        .find(|s| !allowed.iter().any(|a| a.eq_ignore_ascii_case(s)))
    {
        Some(other) => Err(format!(
            "expected {what} among {}, got {other:?}",
            allowed.join(", ")
        )),
        None => Ok(()),
    }
}

/// A list of name patterns (or names), none of them blank.
#[allow(clippy::ptr_arg, reason = "a validator takes &T, here T = Vec<String>")]
pub fn patterns(v: &Vec<String>) -> Result<(), String> {
    match v.iter().position(|p| p.trim().is_empty()) {
        Some(i) => Err(format!(
            "expected non-empty patterns, item {} is blank",
            i + 1
        )),
        None => Ok(()),
    }
}

/// A setting of any type, as the registry, the config loader and the docs see it.
pub trait Tunable: Sync {
    fn key(&self) -> &'static str;
    fn doc(&self) -> &'static str;
    /// The default, as JSON text.
    fn default_text(&self) -> &'static str;
    /// Checks a value's type and range; `Err` says what is expected.
    fn check(&self, value: &Value) -> Result<(), String>;
}

impl<T: DeserializeOwned + Default + Sync + 'static> Tunable for Setting<T> {
    fn key(&self) -> &'static str {
        self.key
    }

    fn doc(&self) -> &'static str {
        self.doc
    }

    fn default_text(&self) -> &'static str {
        self.default
    }

    fn check(&self, value: &Value) -> Result<(), String> {
        let typed: T = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
        (self.valid)(&typed)
    }
}

/// The values set for the tunables; a tunable not set reads as its default.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    values: BTreeMap<&'static str, Value>,
}

/// Why a value could not be set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingError {
    /// No check has a setting of this key; the nearest known key, if close.
    Unknown {
        key: String,
        nearest: Option<&'static str>,
    },
    /// The value does not fit: `settings.KEY: what was expected`.
    Invalid { key: &'static str, message: String },
}

impl std::fmt::Display for SettingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SettingError::Unknown { key, nearest } => {
                write!(f, "unknown setting {key:?}")?;
                if let Some(n) = nearest {
                    write!(f, " (did you mean {n:?}?)")?;
                }
                Ok(())
            }
            SettingError::Invalid { key, message } => write!(f, "settings.{key}: {message}"),
        }
    }
}

impl Settings {
    /// Sets `key` after checking it names one of the `known` settings
    /// (`registry::settings()`: every check's) and that `value` fits it.
    pub fn set(
        &mut self,
        known: &[&'static dyn Tunable],
        key: &str,
        value: Value,
    ) -> Result<(), SettingError> {
        let Some(setting) = known.iter().copied().find(|s| s.key() == key) else {
            return Err(SettingError::Unknown {
                key: key.to_string(),
                nearest: nearest(key, known.iter().map(|s| s.key())),
            });
        };
        setting
            .check(&value)
            .map_err(|message| SettingError::Invalid {
                key: setting.key(),
                message,
            })?;
        self.values.insert(setting.key(), value);
        Ok(())
    }

    /// The value of `setting`: the one set, else its default.
    pub fn get<T: DeserializeOwned + Default>(&self, setting: &Setting<T>) -> T {
        let parsed = match self.values.get(setting.key) {
            Some(v) => serde_json::from_value(v.clone()),
            None => serde_json::from_str(setting.default),
        };
        // Set values were checked against `T`, and a registry test parses
        // every default: the fallback is unreachable.
        parsed.unwrap_or_default()
    }

    /// The keys set explicitly, with their values.
    pub fn values(&self) -> impl Iterator<Item = (&'static str, &Value)> {
        self.values.iter().map(|(k, v)| (*k, v))
    }
}

/// The candidate within two edits of `key`, if exactly one is nearest.
fn nearest(key: &str, candidates: impl Iterator<Item = &'static str>) -> Option<&'static str> {
    let mut best: Option<(usize, &'static str)> = None;
    for c in candidates {
        let d = edit_distance(key, c);
        if d <= 2 && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// `prod_tag_key`: the tag that marks production resources.
pub static PROD_TAG_KEY: Setting<String> = Setting::new(
    "prod_tag_key",
    "Production scoping: the tag key that marks production resources (compared case-insensitively).",
    r#""Environment""#,
    non_empty,
);

/// `prod_tag_values`: the values of that tag that mean production.
pub static PROD_TAG_VALUES: Setting<Vec<String>> = Setting::new(
    "prod_tag_values",
    "Production scoping: values of the production tag that mean production (case-insensitive).",
    r#"["prod", "production", "prd"]"#,
    any,
);

/// `prod_name_words`: name words that mean production when the tag is absent.
pub static PROD_NAME_WORDS: Setting<Vec<String>> = Setting::new(
    "prod_name_words",
    "Production scoping: words of a resource's name (split at `-`, `_`, `.`, `/` and spaces) that mean production when the production tag is absent (case-insensitive).",
    r#"["prod", "production", "prd"]"#,
    any,
);

/// `trusted_accounts`: accounts besides the scanned one that resource
/// policies may grant.
pub static TRUSTED_ACCOUNTS: Setting<Vec<String>> = Setting::new(
    "trusted_accounts",
    "Account ids (12 digits), besides the scanned account, that resource policies may grant: event bus policies may let them put events (a grant to any other account is an advisory, `eventbridge-bus-policy-scoped`); CodeArtifact domain and repository policies may let them publish (a write grant to any other account fails, a read grant is an advisory, `codeartifact-policy-scoped`). A grant to the organization (aws:PrincipalOrgID) needs no entry.",
    "[]",
    account_ids,
);

/// `log_archive_account_id`: the organization's central logging account.
pub static LOG_ARCHIVE_ACCOUNT_ID: Setting<String> = Setting::new(
    "log_archive_account_id",
    "The 12-digit id of the log-archive (central logging) account: a trail's bucket in another account counts as central only when its name carries this id (`cloudtrail-org-central`); log groups must stream to a destination or stream of this account (`logs-central-subscription`). Empty: not set (another account's bucket or destination is an advisory).",
    r#""""#,
    account_id_or_empty,
);

/// Customer-managed keys are required where the checks would otherwise
/// accept an AWS managed key with an advisory.
pub static REQUIRE_CMK: Setting<bool> = Setting::new(
    "require_cmk",
    "Require customer-managed KMS keys: an artifact store on the AWS managed key is a FAIL rather than an advisory (`codepipeline-artifacts-kms`), a secret on the AWS managed key gets the advisory even when it is not shared (`secretsmanager-rotation`), and so do build artifacts on `aws/s3` (`codebuild-artifacts-encrypted`), a SecureString parameter (`ssm-parameter-securestring`) and a Kinesis stream (`kinesis-stream-encryption`) on the AWS managed key.",
    "false",
    any,
);

/// `max_ami_age_days`: how old an AMI may be before it is stale.
pub static MAX_AMI_AGE_DAYS: Setting<i64> = Setting::new(
    "max_ami_age_days",
    "The age in days (from the AMI's CreationDate) beyond which an AMI in use is stale: an advisory.",
    "30",
    at_least_one,
);

#[allow(clippy::ptr_arg, reason = "a validator takes &T, here T = String")]
fn non_empty(s: &String) -> Result<(), String> {
    if s.trim().is_empty() {
        Err("expected a non-empty string".into())
    } else {
        Ok(())
    }
}

/// Decides whether a resource is production: by the production tag when
/// the resource has it, else by a word of its name. Built once per check
/// run ([`crate::engine::Context::production`]).
pub struct Production {
    tag_key: String,
    tag_values: Vec<String>,
    name_words: Vec<String>,
}

impl Production {
    pub fn new(settings: &Settings) -> Production {
        Production {
            tag_key: settings.get(&PROD_TAG_KEY),
            tag_values: settings.get(&PROD_TAG_VALUES),
            name_words: settings.get(&PROD_NAME_WORDS),
        }
    }

    /// Production by tag (the key in any case, a listed value), else by a name word.
    pub fn is_production(&self, tags: Option<&Tags>, name: &str) -> bool {
        if let Some(value) = tags.and_then(|t| {
            t.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(&self.tag_key))
                .map(|(_, v)| v)
        }) {
            return self
                .tag_values
                .iter()
                .any(|p| p.eq_ignore_ascii_case(value.trim()));
        }
        name.split(['-', '_', '.', '/', ' '])
            .any(|word| self.name_words.iter().any(|p| p.eq_ignore_ascii_case(word)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn production_by_tag_then_by_name_word() {
        let p = Production::new(&Settings::default());
        let tagged = |v: &str| Tags::from([("environment".to_string(), v.to_string())]);
        assert!(p.is_production(Some(&tagged("Prod")), "anything"));
        assert!(
            !p.is_production(Some(&tagged("dev")), "orders-prod"),
            "the tag wins over the name"
        );
        assert!(p.is_production(None, "orders-prod-db"));
        assert!(
            !p.is_production(None, "product-catalog"),
            "a word, not a substring"
        );
    }

    #[test]
    fn values_are_checked_when_set_and_read_back() {
        let mut s = Settings::default();
        assert_eq!(s.get(&PROD_TAG_KEY), "Environment");
        s.set(crate::registry::settings(), "prod_tag_key", json!("Stage"))
            .unwrap();
        assert_eq!(s.get(&PROD_TAG_KEY), "Stage");
        assert_eq!(
            s.set(crate::registry::settings(), "prod_tag_key", json!(""))
                .unwrap_err()
                .to_string(),
            "settings.prod_tag_key: expected a non-empty string"
        );
        assert_eq!(
            s.set(
                crate::registry::settings(),
                "prod_tag_values",
                json!("prod")
            )
            .unwrap_err()
            .to_string(),
            "settings.prod_tag_values: invalid type: string \"prod\", expected a sequence"
        );
        assert_eq!(
            s.set(crate::registry::settings(), "prod_tag_kye", json!("x"))
                .unwrap_err()
                .to_string(),
            "unknown setting \"prod_tag_kye\" (did you mean \"prod_tag_key\"?)"
        );
        assert!(matches!(
            s.set(crate::registry::settings(), "nothing_like_it", json!(1)),
            Err(SettingError::Unknown { nearest: None, .. })
        ));
    }

    #[test]
    fn list_settings_reject_blank_patterns_and_unknown_sources() {
        let mut s = Settings::default();
        let known = crate::registry::settings();
        assert_eq!(
            s.set(known, "service_owned_stacks", json!(["awseb-*", " "]))
                .unwrap_err()
                .to_string(),
            "settings.service_owned_stacks: expected non-empty patterns, item 2 is blank"
        );
        assert_eq!(
            s.set(
                known,
                "allowed_management_exclusions",
                json!(["s3.amazonaws.com"])
            )
            .unwrap_err()
            .to_string(),
            "settings.allowed_management_exclusions: expected sources among kms.amazonaws.com, rdsdata.amazonaws.com, got \"s3.amazonaws.com\""
        );
        s.set(
            known,
            "allowed_management_exclusions",
            json!(["RDSDATA.amazonaws.com"]),
        )
        .unwrap();
    }

    #[test]
    fn every_default_parses_and_is_valid() {
        for s in crate::registry::settings() {
            let value: Value = serde_json::from_str(s.default_text())
                .unwrap_or_else(|e| panic!("{}: default {:?}: {e}", s.key(), s.default_text()));
            s.check(&value)
                .unwrap_or_else(|e| panic!("{}: default is invalid: {e}", s.key()));
            assert!(!s.doc().is_empty(), "{}: doc", s.key());
        }
    }
}
