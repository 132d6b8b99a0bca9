//! CloudWatch: metric and composite alarms (`DescribeAlarms`); a composite
//! alarm has no `namespace` or `metric_name`.

use super::{merge, resource, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

/// What checks can read of the section, one per call (see [`crate::data`]).
/// `DescribeAlarms`: metric alarms, their actions and state.
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
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_name: Option<String>,
    pub actions_enabled: bool,
    /// ARNs of the alarm actions (SNS topics, Auto Scaling, SSM, EC2 actions).
    #[serde(default)]
    pub alarm_actions: Vec<String>,
    /// `OK`, `ALARM` or `INSUFFICIENT_DATA`.
    pub state_value: String,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Alarm, tags);
