//! Checks of the codecommit service.

use crate::engine::Check;

mod approval_rules;
mod eventbridge_monitoring;
mod iam_guardrails;

pub const CHECKS: &[&Check] = &[
    &approval_rules::CHECK,
    &eventbridge_monitoring::CHECK,
    &iam_guardrails::CHECK,
];
