//! Checks of the cloudwatch service.

use crate::engine::Check;

mod agent_deployed;
mod alarm_actions;
mod alarm_rule;
mod cross_account_observability;
mod synthetics_canaries;

pub const CHECKS: &[&Check] = &[
    &agent_deployed::CHECK,
    &alarm_actions::CHECK,
    &cross_account_observability::CHECK,
    &synthetics_canaries::CHECK,
];
