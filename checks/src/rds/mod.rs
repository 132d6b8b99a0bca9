//! Checks of the rds service.

use crate::engine::Check;

pub const CHECKS: &[&Check] = &[];
