//! Checks of the cloudtrail service.

use crate::engine::Check;

pub const CHECKS: &[&Check] = &[];
