//! Checks of the AWS Config service.

use crate::engine::Check;

mod aggregator;
mod recorder_enabled;
mod remediation;
mod rules_healthy;

pub const CHECKS: &[&Check] = &[
    &recorder_enabled::CHECK,
    &rules_healthy::CHECK,
    &remediation::CHECK,
    &aggregator::CHECK,
];
