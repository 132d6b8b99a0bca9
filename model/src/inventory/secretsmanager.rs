//! Secrets Manager: secrets' rotation, encryption and replication metadata
//! (never their values).

use super::{merge, resource, Collected, PolicyJson, Tags};
use crate::data::Data;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListSecrets`: secrets, their rotation, replication and tags.
pub const SECRETS: Data = Data::listing("secretsmanager");
/// `GetResourcePolicy`: each secret's resource policy.
pub const SECRET_POLICY: Data = Data::part("secretsmanager", "secrets.policy");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[SECRETS, SECRET_POLICY];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretsManager {
    #[serde(default)]
    pub secrets: Vec<SecretEntry>,
}
merge!(SecretsManager { secrets });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretEntry {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    pub rotation_enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_rules: Option<RotationRules>,
    /// The rotation function, looked up in `lambda`; absent for managed
    /// rotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_lambda_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_rotated_date: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_rotation_date: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_date: Option<DateTime<Utc>>,
    /// Set on secrets managed by another service (e.g. `rds`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owning_service: Option<String>,
    /// Absent when the AWS managed key `aws/secretsmanager` is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    /// On replicas (and primaries): the primary's region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_region: Option<String>,
    /// The secret's replicas, one per region.
    #[serde(default)]
    pub replication_status: Vec<ReplicaStatus>,
    /// `GetResourcePolicy`; absent = no resource policy.
    #[serde(default)]
    pub policy: Collected<PolicyJson>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(SecretEntry, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RotationRules {
    /// Rotate every this many days (with or instead of `schedule_expression`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automatically_after_days: Option<i64>,
    /// `rate(10 days)` or `cron(...)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_expression: Option<String>,
    /// `Duration`: the rotation window, `Nh` (1 to 24 hours); rotation
    /// happens any time within it after each scheduled start. Absent: one
    /// hour for `rate(N hours)`, else until the end of the UTC day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplicaStatus {
    pub region: String,
    /// `InSync`, `Failed` or `InProgress`.
    pub status: String,
}
