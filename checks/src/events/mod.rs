//! Checks of the events (EventBridge) service.

use crate::engine::Check;

mod bus_policy_scoped;
mod cicd_failure_notifications;

pub const CHECKS: &[&Check] = &[
    &bus_policy_scoped::CHECK,
    &cicd_failure_notifications::CHECK,
];
