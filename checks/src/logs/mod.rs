//! Checks of the logs service (CloudWatch Logs).

use crate::engine::Check;

mod group_kms;
mod retention;
mod scope;

pub const CHECKS: &[&Check] = &[&retention::CHECK, &group_kms::CHECK];
