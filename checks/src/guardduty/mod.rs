//! Checks of the guardduty service.

use crate::engine::Check;

pub const CHECKS: &[&Check] = &[];
