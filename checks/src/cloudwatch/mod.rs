//! Checks of the cloudwatch service.

use crate::engine::Check;

mod alarm_actions;
mod alarm_rule;

pub const CHECKS: &[&Check] = &[&alarm_actions::CHECK];
