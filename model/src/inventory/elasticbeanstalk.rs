//! AWS Elastic Beanstalk, per region: environments (not terminated), the
//! option settings that say how they deploy and scale, and their tags.

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeEnvironments` (paged, deleted ones left out): the environments.
pub const ENVIRONMENTS: Data = Data::listing("elasticbeanstalk");
/// `DescribeConfigurationSettings`: each environment's deployment, type and
/// scaling option settings.
pub const SETTINGS: Data = Data::part("elasticbeanstalk", "environments.settings");
/// `ListTagsForResource`: each environment's tags.
pub const ENVIRONMENT_TAGS: Data = Data::part("elasticbeanstalk", "environments.tags");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[ENVIRONMENTS, SETTINGS, ENVIRONMENT_TAGS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElasticBeanstalk {
    #[serde(default)]
    pub environments: Vec<Environment>,
}
merge!(ElasticBeanstalk { environments });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `EnvironmentName`.
    pub name: String,
    /// `EnvironmentId` (`e-…`).
    pub id: String,
    /// `ApplicationName`.
    pub application_name: String,
    /// `Status`: `Launching`, `Updating`, `Ready`, `Terminating`,
    /// `Terminated`, `Aborting`, `LinkingFrom`, `LinkingTo`.
    pub status: String,
    /// `Tier.Name`: `WebServer` or `Worker`.
    pub tier: String,
    /// `DescribeConfigurationSettings` `OptionSettings` of the namespaces
    /// kept (`aws:elasticbeanstalk:command`,
    /// `aws:elasticbeanstalk:environment`, `aws:autoscaling:asg`); absent =
    /// no configuration was returned.
    #[serde(default)]
    pub settings: Collected<Vec<OptionSetting>>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Environment, tags in ENVIRONMENT_TAGS);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionSetting {
    /// `Namespace` (`aws:elasticbeanstalk:command`).
    pub namespace: String,
    /// `OptionName` (`DeploymentPolicy`).
    pub option_name: String,
    /// `Value`; absent when the option has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}
