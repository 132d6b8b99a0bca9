//! Checks of the iam service.

use crate::engine::Check;

pub const CHECKS: &[&Check] = &[];
