//! AWS AppConfig, per region: every application's configuration profiles
//! (their type and validators) and environments (their CloudWatch alarm
//! monitors, their most recent deployment and its strategy), with tags.

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListApplications`, then per application `ListConfigurationProfiles`
/// (their types and validator types) and `ListEnvironments` (their
/// monitors), all paged.
pub const APPLICATIONS: Data = Data::listing("appconfig");
/// `ListTagsForResource`: each configuration profile's tags.
pub const PROFILE_TAGS: Data = Data::part("appconfig", "configuration_profiles.tags");
/// `ListDeployments` (newest first), then `GetDeployment` of the newest:
/// each environment's most recent deployment and the strategy it used.
pub const LATEST_DEPLOYMENT: Data = Data::part("appconfig", "environments.latest_deployment");
/// `ListTagsForResource`: each environment's tags.
pub const ENVIRONMENT_TAGS: Data = Data::part("appconfig", "environments.tags");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    APPLICATIONS,
    PROFILE_TAGS,
    LATEST_DEPLOYMENT,
    ENVIRONMENT_TAGS,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppConfig {
    #[serde(default)]
    pub configuration_profiles: Vec<ConfigurationProfile>,
    #[serde(default)]
    pub environments: Vec<Environment>,
}
merge!(AppConfig {
    configuration_profiles,
    environments
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigurationProfile {
    /// `arn:aws:appconfig:REGION:ACCOUNT:application/APP_ID/configurationprofile/ID`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `Name`.
    pub name: String,
    /// `Id`.
    pub id: String,
    /// The application's `Id`.
    pub application_id: String,
    /// The application's `Name`.
    pub application_name: String,
    /// `Type`: `AWS.Freeform` (also when not reported) or
    /// `AWS.AppConfig.FeatureFlags`.
    pub profile_type: String,
    /// `ValidatorTypes`: `JSON_SCHEMA` and/or `LAMBDA`; empty = no
    /// validator.
    #[serde(default)]
    pub validator_types: Vec<String>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(ConfigurationProfile, tags in PROFILE_TAGS);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    /// `arn:aws:appconfig:REGION:ACCOUNT:application/APP_ID/environment/ID`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `Name`.
    pub name: String,
    /// `Id`.
    pub id: String,
    /// The application's `Id`.
    pub application_id: String,
    /// The application's `Name`.
    pub application_name: String,
    /// `State`: `READY_FOR_DEPLOYMENT`, `DEPLOYING`, `ROLLING_BACK`,
    /// `ROLLED_BACK`, `REVERTED`.
    pub state: String,
    /// `Monitors`: the CloudWatch alarms AppConfig watches during a
    /// deployment, rolling back when one fires; empty = none.
    #[serde(default)]
    pub monitors: Vec<Monitor>,
    /// The most recent deployment (highest `DeploymentNumber`); absent =
    /// nothing was ever deployed to the environment.
    #[serde(default)]
    pub latest_deployment: Collected<Deployment>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Environment, tags in ENVIRONMENT_TAGS);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Monitor {
    /// `AlarmArn`: the CloudWatch alarm, looked up in `cloudwatch.alarms`.
    pub alarm_arn: String,
    /// `AlarmRoleArn`: the role AppConfig reads the alarm with; absent when
    /// none is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_role_arn: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deployment {
    /// `DeploymentNumber`.
    pub number: i64,
    /// `DeploymentStrategyId`: a predefined strategy's name
    /// (`AppConfig.AllAtOnce`, `AppConfig.Linear50PercentEvery30Seconds`,
    /// `AppConfig.Canary10Percent20Minutes`) or a custom strategy's id.
    pub strategy_id: String,
    /// `DeploymentDurationInMinutes`: how long the rollout to every target
    /// took; 0 = all at once.
    pub duration_minutes: i64,
    /// `FinalBakeTimeInMinutes`: how long AppConfig watched the alarms after
    /// the rollout, ready to roll back; 0 = not at all.
    pub final_bake_minutes: i64,
    /// `State`: `BAKING`, `VALIDATING`, `DEPLOYING`, `COMPLETE`,
    /// `ROLLING_BACK`, `ROLLED_BACK`, `REVERTED`.
    pub state: String,
    /// `StartedAt`; absent when not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<Utc>>,
}
