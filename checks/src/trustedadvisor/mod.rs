//! Checks of AWS Trusted Advisor.

use crate::engine::Check;

mod monitoring;

pub const CHECKS: &[&Check] = &[&monitoring::CHECK];
