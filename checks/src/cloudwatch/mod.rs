//! Checks of the cloudwatch service.

use crate::engine::Check;

mod agent_deployed;
mod alarm_actions;
mod alarm_rule;

pub const CHECKS: &[&Check] = &[&alarm_actions::CHECK, &agent_deployed::CHECK];
