//! Tunables of the checks, with the catalog's defaults. Every field can be set
//! in the `[settings]` table of `awscheck.toml`; unknown keys are errors.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Tag key that marks production resources.
    pub prod_tag_key: String,
    /// Values of `prod_tag_key` that mean production (case-insensitive).
    pub prod_tag_values: Vec<String>,
    /// Name fragments that mean production when the tag is absent
    /// (matched as a whole `-`/`_`/`.`-separated word, case-insensitive).
    pub prod_name_words: Vec<String>,
    /// `cloudformation-stack-drift`: a drift status older than this is stale.
    pub max_drift_age_hours: i64,
    /// `cloudformation-stack-drift`: benign drift to ignore, as `ResourceType` → property paths.
    pub drift_ignore: BTreeMap<String, Vec<String>>,
    /// `ssm-managed-instances`: how long a running instance may take to register.
    pub ssm_grace_minutes: i64,
    /// `ssm-patch-compliance`: a patch scan older than this is stale.
    pub max_patch_scan_age_days: i64,
    /// `ssm-patch-compliance`: lowest compliance severity that fails (`CRITICAL`, `HIGH`, `MEDIUM`, `LOW`, `INFORMATIONAL`, `UNSPECIFIED`).
    pub patch_severity_threshold: String,
    /// `secretsmanager-rotation`: longest acceptable rotation interval.
    pub max_rotation_days: i64,
    /// `secretsmanager-rotation`: slack after the interval before rotation counts as failing.
    pub rotation_grace_days: i64,
    /// `codepipeline-artifacts-kms`: a store without a customer-managed key is a FAIL, not advisory;
    /// `secretsmanager-rotation`: a secret on the AWS managed key gets the advisory even when not shared.
    pub require_cmk: bool,
    /// `s3-access-logging`: CloudTrail S3 data events covering a bucket count as PASS (else advisory).
    pub accept_data_events: bool,
    /// `dynamodb-pitr`: evaluate production tables only.
    pub pitr_prod_only: bool,
    /// `cloudtrail-metric-filter-alarms`: events that must raise an alarm (FAIL when not covered).
    pub critical_events: Vec<String>,
    /// `cloudtrail-metric-filter-alarms`: events that should raise an alarm (advisory when not covered).
    pub advisory_events: Vec<String>,
    /// `config-remediation`: Config rule name → the SSM Automation document that remediates it.
    pub remediable_rules: BTreeMap<String, String>,
    /// `config-remediation`: actions each remediation document needs its role to allow.
    pub remediation_actions: BTreeMap<String, Vec<String>>,
    /// `config-remediation`: a failed remediation within this many days is advisory.
    pub remediation_failure_days: i64,
}

impl Default for Settings {
    fn default() -> Self {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Settings {
            prod_tag_key: "Environment".into(),
            prod_tag_values: strings(&["prod", "production", "prd"]),
            prod_name_words: strings(&["prod", "production", "prd"]),
            max_drift_age_hours: 24,
            drift_ignore: BTreeMap::new(),
            ssm_grace_minutes: 15,
            max_patch_scan_age_days: 7,
            patch_severity_threshold: "HIGH".into(),
            max_rotation_days: 90,
            rotation_grace_days: 7,
            require_cmk: false,
            accept_data_events: false,
            pitr_prod_only: false,
            critical_events: strings(&["DeleteBucket"]),
            advisory_events: strings(&[
                "StopLogging",
                "DeleteTrail",
                "UpdateTrail",
                "ConsoleLogin",
                "PutBucketPolicy",
                "DeleteFlowLogs",
                "DisableKey",
                "ScheduleKeyDeletion",
                "AuthorizeSecurityGroupIngress",
                "StopConfigurationRecorder",
                "PutUserPolicy",
            ]),
            remediable_rules: BTreeMap::from([(
                "s3-bucket-logging-enabled".to_string(),
                "AWS-ConfigureS3BucketLogging".to_string(),
            )]),
            remediation_actions: BTreeMap::from([(
                "AWS-ConfigureS3BucketLogging".to_string(),
                strings(&["s3:PutBucketLogging", "s3:GetBucketLogging"]),
            )]),
            remediation_failure_days: 7,
        }
    }
}

impl Settings {
    /// Production by tag (`prod_tag_key` ∈ `prod_tag_values`), else by a name word.
    pub fn is_production(&self, tags: Option<&crate::inventory::Tags>, name: &str) -> bool {
        if let Some(value) = tags.and_then(|t| {
            t.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(&self.prod_tag_key))
                .map(|(_, v)| v)
        }) {
            return self
                .prod_tag_values
                .iter()
                .any(|p| p.eq_ignore_ascii_case(value.trim()));
        }
        name.split(['-', '_', '.', '/', ' ']).any(|word| {
            self.prod_name_words
                .iter()
                .any(|p| p.eq_ignore_ascii_case(word))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::Tags;

    #[test]
    fn production_by_tag_then_by_name_word() {
        let s = Settings::default();
        let tagged = |v: &str| Tags::from([("environment".to_string(), v.to_string())]);
        assert!(s.is_production(Some(&tagged("Prod")), "anything"));
        assert!(
            !s.is_production(Some(&tagged("dev")), "orders-prod"),
            "the tag wins over the name"
        );
        assert!(s.is_production(None, "orders-prod-db"));
        assert!(
            !s.is_production(None, "product-catalog"),
            "a word, not a substring"
        );
    }
}
