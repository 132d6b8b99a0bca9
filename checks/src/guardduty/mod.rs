//! Checks of the guardduty service.

use crate::engine::Check;

mod enabled;

pub const CHECKS: &[&Check] = &[&enabled::CHECK];
