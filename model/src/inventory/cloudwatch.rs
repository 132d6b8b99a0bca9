//! CloudWatch: metric and composite alarms (`DescribeAlarms`); a composite
//! alarm has no `namespace` or `metric_name` but a rule.

use super::{merge, resource, Tags};
use crate::data::Data;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeAlarms`: metric and composite alarms, their actions and state.
pub const ALARMS: Data = Data::listing("cloudwatch");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[ALARMS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudWatch {
    #[serde(default)]
    pub alarms: Vec<Alarm>,
}
merge!(CloudWatch { alarms });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alarm {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// CodeDeploy refers to alarms by name, in the group's region.
    pub name: String,
    /// The namespace of the metric watched (metric filters publish to it);
    /// absent on composite alarms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The metric watched (metric filters publish to it); absent on
    /// composite alarms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_name: Option<String>,
    /// The metric's dimensions (`ProjectName` of a CodeBuild metric);
    /// empty = the metric aggregated over all of them.
    #[serde(default)]
    pub dimensions: Vec<Dimension>,
    /// `AlarmRule` of a composite alarm (`ALARM("a") OR ALARM("b")`); absent
    /// on metric alarms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_rule: Option<String>,
    pub actions_enabled: bool,
    /// ARNs of the alarm actions: SNS topics (looked up in `sns`), Auto
    /// Scaling, SSM or EC2 actions.
    #[serde(default)]
    pub alarm_actions: Vec<String>,
    /// `OK`, `ALARM` or `INSUFFICIENT_DATA`.
    pub state_value: String,
    /// `StateUpdatedTimestamp`: when the alarm entered its state; absent
    /// when not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_updated: Option<DateTime<Utc>>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Alarm, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub name: String,
    pub value: String,
}

impl Alarm {
    /// The value of the metric dimension `name`, if the alarm has it.
    pub fn dimension(&self, name: &str) -> Option<&str> {
        self.dimensions
            .iter()
            .find(|d| d.name == name)
            .map(|d| d.value.as_str())
    }
}
