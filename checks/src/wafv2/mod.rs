//! Checks of the wafv2 service.

use crate::engine::Check;

pub const CHECKS: &[&Check] = &[];
