//! Checks of the logs service (CloudWatch Logs).

use crate::engine::Check;

mod central_subscription;
mod group_kms;
mod retention;
mod scope;

pub const CHECKS: &[&Check] = &[
    &retention::CHECK,
    &group_kms::CHECK,
    &central_subscription::CHECK,
];
