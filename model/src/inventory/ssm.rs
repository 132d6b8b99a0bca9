//! Systems Manager: managed instances (`DescribeInstanceInformation`) with
//! their patch state, the per-region default host management setting, the
//! Automation documents other resources reference, Parameter Store
//! parameters (metadata, and `String` values redacted), and the Session
//! Manager preferences.

use super::{merge, resource, Collected};
use crate::data::Data;
use crate::secret::Secret;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeInstanceInformation`: managed nodes and their agent.
pub const MANAGED_INSTANCES: Data = Data::listing("ssm");
/// `DescribeInstancePatchStates`: each node's last patch operation.
pub const PATCH_STATE: Data = Data::part("ssm", "managed_instances.patch_state");
/// `ListResourceComplianceSummaries`: each node's patch compliance.
pub const PATCH_COMPLIANCE: Data = Data::part("ssm", "managed_instances.patch_compliance");
/// `GetServiceSetting`: the default host management role in each region.
pub const DHMC: Data = Data::part("ssm", "regions");
/// `DescribeDocument`: the SSM documents other resources name.
pub const DOCUMENTS: Data = Data::part("ssm", "documents");
/// `DescribeParameters`: Parameter Store parameters (metadata only).
pub const PARAMETERS: Data = Data::part("ssm", "parameters");
/// `GetParameters` (without decryption, ten a call): the values of `String`
/// and `StringList` parameters, redacted.
pub const PARAMETER_VALUES: Data = Data::part("ssm", "parameters.value");
/// `GetDocument` `SSM-SessionManagerRunShell`: the Session Manager
/// preferences of each region.
pub const SESSION_PREFERENCES: Data = Data::part("ssm", "session_preferences");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    MANAGED_INSTANCES,
    PATCH_STATE,
    PATCH_COMPLIANCE,
    DHMC,
    DOCUMENTS,
    PARAMETERS,
    PARAMETER_VALUES,
    SESSION_PREFERENCES,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ssm {
    /// Managed nodes (`DescribeInstanceInformation`); no `tags`.
    #[serde(default)]
    pub managed_instances: Vec<ManagedInstance>,
    /// One entry per collected region.
    #[serde(default)]
    pub regions: Vec<SsmRegion>,
    /// The Automation documents referenced by other resources (Config
    /// remediations), by name. No `arn`.
    #[serde(default)]
    pub documents: Vec<Document>,
    /// Parameter Store parameters (`DescribeParameters`).
    #[serde(default)]
    pub parameters: Vec<Parameter>,
    /// One entry per collected region.
    #[serde(default)]
    pub session_preferences: Vec<SessionPreferences>,
}
merge!(Ssm {
    managed_instances,
    regions,
    documents,
    parameters,
    session_preferences
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManagedInstance {
    /// `arn:aws:ssm:<region>:<account>:managed-instance/<id>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `i-…` for EC2 (matched with `ec2.instances`), `mi-…` for hybrid nodes.
    pub instance_id: String,
    /// `Online`, `ConnectionLost` or `Inactive`.
    pub ping_status: String,
    /// The SSM Agent version is the latest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_latest_version: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_ping: Option<DateTime<Utc>>,
    /// `DescribeInstancePatchStates`; absent = never scanned.
    #[serde(default)]
    pub patch_state: Collected<PatchState>,
    /// The `Patch` compliance summary (`ListResourceComplianceSummaries`,
    /// ComplianceType `Patch`); absent = no summary.
    #[serde(default)]
    pub patch_compliance: Collected<ComplianceSummary>,
}
resource!(ManagedInstance);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatchState {
    pub missing_count: i64,
    pub failed_count: i64,
    #[serde(default)]
    pub installed_pending_reboot_count: i64,
    #[serde(default)]
    pub installed_rejected_count: i64,
    pub operation_end_time: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplianceSummary {
    /// `COMPLIANT` or `NON_COMPLIANT`.
    pub status: String,
    /// Highest severity among non-compliant items: `CRITICAL`, `HIGH`, `MEDIUM`,
    /// `LOW`, `INFORMATIONAL`, `UNSPECIFIED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall_severity: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SsmRegion {
    pub region: String,
    /// `GetServiceSetting /ssm/managed-instance/default-ec2-instance-management-role`:
    /// the Default Host Management Configuration (DHMC) role name; absent =
    /// not set.
    #[serde(default)]
    pub dhmc_role: Collected<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub region: String,
    pub name: String,
    /// `DescribeDocument`; absent = `InvalidDocument` (the document does not
    /// exist).
    #[serde(default)]
    pub info: Collected<DocumentInfo>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentInfo {
    /// `Automation`, `Command`, …
    pub document_type: String,
    pub latest_version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_version: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// `arn:aws:ssm:<region>:<account>:parameter/<name without its leading slash>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `String`, `StringList` or `SecureString`.
    #[serde(rename = "type")]
    pub parameter_type: String,
    /// A `SecureString`'s KMS key (`alias/aws/ssm` for the AWS managed key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// `Standard`, `Advanced` or `Intelligent-Tiering`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// The parameter policies' types (`Expiration`, `ExpirationNotification`,
    /// `NoChangeNotification`).
    #[serde(default)]
    pub policies: Vec<String>,
    /// `GetParameters`: a `String` or `StringList` parameter's value,
    /// redacted; absent for a `SecureString` (never read).
    #[serde(default)]
    pub value: Collected<Secret>,
}
resource!(Parameter);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionPreferences {
    pub region: String,
    /// The `SSM-SessionManagerRunShell` document's `inputs`; absent = no
    /// such document (`InvalidDocument`: the preferences were never saved).
    #[serde(default)]
    pub settings: Collected<SessionSettings>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionSettings {
    /// `s3BucketName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_bucket_name: Option<String>,
    /// `s3EncryptionEnabled`.
    #[serde(default)]
    pub s3_encryption_enabled: bool,
    /// `cloudWatchLogGroupName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloudwatch_log_group_name: Option<String>,
    /// `cloudWatchEncryptionEnabled`.
    #[serde(default)]
    pub cloudwatch_encryption_enabled: bool,
    /// `kmsKeyId`: the key that encrypts session data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    /// `idleSessionTimeout`, in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idle_session_timeout: Option<String>,
    /// `runAsEnabled`.
    #[serde(default)]
    pub run_as_enabled: bool,
}
